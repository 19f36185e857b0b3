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

/** `traffic` percent of `buckets` as a whole number of buckets, or a sentence saying why it is not one. */
export function bucketsFor(traffic: number, buckets: number): number | string {
  const exact = (traffic * buckets) / 100;
  const whole = Math.round(exact);
  if (Math.abs(exact - whole) > 1e-9) {
    return `${traffic}% of ${buckets} buckets is ${Math.round(exact * 1000) / 1000} buckets — traffic must be a whole number of buckets, a multiple of ${100 / buckets}%`;
  }
  return whole;
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
