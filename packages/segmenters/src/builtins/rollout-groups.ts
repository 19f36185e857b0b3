/**
 * `addRolloutGroup` and `removeRolloutGroup`: change which groups a rollout has while every other
 * group keeps exactly its buckets, so no unit moves from one group to another.
 * @module
 */
import { SegmenterOptionsError } from "../errors.ts";
import { rolloutSchema, type RolloutOptions } from "./rollout.ts";
import { layoutOptions, type BucketRange } from "./rollout-layout.ts";
import { rampRollout, type RampOptions } from "./rollout-ramp.ts";

/**
 * Returns new rollout options with `groupId` appended, holding `percent` (default 0) of free
 * buckets. The current layout is written out as explicit `ranges` (unless it stays the derived
 * layout of at most two groups) and the new group starts with none, so adding it moves no unit
 * and later `rampRollout` calls grow it from free buckets only. Throws SegmenterOptionsError for
 * a duplicate id or when `percent` is more than is free.
 */
export function addRolloutGroup(options: RolloutOptions, groupId: string, percent = 0, ramp: RampOptions = {}): RolloutOptions {
  const experimentId = ramp.experimentId ?? "";
  const checked = rolloutSchema.verify(options, experimentId);
  const layout = [...copyLayout(checked.layout), []];
  const percents = [...options.groups.map((group) => group.percent), 0];
  const added = layoutOptions([...checked.ids, groupId], percents, layout, checked.explicit);
  rolloutSchema.verify(added, experimentId);
  return percent === 0 ? added : rampRollout(added, groupId, percent, ramp);
}

/**
 * Returns new rollout options without `groupId`: its units get `null` (as if ramped to 0) and
 * every other group keeps its buckets, written out as explicit `ranges` unless the result is the
 * derived layout of at most two groups. Throws SegmenterOptionsError for an unknown id or when
 * `groupId` is the only group.
 */
export function removeRolloutGroup(options: RolloutOptions, groupId: string, ramp: RampOptions = {}): RolloutOptions {
  const experimentId = ramp.experimentId ?? "";
  const checked = rolloutSchema.verify(options, experimentId);
  const index = checked.ids.indexOf(groupId);
  if (index < 0) {
    const known = checked.ids.map((id) => JSON.stringify(id)).join(", ");
    throw new SegmenterOptionsError(experimentId, [{ path: "groups", message: `has no group ${JSON.stringify(groupId)} to remove — known groups: ${known}` }]);
  }
  if (checked.ids.length === 1) {
    const message = `cannot remove ${JSON.stringify(groupId)}, the only group — a rollout needs at least one group; ramp it to 0 with rampRollout() instead`;
    throw new SegmenterOptionsError(experimentId, [{ path: `groups[${index}]`, message }]);
  }
  const keep = (_: unknown, i: number) => i !== index;
  const percents = options.groups.map((group) => group.percent).filter(keep);
  return layoutOptions(checked.ids.filter(keep), percents, copyLayout(checked.layout).filter(keep), checked.explicit);
}

/** A copy of `layout` whose ranges the result may own. */
function copyLayout(layout: readonly (readonly (readonly [number, number])[])[]): BucketRange[][] {
  return layout.map((ranges) => ranges.map(([start, end]): BucketRange => [start, end]));
}
