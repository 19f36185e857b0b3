/**
 * `resize`: changes a placed experiment's traffic in its own layer. Growing keeps every bucket
 * it has (its units stay) and extends its most recent range when the buckets after it are free,
 * else takes free buckets first fit; shrinking gives back the most recently added buckets first
 * (a slot's ranges are kept in the order they were added, and the end of the last range is the
 * newest). Buckets given back are free at once — use `release` for a cool-down.
 * @module
 */
import { child } from "../pointer.ts";
import { countBuckets, formatRanges, layerBuckets, percentOf, subtractRanges } from "../ranges.ts";
import type { BucketRange, StrataConfig } from "../types.ts";
import { AllocationError, type AllocationResult } from "./change.ts";
import { checkTraffic, validInput, validOutput, type ControlOptions } from "./checked.ts";
import { findExperiment, tokensOf } from "./locate.ts";
import { bucketsFor, describeSpace, layerFree, spaceOf, takeFirstFit } from "./space.ts";
import { updateAt } from "./update.ts";

/** What to resize. */
export interface ResizeRequest {
  /** The id of an experiment that has buckets. */
  readonly experiment: string;
  /** Its new share of the layer in percent: whole buckets, at least one (use `release` to give back everything). */
  readonly traffic: number;
}

/** Grows or shrinks an experiment's buckets; throws AllocationError when the layer has no room to grow. */
export function resize(config: StrataConfig, request: ResizeRequest, options: ControlOptions = {}): AllocationResult {
  const current = validInput(config, options);
  const traffic = checkTraffic(request.traffic);
  const place = findExperiment(current, request.experiment);
  if (place === undefined) throw new AllocationError("unknown-experiment", `there is no experiment ${JSON.stringify(request.experiment)} in the config`);
  const { experiment, layer, slot } = place;
  const id = JSON.stringify(experiment.id);
  if (experiment.status === "stopped") {
    throw new AllocationError("stopped", `experiment ${id} is stopped — release() its buckets instead of resizing it`);
  }
  const buckets = layerBuckets(layer);
  const held = countBuckets(slot.ranges);
  if (held === 0) {
    throw new AllocationError("not-allocated", `experiment ${id} has no buckets yet — allocate it first: allocate(), or strata allocate <config> --experiment ${experiment.id} --traffic ${traffic}`);
  }
  const target = bucketsFor(traffic, buckets);
  if (typeof target !== "number") {
    const where = `of layer ${JSON.stringify(layer.id)}`;
    if (!target.belowOneBucket) throw new AllocationError("invalid-request", `traffic ${traffic}% is not a whole number of buckets ${where}: ${target.reason}`);
    throw new AllocationError(
      "invalid-request",
      `traffic ${traffic}% is less than one bucket ${where}: ${target.reason} — to give back every bucket of experiment ${id}, release() it (its buckets stay reserved for a cool-down)`,
    );
  }
  if (target === held) return { config: current, diff: [] };
  const pointer = child(place.slotPointer, "ranges");
  const before = `${percentOf(held, buckets)} (${formatRanges(slot.ranges)})`;
  const ranges = target > held ? grow(slot.ranges, layerFree(layer), target - held) : shrink(slot.ranges, held - target);
  if (ranges === undefined) {
    const space = spaceOf(layer, place.layerPointer);
    throw new AllocationError(
      "no-room",
      `experiment ${id} needs ${target - held} more buckets to grow from ${percentOf(held, buckets)} to ${traffic}%, but layer ${describeSpace(space)} — ` +
        `shrink or release other experiments in this layer (an experiment with users never moves to another layer)`,
      [space],
    );
  }
  const change = target > held ? `added ${formatRanges(subtractRanges(ranges, slot.ranges))}` : `gave back ${formatRanges(subtractRanges(slot.ranges, ranges))}`;
  const next = updateAt(current, tokensOf(pointer), () => ranges);
  return {
    config: validOutput(next, options),
    diff: [{ op: "replace", pointer, message: `resized experiment ${id} from ${before} to ${traffic}% (${formatRanges(ranges)}): ${change}` }],
  };
}

/** The ranges plus `count` free buckets: the newest range extended first, then first fit. Undefined when there is no room. */
function grow(ranges: readonly BucketRange[], free: readonly BucketRange[], count: number): BucketRange[] | undefined {
  const out = ranges.map(([start, end]) => [start, end] as [number, number]);
  let left = count;
  let available = free;
  const last = out[out.length - 1];
  if (last !== undefined) {
    const after = free.find(([start]) => start === last[1]);
    if (after !== undefined) {
      const size = Math.min(left, after[1] - after[0]);
      last[1] += size;
      left -= size;
      available = subtractRanges(free, [[after[0], after[0] + size]]);
    }
  }
  const taken = takeFirstFit(available, left);
  if (taken === undefined) return undefined;
  for (const range of taken) {
    const tail = out[out.length - 1];
    if (tail !== undefined && tail[1] === range[0]) tail[1] = range[1];
    else out.push([range[0], range[1]]);
  }
  return out;
}

/** The ranges minus their `count` newest buckets: from the end of the last range backwards. */
function shrink(ranges: readonly BucketRange[], count: number): BucketRange[] {
  const out = ranges.map(([start, end]) => [start, end] as [number, number]);
  let left = count;
  while (left > 0 && out.length > 0) {
    const last = out[out.length - 1]!;
    const size = Math.min(left, last[1] - last[0]);
    last[1] -= size;
    left -= size;
    if (last[1] === last[0]) out.pop();
  }
  return out;
}
