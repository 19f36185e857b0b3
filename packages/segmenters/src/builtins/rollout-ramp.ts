/**
 * `rampRollout`: changes one rollout group's percent by taking free buckets or releasing the
 * group's newest ones, so no unit ever moves from one group to another.
 * @module
 */
import { SegmenterOptionsError } from "../errors.ts";
import { OptionsChecker, percentText } from "../options/checker.ts";
import { rolloutSchema, type RolloutOptions } from "./rollout.ts";
import { freeRanges, growsDownward, layoutOptions, rangesSize, type BucketRange } from "./rollout-layout.ts";

/** Options of `rampRollout`. */
export interface RampOptions {
  /** The experiment id, named in errors. */
  readonly experimentId?: string;
}

/**
 * Returns new rollout options in which `groupId` holds `percent`. Growing takes only free
 * buckets: first those right next to the edge of the group's newest range (where shrinking
 * releases from, so lowering a group and raising it straight back restores it), then the lowest
 * (highest for the second of two groups); shrinking releases the group's most recently added
 * buckets. Other groups keep their buckets. One- and two-group
 * options without ranges stay without ranges (the result is always their derived layout, which
 * is ramp-safe); otherwise every group gets explicit `ranges`. Throws SegmenterOptionsError
 * when the space is not free.
 */
export function rampRollout(options: RolloutOptions, groupId: string, percent: number, ramp: RampOptions = {}): RolloutOptions {
  const experimentId = ramp.experimentId ?? "";
  const checked = rolloutSchema.verify(options, experimentId);
  const index = checked.ids.indexOf(groupId);
  if (index < 0) {
    const known = checked.ids.map((id) => JSON.stringify(id)).join(", ");
    const message = `has no group ${JSON.stringify(groupId)} to ramp — known groups: ${known}; add a new group with addRolloutGroup(), which moves no unit`;
    throw new SegmenterOptionsError(experimentId, [{ path: "groups", message }]);
  }
  const path = `groups[${index}].percent`;
  const checker = new OptionsChecker();
  const target = checker.hundredths(percent, []);
  if (target === undefined) throw new SegmenterOptionsError(experimentId, [{ path, message: checker.issues[0]?.message ?? "invalid percent" }]);

  const layout = checked.layout.map((ranges) => ranges.map(([start, end]): BucketRange => [start, end]));
  const own = layout[index] as BucketRange[];
  const downward = growsDownward(index, layout.length);
  const current = rangesSize(own);
  if (target > current) {
    const free = freeRanges(layout);
    const available = rangesSize(free);
    if (available < target - current) {
      const message = `cannot ramp ${JSON.stringify(groupId)} from ${percentText(current)} to ${percentText(target)}: only ${percentText(available)} is free — lower another group first`;
      throw new SegmenterOptionsError(experimentId, [{ path, message }]);
    }
    const extended = extendNewest(own, free, target - current, downward);
    take(own, downward ? freeRanges(layout).reverse() : freeRanges(layout), target - current - extended, downward);
  } else {
    release(own, current - target, downward);
  }

  const percents = checked.ids.map((_, i) => (i === index ? target / 100 : (options.groups[i]?.percent as number)));
  return layoutOptions(checked.ids, percents, layout, checked.explicit);
}

/**
 * Grows the newest range of `own` at the edge `release` gives buckets back from, by up to `count`
 * free buckets right next to it, so that raising a group straight back after lowering it takes
 * back exactly the buckets it released. Returns how many buckets it took.
 */
function extendNewest(own: BucketRange[], free: readonly BucketRange[], count: number, downward: boolean): number {
  const newest = own.at(-1);
  if (newest === undefined) return 0;
  const next = free.find(([start, end]) => (downward ? end === newest[0] : start === newest[1]));
  if (next === undefined) return 0;
  const n = Math.min(next[1] - next[0], count);
  if (downward) newest[0] -= n;
  else newest[1] += n;
  return n;
}

/** Appends `count` buckets from `free` (already in the order to take them) to `own`, merging with the newest range. */
function take(own: BucketRange[], free: readonly BucketRange[], count: number, downward: boolean): void {
  let need = count;
  for (const [start, end] of free) {
    if (need === 0) break;
    const n = Math.min(end - start, need);
    need -= n;
    const last = own.at(-1);
    if (downward) {
      if (last !== undefined && last[0] === end) last[0] = end - n;
      else own.push([end - n, end]);
    } else if (last !== undefined && last[1] === start) {
      last[1] = start + n;
    } else {
      own.push([start, start + n]);
    }
  }
}

/** Removes `count` of the most recently added buckets of `own`: the growing edge of its newest ranges. */
function release(own: BucketRange[], count: number, downward: boolean): void {
  let left = count;
  while (left > 0) {
    const last = own.at(-1);
    if (last === undefined) return;
    const n = Math.min(last[1] - last[0], left);
    left -= n;
    if (downward) last[0] += n;
    else last[1] -= n;
    if (last[0] === last[1]) own.pop();
  }
}
