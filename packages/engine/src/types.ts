/**
 * The engine's public request, decision and explanation types.
 * @module
 */
import type { ParamValue, StrataConfig } from "@strata/config";
import type { Conversion, FeedbackStats, SegmenterFactory } from "@strata/segmenters";
import type { AssignmentStore } from "./assignment-store.ts";

/** Unit ids of a request by unit type, e.g. `{ userId: "u-42", cookieId: "c-9" }`. */
export type Units = Readonly<Record<string, string | number | undefined | null>>;

/** Stored (sticky) assignments loaded before a decision: group id by experiment id. */
export type StoredAssignments = Readonly<Record<string, string>>;

/** A request to decide. */
export interface DecideRequest {
  /** Unit ids by unit type. */
  readonly units: Units;
  /** Request attributes for targeting conditions. */
  readonly attributes?: Readonly<Record<string, unknown>>;
  /** Groups forced for this request (QA overrides), by experiment id. */
  readonly forced?: Readonly<Record<string, string>>;
  /** The stored assignments snapshot (from `store.load(units)`). */
  readonly stored?: StoredAssignments;
  /** Why no stored snapshot could be loaded (shown by `explain`), e.g. "store unavailable: ECONNREFUSED"; sticky bandits then leave the unit out. */
  readonly storeError?: string;
}

/** How a unit came to be in a group. */
export type AssignmentSource = "forced" | "allow-list" | "stored" | "segmenter";

/** One experiment a unit is in. */
export interface Assignment {
  /** The layer id. */
  readonly layer: string;
  /** True for launch layers. */
  readonly launch: boolean;
  /** The experiment id. */
  readonly experiment: string;
  /** The group id. */
  readonly group: string;
  /** The diversion that placed the unit: a unit type, `<unit>@day` or `random`. */
  readonly unitType: string;
  /** The id that was hashed (the unit, the unit with the day, or the random id). */
  readonly unit: string;
  /** The unit's bucket in the layer. */
  readonly bucket: number;
  /** Why the unit is in this group. */
  readonly source: AssignmentSource;
}

/** An assignment to persist after a decision (sticky experiments). */
export interface NewAssignment {
  /** The experiment id. */
  readonly experiment: string;
  /** The group id. */
  readonly group: string;
  /** The unit type the experiment diverts on. */
  readonly unitType: string;
  /** The unit id. */
  readonly unit: string;
  /**
   * The stored group this assignment replaces because the experiment no longer has it; a store
   * writes the new group only while the unit's stored group is still this one (or none).
   * Absent for a first assignment, which never overwrites a stored group.
   */
  readonly replaces?: string;
}

/** What `onExposure` receives when a unit is exposed to an experiment's group. */
export interface ExposureEvent {
  /** The experiment id. */
  readonly experiment: string;
  /** The group id. */
  readonly group: string;
  /** The layer id. */
  readonly layer: string;
  /** The diversion unit type. */
  readonly unitType: string;
  /** The unit id. */
  readonly unit: string;
  /** The parameter whose read caused the exposure (absent for eager exposure). */
  readonly param?: string;
  /** When, in milliseconds since the epoch. */
  readonly at: number;
}

/** The outcome of `decide`. */
export interface Decision {
  /** Every parameter's value: defaults ← launch layers ← experiments. */
  readonly params: Readonly<Record<string, ParamValue>>;
  /** The experiments the unit is in, one per layer at most. */
  readonly assignments: readonly Assignment[];
  /** Assignments of sticky experiments to persist (empty when nothing is new). */
  readonly toPersist: readonly NewAssignment[];
  /** Problems met while deciding (odd units, throwing plugins); the decision fell back to defaults there. */
  readonly errors: readonly string[];
  /** A parameter's value; reports the exposure of the experiment that set it (once per decision). */
  get(param: string): ParamValue | undefined;
}

