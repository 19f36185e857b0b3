/**
 * The Strata config document: units, parameters with defaults, and the root domain of
 * layers, slots, experiments and nested domains (Google's Overlapping Experiment
 * Infrastructure).
 * @module
 */

/** A parameter value: any JSON value. */
export type ParamValue = string | number | boolean | null | readonly ParamValue[] | { readonly [key: string]: ParamValue };

/** A half-open bucket range `[start, end)` inside a layer's bucket space. */
export type BucketRange = readonly [start: number, end: number];

/** An experiment's lifecycle state; only `running` experiments take units. */
export type ExperimentStatus = "draft" | "running" | "paused" | "stopped";

/** A targeting condition over request attributes (a small Mongo-style language). */
export type Condition = { readonly [attributeOrOperator: string]: ConditionValue };

/** What an attribute or operator in a condition holds. */
export type ConditionValue = ParamValue | Condition | readonly Condition[];

/** When an experiment runs: ISO 8601 timestamps, either end optional. */
export interface Schedule {
  /** The first instant the experiment takes units. */
  readonly start?: string;
  /** The instant from which it no longer takes units. */
  readonly end?: string;
}

/** A segmenter reference: its registered `type` plus that segmenter's own options. */
export interface SegmenterConfig {
  /** The registered segmenter type, e.g. `percentage`, `fixed`, `rollout`, `feedback`. */
  readonly type: string;
  /** The segmenter's options, validated by its own schema. */
  readonly [option: string]: unknown;
}

/** One group (arm) of an experiment with the parameters it overrides. */
export interface GroupConfig {
  /** The group id, unique within the experiment. */
  readonly id: string;
  /** What the group changes, for people; ignored by the engine. */
  readonly description?: string;
  /** Parameter overrides; only parameters owned by the experiment's layer. */
  readonly params?: { readonly [param: string]: ParamValue };
}

/** An experiment in a layer slot. */
export interface ExperimentConfig {
  /** The experiment id, unique among the ids of domains, layers and experiments. */
  readonly id: string;
  /** What the experiment tests, for people; ignored by the engine. */
  readonly description?: string;
  /** The salt of the experiment's own hash; defaults to the id. Salts may not contain ":". */
  readonly salt?: string;
  /** Diversion: a unit type from `units`, `"<unit>@day"` or `"random"`; defaults to the first unit. */
  readonly unit?: string;
  /** Lifecycle state. */
  readonly status: ExperimentStatus;
  /** Optional start and end. */
  readonly schedule?: Schedule;
  /** Optional targeting over request attributes. */
  readonly conditions?: Condition;
  /** The groups and their parameter overrides. */
  readonly groups: readonly GroupConfig[];
  /** How units are split between groups. */
  readonly segmenter: SegmenterConfig;
  /** Allow-list: unit ids forced into a group, by group id. */
  readonly forced?: { readonly [group: string]: readonly string[] };
  /** Keep each unit's first group in the assignment store (sticky assignment). */
  readonly sticky?: boolean;
  /** When the experiment was stopped (ISO 8601), for the release cool-down of the control plane. */
  readonly stoppedAt?: string;
}

/** A slot of a layer: bucket ranges holding either an experiment or a nested domain. */
export interface SlotConfig {
  /** Disjoint half-open ranges of the layer's buckets. */
  readonly ranges: readonly BucketRange[];
  /** The experiment in this slot (exactly one of `experiment` and `domain`). */
  readonly experiment?: ExperimentConfig;
  /** The nested domain in this slot; a domain with no layers is a holdout. */
  readonly domain?: DomainConfig;
}

/** A layer: owns parameters and a bucket space divided into slots. */
export interface LayerConfig {
  /** The layer id, unique among the ids of domains, layers and experiments. */
  readonly id: string;
  /** What the layer is for, for people; ignored by the engine. */
  readonly description?: string;
  /** The salt of the layer's bucket hash; defaults to the id. */
  readonly salt?: string;
  /** A launch layer covers all traffic of its domain and sets alternative defaults. */
  readonly launch?: boolean;
  /** The size of the bucket space; default 1000. */
  readonly buckets?: number;
  /** The parameters this layer owns. */
  readonly params: readonly string[];
  /** The slots; disjoint unless their experiments' conditions are provably disjoint. */
  readonly slots: readonly SlotConfig[];
}

/** A domain: a segment of traffic holding layers (none: a holdout). */
export interface DomainConfig {
  /** The domain id, unique among the ids of domains, layers and experiments. */
  readonly id: string;
  /** What the domain is for, for people; ignored by the engine. */
  readonly description?: string;
  /** The layers of this domain, launch layers included. */
  readonly layers: readonly LayerConfig[];
}

/** The whole config document. */
export interface StrataConfig {
  /** Optional JSON Schema reference for editors. */
  readonly $schema?: string;
  /** The config format version. */
  readonly version: 1;
  /** Unit types in diversion priority order, e.g. `["userId", "cookieId"]`. */
  readonly units: readonly string[];
  /** Every parameter with its default value. */
  readonly params: { readonly [param: string]: ParamValue };
  /** The root domain: all traffic. */
  readonly domain: DomainConfig;
}
