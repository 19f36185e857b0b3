/**
 * Bucket → group lookup over the 10,000 segmenter buckets. A few ranges (the usual case: one per
 * group) are kept as sorted bounds and scanned, a handful of comparisons in a few bytes; many
 * ranges (a long-ramped rollout) fall back to a full table, one array read.
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

/** Up to this many ranges are scanned; more get a full table. */
const MAX_SCANNED_RANGES = 16;

/** Builds the lookup from each group's ranges (ranges must be disjoint; later groups would win). */
export function bucketTable(rangesByGroup: readonly BucketRanges[]): BucketTable {
  const segments: Array<[start: number, end: number, group: number]> = [];
  rangesByGroup.forEach((ranges, group) => {
    for (const [start, end] of ranges) if (end > start) segments.push([start, end, group]);
  });
  return segments.length <= MAX_SCANNED_RANGES ? scannedBounds(segments) : fullTable(rangesByGroup);
}

function scannedBounds(segments: Array<[number, number, number]>): BucketTable {
  segments.sort((a, b) => a[0] - b[0]);
  const starts = Int32Array.from(segments, (s) => s[0]);
  const ends = Int32Array.from(segments, (s) => s[1]);
  const groups = Int32Array.from(segments, (s) => s[2]);
  const count = segments.length;
  return {
    groupAt(bucket) {
      for (let i = 0; i < count; i++) {
        if (bucket < (starts[i] as number)) return -1;
        if (bucket < (ends[i] as number)) return groups[i] as number;
      }
      return -1;
    },
  };
}

function fullTable(rangesByGroup: readonly BucketRanges[]): BucketTable {
  // Entries hold index + 1 so that 0, the fill value, means "no group".
  const table = rangesByGroup.length < 255 ? new Uint8Array(SEGMENTER_BUCKETS) : new Uint16Array(SEGMENTER_BUCKETS);
  rangesByGroup.forEach((ranges, index) => {
    for (const [start, end] of ranges) table.fill(index + 1, start, end);
  });
  return { groupAt: (bucket) => (table[bucket] ?? 0) - 1 };
}
