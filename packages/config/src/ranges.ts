/**
 * Bucket range sets: sorted, disjoint, half-open `[start, end)` ranges, and the arithmetic the
 * rules, lint and the allocation control plane share (union, difference, free space).
 * @module
 */
import { DEFAULT_BUCKETS } from "./schema.ts";
import type { BucketRange, LayerConfig } from "./types.ts";

/** The size of a layer's bucket space: its `buckets`, or 1000. */
export function layerBuckets(layer: Pick<LayerConfig, "buckets">): number {
  return layer.buckets ?? DEFAULT_BUCKETS;
}

/** True for a range of two integers with `0 <= start < end`. */
export function isRange(value: unknown): value is BucketRange {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    Number.isInteger(value[0]) &&
    Number.isInteger(value[1]) &&
    (value[0] as number) >= 0 &&
    (value[0] as number) < (value[1] as number)
  );
}

/** Sorts and merges ranges into a disjoint set (touching ranges merge). */
export function normalizeRanges(ranges: readonly BucketRange[]): BucketRange[] {
  const sorted = ranges.filter((r) => r[0] < r[1]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

/** The number of buckets in the ranges (overlaps counted once). */
export function countBuckets(ranges: readonly BucketRange[]): number {
  return normalizeRanges(ranges).reduce((sum, [start, end]) => sum + end - start, 0);
}

/** The buckets of the ranges inside a layer of `buckets` buckets, counted once (an invalid config's ranges may run past it). */
export function countBucketsWithin(ranges: readonly BucketRange[], buckets: number): number {
  return countBuckets(intersectRanges(ranges, [[0, buckets]]));
}

/** `a` minus `b`, as a normalized set. */
export function subtractRanges(a: readonly BucketRange[], b: readonly BucketRange[]): BucketRange[] {
  const minus = normalizeRanges(b);
  const out: BucketRange[] = [];
  for (const [start, end] of normalizeRanges(a)) {
    let cursor = start;
    for (const [s, e] of minus) {
      if (e <= cursor || s >= end) continue;
      if (s > cursor) out.push([cursor, s]);
      cursor = Math.max(cursor, e);
      if (cursor >= end) break;
    }
    if (cursor < end) out.push([cursor, end]);
  }
  return out;
}

/** The overlap of two range sets, normalized. */
export function intersectRanges(a: readonly BucketRange[], b: readonly BucketRange[]): BucketRange[] {
  const right = normalizeRanges(b);
  const out: BucketRange[] = [];
  for (const [start, end] of normalizeRanges(a)) {
    for (const [s, e] of right) {
      const lo = Math.max(start, s);
      const hi = Math.min(end, e);
      if (lo < hi) out.push([lo, hi]);
    }
  }
  return normalizeRanges(out);
}

/** The buckets of `[0, buckets)` no range covers. */
export function freeRanges(buckets: number, used: readonly BucketRange[]): BucketRange[] {
  return subtractRanges([[0, buckets]], used);
}

/** `[0, 100)` → `"[0, 100)"`; several ranges joined by commas. */
export function formatRanges(ranges: readonly BucketRange[]): string {
  return ranges.length === 0 ? "no buckets" : ranges.map(([start, end]) => `[${start}, ${end})`).join(", ");
}

/** A share of a bucket space as a percent with up to two decimals: 150 of 1000 → `"15%"`. */
export function percentOf(count: number, buckets: number): string {
  return `${Math.round((count / buckets) * 10_000) / 100}%`;
}
