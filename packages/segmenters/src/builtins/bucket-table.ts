/**
 * A precomputed bucket → group table over the 10,000 segmenter buckets, so `assign` is one
 * hash and one array read.
 * @module
 */
import { SEGMENTER_BUCKETS } from "../context.ts";

/** Half-open bucket ranges `[start, end)` over the segmenter's 10,000 buckets. */
export type BucketRanges = readonly (readonly [start: number, end: number])[];

/** Maps each bucket to the index of the group that owns it, or -1. */
export interface BucketTable {
  /** The group index that owns `bucket`, or -1 (also for any bucket outside [0, 10000)). */
  groupAt(bucket: number): number;
}

/** Builds the table from each group's ranges (ranges must be disjoint; later groups would win). */
export function bucketTable(rangesByGroup: readonly BucketRanges[]): BucketTable {
  // Entries hold index + 1 so that 0, the fill value, means "no group".
  const table = rangesByGroup.length < 255 ? new Uint8Array(SEGMENTER_BUCKETS) : new Uint16Array(SEGMENTER_BUCKETS);
  rangesByGroup.forEach((ranges, index) => {
    for (const [start, end] of ranges) table.fill(index + 1, start, end);
  });
  return { groupAt: (bucket) => (table[bucket] ?? 0) - 1 };
}
