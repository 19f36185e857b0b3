/**
 * Lint: a stopped experiment that still holds buckets keeps them from new experiments. That is
 * right during the cool-down (no carry-over into the next experiment) and wasteful after it.
 * @module
 */
import { child } from "../pointer.ts";
import { countBuckets, countBucketsWithin, isRange, layerBuckets, percentOf } from "../ranges.ts";
import { list, str, type RuleContext } from "../rules/context.ts";
import type { BucketRange } from "../types.ts";
import { walkConfig } from "../walk.ts";

/** Warns about stopped experiments whose slot still has buckets. */
export function stoppedHoldingBuckets({ config, out }: RuleContext): void {
  walkConfig(config, {
    experiment: ({ experiment, slot }) => {
      if (experiment.status !== "stopped") return;
      const buckets = layerBuckets(slot.layer.layer);
      const ranges = list(slot.slot.ranges).filter(isRange) as BucketRange[];
      const count = Number.isInteger(buckets) && buckets > 0 ? countBucketsWithin(ranges, buckets) : countBuckets(ranges);
      if (count === 0) return;
      const since = str(experiment.stoppedAt);
      out.warn(
        child(slot.pointer, "ranges"),
        "stopped-holds-buckets",
        `the stopped experiment ${JSON.stringify(str(experiment.id) ?? "?")} still holds ${count} buckets (${percentOf(count, buckets)} of the layer)` +
          `${since === undefined ? "" : ` since ${since}`} — once the cool-down has passed, free them with release() of @strata/config or by setting these "ranges" to [], so new experiments can use them`,
      );
    },
  });
}
