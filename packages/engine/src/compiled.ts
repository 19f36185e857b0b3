/**
 * The compiled decision structure: what `compileConfig` builds once and `evaluate` walks per request.
 * @module
 */
import type { ConditionPredicate, ParamValue } from "@strata/config";
import type { PreparedSalt, UnitHasher } from "@strata/hash";
import type { Segmenter } from "@strata/segmenters";

/** A group with its parameter overrides as (param index, value) pairs. */
export interface CompiledGroup {
  /** The group id. */
  readonly id: string;
  /** Parameter index, value, parameter index, value, … */
  readonly overrides: readonly (number | ParamValue)[];
}

/** An experiment ready to evaluate. */
export interface CompiledExperiment {
  /** The experiment id. */
  readonly id: string;
  /** The diversion index (see `Diversions`). */
  readonly diversion: number;
  /** The diversion's name: a unit type, `<unit>@day` or `random`. */
  readonly diversionName: string;
  /** The status, kept for explanations. */
  readonly status: string;
  /** Schedule bounds in ms (−Infinity / +Infinity when open). */
  readonly start: number;
  readonly end: number;
  /** True when the experiment has a schedule (the only time the engine must read the clock). */
  readonly scheduled: boolean;
  /** Targeting, or null when the experiment has none. */
  readonly conditions: ConditionPredicate | null;
  /** The segmenter. */
  readonly segmenter: Segmenter;
  /** Groups by id. */
  readonly groups: ReadonlyMap<string, CompiledGroup>;
  /** The group ids, for a membership check cheaper than a map lookup. */
  readonly groupIds: readonly string[];
  /** The experiment's salt, encoded once (for the segmenter's `groupAt` fast path). */
  readonly salt: PreparedSalt;
  /** The segmenter's fast path from the experiment-hash bucket to a group, or null. */
  readonly groupAt: ((bucket: number) => string | null) | null;
  /** The allow-list: group by unit id. */
  readonly allowList: ReadonlyMap<string, string> | null;
  /** True when new assignments should be persisted. */
  readonly sticky: boolean;
  /** The indices of the parameters its layer owns (reading one exposes the unit, in every group). */
  readonly layerParams: readonly number[];
}

/** A slot of a layer: an experiment or a nested domain. */
export interface CompiledSlot {
  /** The slot's index in the layer's config. */
  readonly index: number;
  /** The experiment, if the slot holds one. */
  readonly experiment: CompiledExperiment | null;
  /** The nested domain, if the slot holds one. */
  readonly domain: CompiledDomain | null;
}

/**
 * A way into a layer that a forced group or an allow-list takes ahead of the layer's buckets:
 * one experiment slot, or one nested-domain slot with every experiment below it.
 */
export interface CompiledOverrideRoute {
  /** The experiment, if the slot holds one. */
  readonly experiment: CompiledExperiment | null;
  /** The nested domain, if the slot holds one. */
  readonly domain: CompiledDomain | null;
  /** The experiments a request can force through this route (the experiment, or all those below the domain). */
  readonly experiments: readonly CompiledExperiment[];
}

/** A layer ready to evaluate. */
export interface CompiledLayer {
  /** The layer id. */
  readonly id: string;
  /** True for launch layers. */
  readonly launch: boolean;
  /** The layer's bucket count. */
  readonly buckets: number;
  /** The layer salt, encoded once. */
  readonly salt: PreparedSalt;
  /** Bucket → cell index (−1: empty). */
  readonly table: Int32Array;
  /** Cells: the slots sharing a bucket (one, or several with provably disjoint conditions). */
  readonly cells: readonly (readonly CompiledSlot[])[];
  /** The diversions tried, in priority order. */
  readonly diversions: readonly number[];
  /** Its slots in config order, for forced groups and allow-lists (they win the layer whatever its bucket). */
  readonly routes: readonly CompiledOverrideRoute[];
  /** True when an experiment in the layer, or below it, has an allow-list (every request then checks the routes). */
  readonly allowListed: boolean;
}

/** A domain: launch layers then normal layers (none: a holdout). */
export interface CompiledDomain {
  /** The domain id. */
  readonly id: string;
  /** Launch layers first, then normal layers. */
  readonly layers: readonly CompiledLayer[];
  /** True when the domain has no layers. */
  readonly holdout: boolean;
}

/** The diversions of a config: each unit type, then each `<unit>@day`, then `random`. */
export interface Diversions {
  /** Unit types in priority order. */
  readonly units: readonly string[];
  /** All diversion names by index. */
  readonly names: readonly string[];
  /** The index of `random`. */
  readonly random: number;
}

/** A whole compiled config. */
export interface CompiledConfig {
  /** Diversions by index. */
  readonly diversions: Diversions;
  /** Parameter names by index. */
  readonly paramNames: readonly string[];
  /** Parameter index by name. */
  readonly paramIndex: ReadonlyMap<string, number>;
  /** Default values by parameter index. */
  readonly defaults: readonly ParamValue[];
  /** The root domain. */
  readonly root: CompiledDomain;
  /** Experiments by id. */
  readonly experiments: ReadonlyMap<string, CompiledExperiment>;
  /** True when some experiment diverts on `<unit>@day`. */
  readonly usesDay: boolean;
  /** True when some experiment diverts on `random`. */
  readonly usesRandom: boolean;
  /** The hasher shared by this config's layers and segmenters (decisions are synchronous). */
  readonly hasher: UnitHasher;
  /** The id the hasher currently holds (so a segmenter hashing the same unit does not re-encode it). */
  current: { unit: string | undefined };
}