/** Why a unit is or is not in an experiment. */
export type ExperimentOutcome =
  | "in"
  | "status"
  | "schedule"
  | "conditions"
  | "segmenter-null"
  | "segmenter-error"
  | "other-diversion"
  | "stored-group-missing"
  | "store-unavailable"
  | "forced-ignored";

/** The explanation of one experiment candidate in a layer. */
export interface ExplainedExperiment {
  /** The experiment id. */
  readonly experiment: string;
  /** The experiment's diversion. */
  readonly unitType: string;
  /** In or the reason it is out. */
  readonly outcome: ExperimentOutcome;
  /** The group, when in. */
  readonly group?: string;
  /** How the group was chosen, when in. */
  readonly source?: AssignmentSource;
  /** A sentence saying why. */
  readonly reason: string;
}

/** The explanation of one layer. */
export interface ExplainedLayer {
  /** The layer id. */
  readonly layer: string;
  /** The domain holding the layer. */
  readonly domain: string;
  /** True for launch layers. */
  readonly launch: boolean;
  /** The bucket under each diversion tried, in order. */
  readonly buckets: ReadonlyArray<{ readonly unitType: string; readonly unit?: string; readonly bucket?: number; readonly slot?: number; readonly reason?: string }>;
  /** The experiments considered. */
  readonly experiments: readonly ExplainedExperiment[];
  /** The nested domain entered from this layer, if any. */
  readonly domainEntered?: string;
  /** True when the domain entered is a holdout (defaults below it). */
  readonly holdout?: boolean;
  /** Set when forced groups or allow-lists, not the layer's buckets, decided the layer (a domain entered for them, or defaults inside such a domain): says how. */
  readonly override?: string;
  /** The winning assignment, if any. */
  readonly assignment?: Assignment;
}

/** The outcome of `explain`: the decision and, per layer reached, why. */
export interface Explanation {
  /** The decision the same request gets. */
  readonly decision: Omit<Decision, "get">;
  /** Every layer reached, in evaluation order. */
  readonly layers: readonly ExplainedLayer[];
  /** Request-level notes: missing or odd units, a store that could not be read. */
  readonly notes: readonly string[];
}

/** Options of `createEngine`. */
export interface EngineOptions {
  /** Third-party segmenter factories, in addition to the built-ins. */
  readonly segmenters?: readonly SegmenterFactory[];
  /** Stores for sticky assignments and bandit statistics. */
  readonly stores?: { readonly assignments?: AssignmentStore; readonly feedback?: FeedbackStats };
  /** Receives exposures. */
  readonly onExposure?: (event: ExposureEvent) => void;
  /** `lazy` (default): report an exposure when `get` reads a parameter; `eager`: report every assignment at decide. */
  readonly exposure?: "lazy" | "eager";
  /** Receives errors from stores, plugins and sinks (decisions go on). */
  readonly onError?: (error: unknown, context: string) => void;
  /** The clock, in milliseconds since the epoch (for schedules and `@day` diversion); if it throws or gives no finite time, scheduled experiments do not run and `errors` says why. */
  readonly now?: () => number;
  /** Random ids for `random` diversion; defaults to crypto.getRandomValues. */
  readonly random?: () => number;
}

/** The result of `engine.update`. */
export type UpdateResult = { readonly ok: true } | { readonly ok: false; readonly errors: readonly { pointer: string; message: string }[] };

/** What `engine.decideWithStore` tells its caller on the way. */
export interface DecideWithStoreObserver {
  /** Called with what the decision took from the store's load (per unit type: the groups of the unit types their experiments divert on), when it loaded. */
  readonly onLoad?: (snapshot: StoredAssignments) => void;
}

/** The result of `engine.convert`. */
export interface ConvertResult {
  /** True when a segmenter counted the conversion. */
  readonly ok: boolean;
  /** Why not, when not. */
  readonly reason?: string;
  /** The group the conversion was counted for. */
  readonly group?: string;
}

export type { Conversion, StrataConfig };
