/**
 * Slots of one layer are disjoint — except two experiments whose conditions are provably
 * disjoint (the paper lets them share buckets: no request can reach both).
 * @module
 */
import { conditionsDisjoint } from "../conditions/disjoint.ts";
import { child } from "../pointer.ts";
import { formatRanges, intersectRanges, isRange, normalizeRanges } from "../ranges.ts";
import type { BucketRange, SlotConfig } from "../types.ts";
import { walkConfig } from "../walk.ts";
import { isRecord, list, str, type RuleContext } from "./context.ts";

/** Reports pairs of slots of one layer that share buckets, unless both are experiments with disjoint conditions. */
export function slotsDisjoint({ config, out }: RuleContext): void {
  walkConfig(config, {
    layer: ({ layer, pointer }) => {
      const slots = list(layer.slots).map((slot, index) => ({
        slot: (isRecord(slot) ? slot : {}) as unknown as SlotConfig,
        index,
        ranges: normalizeRanges(list((slot as { ranges?: unknown } | null)?.ranges).filter(isRange) as BucketRange[]),
      }));
      // Sweep by first bucket: only slots whose spans overlap are compared.
      const order = slots.filter((s) => s.ranges.length > 0).sort((a, b) => a.ranges[0]![0] - b.ranges[0]![0]);
      for (let i = 0; i < order.length; i++) {
        const a = order[i]!;
        const aEnd = a.ranges[a.ranges.length - 1]![1];
        for (let j = i + 1; j < order.length; j++) {
          const b = order[j]!;
          if (b.ranges[0]![0] >= aEnd) break;
          const shared = intersectRanges(a.ranges, b.ranges);
          if (shared.length === 0) continue;
          if (isRecord(a.slot.experiment) && isRecord(b.slot.experiment) && conditionsDisjoint(a.slot.experiment.conditions, b.slot.experiment.conditions)) {
            continue;
          }
          const [first, second] = a.index < b.index ? [a, b] : [b, a];
          out.error(
            child(pointer, "slots", second.index, "ranges"),
            "slot-overlap",
            `buckets ${formatRanges(shared)} of this slot are also in slot ${first.index} (${describeSlot(first.slot)}) — slots of one layer must not overlap, ` +
              `unless both hold experiments whose conditions are provably disjoint (the same attribute with disjoint $eq/$in values); move one of them to free buckets`,
          );
        }
      }
    },
  });
}

function describeSlot(slot: SlotConfig): string {
  if (isRecord(slot.experiment)) return `experiment ${JSON.stringify(str(slot.experiment.id) ?? "?")}`;
  if (isRecord(slot.domain)) return `domain ${JSON.stringify(str(slot.domain.id) ?? "?")}`;
  return "an empty slot";
}
