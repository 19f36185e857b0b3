/**
 * Lint: a normal layer more than 90% allocated leaves little room for the next experiment on
 * its parameters. Launch layers (meant to cover all traffic) and layers that only split traffic
 * into domains are exempt.
 * @module
 */
import { countBucketsWithin, isRange, layerBuckets, percentOf } from "../ranges.ts";
import { isRecord, list, str, type RuleContext } from "../rules/context.ts";
import type { BucketRange } from "../types.ts";
import { walkConfig } from "../walk.ts";

/** The share of a layer above which `lint` warns. */
export const FULL_LAYER_SHARE = 0.9;

/** Warns about normal layers holding experiments whose slots cover more than 90% of their buckets. */
export function nearlyFullLayers({ config, out }: RuleContext): void {
  walkConfig(config, {
    layer: ({ layer, pointer }) => {
      if (layer.launch === true) return;
      const slots = list(layer.slots).filter(isRecord);
      if (!slots.some((slot) => isRecord(slot.experiment))) return;
      const buckets = layerBuckets(layer);
      if (!Number.isInteger(buckets) || buckets <= 0) return;
      const used = countBucketsWithin(slots.flatMap((slot) => list(slot.ranges).filter(isRange) as BucketRange[]), buckets);
      if (used <= buckets * FULL_LAYER_SHARE) return;
      out.warn(
        pointer,
        "layer-nearly-full",
        `the layer ${JSON.stringify(str(layer.id) ?? "?")} is ${percentOf(used, buckets)} allocated (${used} of ${buckets} buckets), so new experiments on its parameters have ` +
          `${percentOf(buckets - used, buckets)} left — shrink or release experiments, or add an overlapping layer for unrelated parameters`,
      );
    },
  });
}
