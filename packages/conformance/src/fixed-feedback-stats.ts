/**
 * Bandit statistics frozen at the counts a decision vector file gives, so every decision of a
 * suite reads the same snapshot, in any order, on any runtime.
 * @module
 */
import type { ArmCountsVector, FeedbackCountsVector } from "./decision-vector-types.ts";

/** The statistics store a `feedback` segmenter reads, shaped like @strata/segmenters' `FeedbackStats`. */
export interface FeedbackStatsLike {
  /** A synchronous snapshot of the experiment's counts by group. */
  read(experimentId: string): Readonly<Record<string, ArmCountsVector>>;
  /** Adds to one count. */
  increment(experimentId: string, group: string, field: "trials" | "successes", by?: number): void;
}

/** Snapshots have no prototype, so a group named like an Object.prototype member is a plain key. */
function snapshotOf(arms: Readonly<Record<string, ArmCountsVector>> | undefined): Readonly<Record<string, ArmCountsVector>> {
  const snapshot = Object.create(null) as Record<string, ArmCountsVector>;
  for (const [group, counts] of Object.entries(arms ?? {})) snapshot[group] = Object.freeze({ trials: counts.trials, successes: counts.successes });
  return Object.freeze(snapshot);
}

/** A `FeedbackStats` that always reads the counts it was built with; increments are counted in `ignoredIncrements` and change nothing. */
export class FixedFeedbackStats implements FeedbackStatsLike {
  /** How many increments the engine asked for (a decision counts a bandit trial); they never reach the snapshots. */
  ignoredIncrements = 0;
  private readonly snapshots = new Map<string, Readonly<Record<string, ArmCountsVector>>>();
  private readonly empty = snapshotOf(undefined);

  /** Freezes a copy of `counts` (experiment id → group id → counts). */
  constructor(counts: FeedbackCountsVector) {
    for (const [experimentId, arms] of Object.entries(counts)) this.snapshots.set(experimentId, snapshotOf(arms));
  }

  /** The fixed counts of the experiment (empty when the file gives none). */
  read(experimentId: string): Readonly<Record<string, ArmCountsVector>> {
    return this.snapshots.get(experimentId) ?? this.empty;
  }

  /** Ignored, so that the counts stay those of the file. */
  increment(_experimentId: string, _group: string, _field: "trials" | "successes", _by?: number): void {
    this.ignoredIncrements++;
  }
}
