/**
 * Where a rollout's groups sit in the 10,000 buckets: the layout derived from percents alone,
 * each group's growth direction, the free space between groups, and writing a layout back out
 * as options.
 * @module
 */
import { ALL_HUNDREDTHS } from "../options/checker.ts";
import type { RolloutGroup, RolloutOptions } from "./rollout.ts";

/** A mutable half-open bucket range `[start, end)`. */
export type BucketRange = [start: number, end: number];

/**
 * The layout used when no group lists `ranges`. With one or two groups it is ramp-safe: the first
 * group sits at the bottom `[0, p)` and the second at the top `[10000 - p, 10000)`. With three or
 * more groups, the groups follow each other from bucket 0 in the listed order.
 */
export function derivedLayout(sizes: readonly number[]): BucketRange[][] {
  if (sizes.length === 2) {
    const [bottom = 0, top = 0] = sizes;
    return [nonEmpty([0, bottom]), nonEmpty([ALL_HUNDREDTHS - top, ALL_HUNDREDTHS])];
  }
  let start = 0;
  return sizes.map((size) => {
    const range: BucketRange = [start, start + size];
    start += size;
    return nonEmpty(range);
  });
}

/** True when the group grows downward (takes the highest free buckets): the second of exactly two groups. */
export function growsDownward(index: number, groupCount: number): boolean {
  return groupCount === 2 && index === 1;
}

/** The number of buckets in `ranges`. */
export function rangesSize(ranges: readonly (readonly [number, number])[]): number {
  let size = 0;
  for (const [start, end] of ranges) size += end - start;
  return size;
}

/** The buckets no group holds, as ascending ranges. */
export function freeRanges(layout: readonly (readonly (readonly [number, number])[])[]): BucketRange[] {
  const taken = layout.flat().sort((a, b) => a[0] - b[0]);
  const free: BucketRange[] = [];
  let at = 0;
  for (const [start, end] of taken) {
    if (start > at) free.push([at, start]);
    at = Math.max(at, end);
  }
  if (at < ALL_HUNDREDTHS) free.push([at, ALL_HUNDREDTHS]);
  return free;
}

/**
 * Rollout options holding `layout` exactly. Options that had no ranges and still have at most two
 * groups stay without ranges when the derived layout is the same (it is ramp-safe); otherwise every
 * group gets explicit `ranges`, since a derived layout would move units.
 */
export function layoutOptions(ids: readonly string[], percents: readonly number[], layout: readonly BucketRange[][], explicit: boolean): RolloutOptions {
  const sizes = layout.map(rangesSize);
  const keepDerived = !explicit && ids.length <= 2 && JSON.stringify(layout) === JSON.stringify(derivedLayout(sizes));
  const groups = ids.map((id, i): RolloutGroup => {
    const percent = percents[i] ?? 0;
    return keepDerived ? { id, percent } : { id, percent, ranges: layout[i] ?? [] };
  });
  return { groups };
}

function nonEmpty(range: BucketRange): BucketRange[] {
  return range[1] > range[0] ? [range] : [];
}
