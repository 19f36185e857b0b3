/**
 * Bucket ranges: each range is `[start, end)` with `start < end`, inside the layer's bucket
 * space, and the ranges of one slot do not overlap each other.
 * @module
 */
import { child } from "../pointer.ts";
import { formatRanges, layerBuckets } from "../ranges.ts";
import type { BucketRange } from "../types.ts";
import { walkConfig } from "../walk.ts";
import { list, type RuleContext } from "./context.ts";

/** Reports empty or reversed ranges, ranges past the layer's buckets and overlaps within one slot. */
export function rangesInsideLayer({ config, out }: RuleContext): void {
  walkConfig(config, {
    slot: ({ slot, pointer, layer }) => {
      const rawBuckets: unknown = layer.layer.buckets;
      const valid = rawBuckets === undefined || (Number.isInteger(rawBuckets) && (rawBuckets as number) > 0);
      const buckets = valid ? layerBuckets(layer.layer) : undefined;
      const space = layer.layer.buckets === undefined ? `the default ${buckets} buckets` : `its ${buckets} buckets`;
      const seen: { range: BucketRange; at: string }[] = [];
      list(slot.ranges).forEach((value, index) => {
        if (!Array.isArray(value) || value.length !== 2 || !Number.isInteger(value[0]) || !Number.isInteger(value[1])) return;
        const range = value as unknown as BucketRange;
        const [start, end] = range;
        const at = child(pointer, "ranges", index);
        if (start >= end) {
          const [from, to] = start > end ? [end, start] : buckets !== undefined && start >= buckets ? [start - 1, start] : [start, start + 1];
          out.error(at, "empty-range", `the range ${formatRanges([range])} is empty or reversed — write [start, end) with start < end, e.g. [${from}, ${to}]`);
          return;
        }
        if (buckets !== undefined && end > buckets) {
          out.error(
            at,
            "range-outside-layer",
            `the range ${formatRanges([range])} runs past the layer's bucket space: the layer has ${space}, so ranges must stay within [0, ${buckets})`,
          );
        }
        // An overlap is reported too, so that fixing the end does not uncover another error.
        const clash = seen.find((other) => other.range[0] < end && start < other.range[1]);
        if (clash !== undefined) {
          out.error(at, "overlapping-ranges", `the range ${formatRanges([range])} overlaps ${formatRanges([clash.range])} of the same slot (${clash.at}) — merge them into one range`);
          return;
        }
        seen.push({ range, at });
      });
    },
  });
}
