import { addRolloutGroup, createSegmenter, createSegmenterContext, rampRollout, rollout, type RolloutOptions } from "@strata/segmenters";

const ctx = createSegmenterContext({ experimentId: "checkout" });
const units = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);

/** How many of 10,000 units leave the group they were in when `before` becomes `after`. */
export function unitsThatLeave(before: RolloutOptions, after: RolloutOptions): number {
  const [was, now] = [createSegmenter(rollout, before, ctx), createSegmenter(rollout, after, ctx)];
  const request = { attributes: {}, now: 0 };
  return units.filter((unit) => {
    const group = was.assign(unit, request);
    return group !== null && group !== now.assign(unit, request);
  }).length;
}

export const live: RolloutOptions = { groups: [{ id: "new-checkout", percent: 30 }, { id: "holdback", percent: 50 }] };

// By hand: with a third group, the groups line up from bucket 0, so "holdback" slides down.
export const byHand: RolloutOptions = { groups: [...live.groups, { id: "variant-b", percent: 0 }] };
unitsThatLeave(live, byHand); // about 2,000: a fifth of all units leave "holdback"

// With the helper: the current layout is written out as ranges and "variant-b" starts empty.
export const added = addRolloutGroup(live, "variant-b");
unitsThatLeave(live, added); // 0
export const ramped = rampRollout(added, "variant-b", 20);
unitsThatLeave(added, ramped); // 0: "variant-b" takes free buckets only
