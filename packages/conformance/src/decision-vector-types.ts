/**
 * The shape of the decision vector file, vectors/decision-vectors.json (its JSON Schema is
 * vectors/decision-vectors.schema.json).
 * @module
 */

/** The counts of one arm of a `feedback` bandit. */
export interface ArmCountsVector {
  /** Units assigned to the arm. */
  trials: number;
  /** Units of the arm that converted. */
  successes: number;
}

/** Fixed bandit statistics: experiment id → group id → counts. Every decision of the suite reads them; none changes them. */
export type FeedbackCountsVector = Record<string, Record<string, ArmCountsVector>>;

/** What a case asks: the request and the time it is decided at. */
export interface DecisionInput {
  /** Unit ids by unit type; a number is hashed as its decimal string, null or "" means no such unit. */
  units: Record<string, string | number | null>;
  /** Request attributes for the conditions. */
  attributes?: Record<string, unknown>;
  /** Groups forced for this request (QA overrides), by experiment id. */
  forced?: Record<string, string>;
  /** The request time, RFC 3339 in UTC with milliseconds (`2025-03-15T12:00:00.000Z`): the engine's clock for this case. */
  now: string;
}

/** One experiment the unit is in, as the decision lists it (in evaluation order). */
export interface ExpectedAssignment {
  /** The layer id. */
  layer: string;
  /** The experiment id. */
  experiment: string;
  /** The group id. */
  group: string;
  /** The diversion that placed the unit: a unit type or `<unit>@day`. */
  unitType: string;
  /** The unit's bucket in the layer. */
  bucket: number;
  /** Why the unit is in the group (the vectors hold no stored assignments). */
  source: "forced" | "allow-list" | "segmenter";
}

/** What the decision must be. */
export interface DecisionExpected {
  /** Every experiment the unit is in, one per layer at most, in evaluation order. */
  assignments: ExpectedAssignment[];
  /** Every parameter's value: defaults ← launch layers ← experiments. */
  params: Record<string, unknown>;
}

/** One case: a request, decided against its suite's config and statistics. */
export interface DecisionCase {
  /** Unique across the file; says what the case covers. */
  name: string;
  /** What goes in. */
  input: DecisionInput;
  /** What must come out. */
  expected: DecisionExpected;
}

/** A config, the bandit statistics it reads, and the cases decided against it. */
export interface DecisionSuite {
  /** Unique in the file. */
  name: string;
  /** What the suite covers. */
  description: string;
  /** A valid Strata config (the format of @strata/config). */
  config: Record<string, unknown>;
  /** The fixed counts of every `feedback` experiment of the config that has any. */
  feedback: FeedbackCountsVector;
  /** The cases. */
  cases: DecisionCase[];
}

/** The whole decision vector file. */
export interface DecisionVectorFile {
  /** The JSON Schema of the file, relative to it. */
  $schema?: string;
  /** The version of the vectors (semver); decision-vectors.CHANGELOG.md has an entry for each. */
  specVersion: string;
  /** What the file is. */
  description: string;
  /** The suites. */
  suites: DecisionSuite[];
}
