/**
 * Free space in a layer and how the control plane takes it: traffic percent → buckets, the
 * free ranges, and first fit (one contiguous range when one is big enough, else the free ranges
 * in bucket order).
 * @module
 */
import { countBuckets, formatRanges, freeRanges, isRange, layerBuckets, percentOf } from "../ranges.ts";
import type { BucketRange, LayerConfig } from "../types.ts";
import type { LayerSpace } from "./change.ts";

/** The buckets of `layer` that no slot covers. */
export function layerFree(layer: LayerConfig): BucketRange[] {
  const used = layer.slots.flatMap((slot) => slot.ranges.filter(isRange));
  return freeRanges(layerBuckets(layer), used);
}

/** Why a traffic share is not a number of buckets a slot can take. */
export interface ShareProblem {
  /** True when the share is less than one bucket (rather than a fraction of buckets). */
  readonly belowOneBucket: boolean;
  /** What is wrong and the nearest shares that are whole buckets, e.g. `… is 123.4 buckets — … — ask for 12.3% or 12.4%`. */
  readonly reason: string;
}

/** Shares are read to this many decimals of a percent: 33.3333333333% of 3 buckets is one bucket. */
const PERCENT_DECIMALS = 10;

/** `traffic` percent of `buckets` as a whole number of buckets, at least one; else why not. */
export function bucketsFor(traffic: number, buckets: number): number | ShareProblem {
  const exact = (traffic * buckets) / 100;
  const whole = Math.round(exact);
  const step = shareOf(1, buckets);
  if (Math.abs(exact - whole) > slack(buckets)) {
    const nearest = [...new Set([Math.floor(exact), Math.ceil(exact)].map((count) => Math.min(Math.max(count, 1), buckets)))];
    const shown = formatDecimal(exact);
    return {
      belowOneBucket: false,
      reason:
        `${traffic}% of ${buckets} buckets is ${shown} ${shown === "1" ? "bucket" : "buckets"} — traffic must be a whole number of buckets, a multiple of ${step}% — ` +
        `ask for ${nearest.map((count) => `${shareOf(count, buckets)}%`).join(" or ")}`,
    };
  }
  if (whole < 1) return { belowOneBucket: true, reason: `the smallest share of a layer of ${buckets} buckets is ${step}%, one bucket` };
  return whole;
}

/**
 * How far from a whole number of buckets a share may fall and still be it: half the last of the
 * decimals a percent is read to (so every share this module suggests reads back as whole
 * buckets), plus floating-point slack.
 */
function slack(buckets: number): number {
  return (0.5 * 10 ** -PERCENT_DECIMALS * buckets) / 100 + 1e-9;
}

/** `count` buckets of `buckets` as a percent to ask for, e.g. 33.3333333333. */
function shareOf(count: number, buckets: number): string {
  return formatDecimal((count * 100) / buckets);
}

/** A number rounded to the decimals percents are read to, without trailing zeros or an exponent: 0.9999, 33.3333333333, 0.000000002. */
function formatDecimal(value: number): string {
  return value.toFixed(PERCENT_DECIMALS).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
}

/** Takes `count` free buckets: the first free range that holds them all, else free ranges in order. Undefined when there are too few. */
export function takeFirstFit(free: readonly BucketRange[], count: number): BucketRange[] | undefined {
  if (count <= 0) return [];
  if (countBuckets(free) < count) return undefined;
  const whole = free.find(([start, end]) => end - start >= count);
  if (whole !== undefined) return [[whole[0], whole[0] + count]];
  const taken: BucketRange[] = [];
  let left = count;
  for (const [start, end] of free) {
    const size = Math.min(left, end - start);
    taken.push([start, start + size]);
    left -= size;
    if (left === 0) break;
  }
  return taken;
}

/** The largest contiguous free range. */
export function largestRange(free: readonly BucketRange[]): BucketRange | undefined {
  let best: BucketRange | undefined;
  for (const range of free) if (best === undefined || range[1] - range[0] > best[1] - best[0]) best = range;
  return best;
}

/** The free space of a layer, for error messages. */
export function spaceOf(layer: LayerConfig, pointer: string, reason?: string): LayerSpace {
  const free = layerFree(layer);
  const largest = largestRange(free);
  return {
    layer: layer.id,
    pointer,
    buckets: layerBuckets(layer),
    free: countBuckets(free),
    largest: largest === undefined ? undefined : [largest[0], largest[1]],
    ...(reason === undefined ? {} : { reason }),
  };
}

/** One layer's space as a line: `color (/domain/layers/1): 50% free (500 of 1000 buckets), largest free range [500, 1000) = 50%`. */
export function describeSpace(space: LayerSpace): string {
  const largest =
    space.largest === undefined
      ? "no free range"
      : `largest free range ${formatRanges([space.largest])} = ${percentOf(space.largest[1] - space.largest[0], space.buckets)}`;
  const line = `${JSON.stringify(space.layer)} (${space.pointer}): ${percentOf(space.free, space.buckets)} free (${space.free} of ${space.buckets} buckets), ${largest}`;
  return space.reason === undefined ? line : `${line} — ${space.reason}`;
}
