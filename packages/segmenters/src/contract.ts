/**
 * The segmenter plugin contract: what a segmenter factory receives and what it returns.
 * These types are all a plugin author needs; `defineSegmenter` adds type inference on top.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { FeedbackStats } from "./feedback-stats.ts";

/** What a factory's `create` receives besides its options: the experiment, the hash and the stores. */
export interface SegmenterContext {
  /** The id of the experiment the segmenter serves (errors name it). */
  readonly experimentId: string;
  /** The experiment's salt. */
  readonly salt: string;
  /** The unit's bucket in [0, 10000) of the experiment's own hash: strata/v1 over `unit:salt`. */
  readonly hash: (unit: string) => number;
  /** strata/v1 bucket for any salt and bucket count (for plugins needing extra independent draws). */
  readonly bucket: (unit: string, salt: string, buckets: number) => number;
  /** The stores the plugin may use; each is optional. */
  readonly stores: SegmenterStores;
}

/** The stores a segmenter may use, each optional. */
export interface SegmenterStores {
  /** Per-arm trial and success counts, for segmenters that learn from conversions. */
  readonly feedback?: FeedbackStats;
}

/** What `assign` receives about the request. */
export interface AssignContext {
  /** Request attributes (may be empty). */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** The request time in milliseconds since the epoch. */
  readonly now: number;
  /** True when the caller only looks (explain, a conversion's lookup): record nothing, such as a bandit trial. */
  readonly dryRun?: boolean;
}

/** A conversion reported for a unit (a success for conversion-feedback segmenters). */
export interface Conversion {
  /** An optional value (revenue, count); the built-in feedback segmenter ignores it. */
  readonly value?: number;
  /** When it happened, in milliseconds since the epoch. */
  readonly at?: number;
  /** The conversion's name, such as "checkout". */
  readonly name?: string;
}

/** A segmenter: decides which registered group of one experiment a unit is in. */
export interface Segmenter {
  /** The ids of every group this segmenter can return. */
  readonly groups: readonly string[];
  /** The unit's group, or null when the unit is not in the experiment; must never throw for any string unit. */
  assign(unit: string, ctx: AssignContext): string | null;
  /**
   * Records that `unit` was given `group` for the first time (a bandit's trial). When a segmenter
   * has it, the engine asks `assign` with `dryRun: true` and calls `trial` once the assignment
   * stands: at once for a plain decision, after the assignment store kept the group for one made
   * with a store, so that two servers drawing for one unit at once count one trial.
   */
  trial?(unit: string, group: string): void;
  /** Reports a conversion of `unit` in `group` (segmenters that learn from feedback). */
  convert?(unit: string, group: string, conversion: Conversion): void;
  /** Expected share of new units per group (fractions summing to <= 1; the rest is null), for testSegmenter and simulations. */
  readonly expectedShares?: Readonly<Record<string, number>>;
  /** True when the unit should keep its first group (the engine persists it in the assignment store). */
  readonly sticky?: boolean;
  /**
   * Optional fast path for segmenters whose group depends only on the experiment's hash: the
   * group for a bucket in [0, 10000) of `ctx.hash(unit)`. When given, `assign(unit, ctx)` must
   * equal `groupAt(ctx.hash(unit))` for every unit and every request (`testSegmenter` checks it);
   * the engine then hashes the unit itself, without a call through the context. A built-in's
   * `groupAt` serves only next to its own `assign`: see `fastPathOf`.
   */
  readonly groupAt?: (bucket: number) => string | null;
}

/** A segmenter factory: a `type` name, a Standard Schema for its options, and `create`. */
export interface SegmenterFactory<Options = unknown> {
  /** The name used in the config's `"segmenter": { "type": ... }`, such as "percentage". */
  readonly type: string;
  /** Validates the raw options; any Standard Schema (zod, valibot, arktype, or hand-written) fits. */
  readonly options: StandardSchemaV1<unknown, Options>;
  /** Verifies the validated options and returns the segmenter; throws SegmenterOptionsError. */
  create(options: Options, ctx: SegmenterContext): Segmenter;
}
