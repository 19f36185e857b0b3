/**
 * Runs every decision vector against an engine and lists each disagreement. Runtime-neutral:
 * the same runner runs under Node (vitest), Deno and Bun.
 * @module
 */
import type { DecisionCase, DecisionExpected, DecisionInput, DecisionVectorFile, ExpectedAssignment } from "./decision-vector-types.ts";
import { errorText } from "./error-text.ts";
import { FixedFeedbackStats, type FeedbackStatsLike } from "./fixed-feedback-stats.ts";
import { jsonEqual } from "./json-equal.ts";

/** The request a case hands the engine, shaped like @strata/engine's `DecideRequest`. */
export interface DecisionRequestLike {
  /** Unit ids by unit type. */
  readonly units: Readonly<Record<string, string | number | null>>;
  /** Request attributes. */
  readonly attributes?: Readonly<Record<string, unknown>>;
  /** Groups forced for this request, by experiment id. */
  readonly forced?: Readonly<Record<string, string>>;
}

/** An assignment as @strata/engine lists it (fields beyond these are not compared). */
export interface AssignmentLike {
  /** The layer id. */
  readonly layer: string;
  /** The experiment id. */
  readonly experiment: string;
  /** The group id. */
  readonly group: string;
  /** The diversion: a unit type or `<unit>@day`. */
  readonly unitType: string;
  /** The unit's bucket in the layer. */
  readonly bucket: number;
  /** Why the unit is in the group. */
  readonly source: string;
}

/** The part of a decision the vectors pin. */
export interface DecisionLike {
  /** Every parameter's value. */
  readonly params: Readonly<Record<string, unknown>>;
  /** The experiments the unit is in, in evaluation order. */
  readonly assignments: readonly AssignmentLike[];
}

/** An engine as @strata/engine's `Engine` is: `decide`, and `explain` giving the same decision. */
export interface DecisionEngineLike {
  /** Decides every layer for the request. */
  decide(request: DecisionRequestLike): DecisionLike;
  /** The decision plus why; its `decision` must equal `decide`'s. */
  explain(request: DecisionRequestLike): { readonly decision: DecisionLike };
}

/** The options the runner creates each suite's engine with. */
export interface DecisionEngineOptions {
  /** The clock: the time of the case being decided, in ms since the epoch. */
  readonly now: () => number;
  /** The suite's fixed bandit statistics. */
  readonly stores: { readonly feedback: FeedbackStatsLike };
}

/** Creates an engine for a config, as @strata/engine's `createEngine` does. */
export type CreateDecisionEngine = (config: unknown, options: DecisionEngineOptions) => DecisionEngineLike;

/** One disagreement between a decision vector and the engine. */
export interface DecisionMismatch {
  /** The suite of the case. */
  suite: string;
  /** The case's name. */
  name: string;
  /** What disagreed, e.g. `decide(request).assignments`. */
  check: string;
  /** What the vector says. */
  expected: unknown;
  /** What the engine gave (or `threw: <message>`). */
  actual: unknown;
}

/** What a run compared and where it disagreed; JSON-serialisable, so runtimes print it as it is. */
export interface DecisionRunReport {
  /** The vectors' specVersion. */
  specVersion: string;
  /** How many cases were compared: every case of the file. */
  cases: number;
  /** How many cases were compared, by suite name. */
  casesBySuite: Record<string, number>;
  /** How many comparisons were made: per case its `now`, then assignments and params through `decide` and through `explain`. */
  checks: number;
  /** Every disagreement; empty when the engine conforms. */
  mismatches: DecisionMismatch[];
}

/** The pinned fields of an engine's assignments, in its order. */
function pinnedAssignments(assignments: readonly AssignmentLike[]): ExpectedAssignment[] {
  return Array.from(assignments, ({ layer, experiment, group, unitType, bucket, source }) => ({ layer, experiment, group, unitType, bucket, source }) as ExpectedAssignment);
}

/** The case's time in ms since the epoch; throws for anything but an RFC 3339 UTC timestamp. */
function timeOf(now: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/.test(now) ? Date.parse(now) : Number.NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`input.now must be a UTC timestamp such as 2025-03-15T12:00:00.000Z (got ${JSON.stringify(now)})`);
  return ms;
}

/** The request of a case: its units, and its attributes and forced groups when it has them. */
function requestOf(input: DecisionInput): DecisionRequestLike {
  return {
    units: input.units,
    ...(input.attributes === undefined ? {} : { attributes: input.attributes }),
    ...(input.forced === undefined ? {} : { forced: input.forced }),
  };
}

/**
 * Runs every case of `vectors` against engines made by `createEngine` (one per suite, its clock
 * set to each case's `now`, its bandits reading the suite's fixed counts) and returns the report.
 * Each case is checked through `decide` and through `explain(request).decision`. Never throws for
 * a bad case or a throwing engine: it reports them.
 */
export function runDecisionVectors(vectors: DecisionVectorFile, createEngine: CreateDecisionEngine): DecisionRunReport {
  const mismatches: DecisionMismatch[] = [];
  const casesBySuite: Record<string, number> = {};
  let checks = 0;
  let cases = 0;

  for (const suite of vectors.suites) {
    casesBySuite[suite.name] = 0;
    let now = Number.NaN;
    let engine: DecisionEngineLike | undefined;
    let setupError = "";
    try {
      engine = createEngine(suite.config, { now: () => now, stores: { feedback: new FixedFeedbackStats(suite.feedback) } });
    } catch (error) {
      setupError = errorText(error);
    }

    /** Compares one part of a decision with the vector, recording a mismatch (or the error thrown) when they differ. */
    const compare = (name: string, check: string, expected: unknown, actual: () => unknown): void => {
      checks++;
      let value: unknown;
      try {
        value = actual();
      } catch (error) {
        mismatches.push({ suite: suite.name, name, check, expected, actual: errorText(error) });
        return;
      }
      if (!jsonEqual(value, expected)) mismatches.push({ suite: suite.name, name, check, expected, actual: value });
    };

    /** Checks a decision's assignments and params, obtained by `decision()` once. */
    const compareDecision = ({ name, expected }: DecisionCase, via: string, decision: () => DecisionLike): void => {
      let decided: DecisionLike | undefined;
      let failure = "";
      try {
        decided = decision();
      } catch (error) {
        failure = errorText(error);
      }
      const part = (field: keyof DecisionExpected, read: (d: DecisionLike) => unknown) =>
        compare(name, `${via}.${field}`, expected[field], () => {
          if (decided === undefined) throw new Error(`${via} ${failure}`);
          return read(decided);
        });
      part("assignments", (d) => pinnedAssignments(d.assignments));
      part("params", (d) => d.params);
    };

    for (const vector of suite.cases) {
      cases++;
      casesBySuite[suite.name] = (casesBySuite[suite.name] ?? 0) + 1;
      if (engine === undefined) {
        compare(vector.name, "createEngine(config, options)", "an engine", () => setupError);
        continue;
      }
      const ready = engine;
      let request: DecisionRequestLike | undefined;
      compare(vector.name, "input.now", vector.input.now, () => {
        now = timeOf(vector.input.now);
        request = requestOf(vector.input);
        return vector.input.now;
      });
      if (request === undefined) continue;
      const asked = request;
      compareDecision(vector, "decide(request)", () => ready.decide(asked));
      compareDecision(vector, "explain(request).decision", () => ready.explain(asked).decision);
    }
  }

  return { specVersion: vectors.specVersion, cases, casesBySuite, checks, mismatches };
}
