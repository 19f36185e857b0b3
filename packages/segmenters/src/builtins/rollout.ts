/**
 * The `rollout` segmenter: groups with percents (summing to at most 100) that change over time,
 * held as explicit bucket ranges so that no change ever moves a unit from one group to another.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { Segmenter, SegmenterContext, SegmenterFactory } from "../contract.ts";
import { checkedOptionsSchema } from "../options/builtin-schema.ts";
import { ALL_HUNDREDTHS, describe, jsonText, percentText, type OptionsChecker, type OptionsPath } from "../options/checker.ts";
import { bucketTable } from "./bucket-table.ts";
import { hashOnlySegmenter } from "./hash-only-segmenter.ts";
import { derivedLayout, rangesSize, type BucketRange } from "./rollout-layout.ts";

/** A group of the rollout segmenter. */
export interface RolloutGroup {
  /** The group id (declared by the experiment). */
  readonly id: string;
  /** The group's share in percent, 0–100 with at most two decimals; all groups add up to at most 100. */
  readonly percent: number;
  /** The group's buckets as half-open `[start, end)` ranges over 10,000, oldest first (written by `rampRollout`). */
  readonly ranges?: readonly (readonly [start: number, end: number])[];
}

/** Options of the `rollout` segmenter. */
export interface RolloutOptions {
  /** The groups; units in no group's buckets are not in the experiment. */
  readonly groups: readonly RolloutGroup[];
}

/** A rollout's options, checked: ids, sizes in buckets and the layout in force. */
export interface CheckedRollout {
  /** The group ids in order. */
  readonly ids: readonly string[];
  /** Each group's size in buckets (hundredths of a percent). */
  readonly sizes: readonly number[];
  /** Each group's ranges (given, or derived from the percents). */
  readonly layout: readonly BucketRange[][];
  /** True when the options list ranges. */
  readonly explicit: boolean;
}

const EXAMPLE = `[{ "id": "new-checkout", "percent": 20 }]`;
const RAMP_HINT = "use rampRollout() to change allocations; it keeps ranges and percents in step";

function checkRanges(value: unknown, path: OptionsPath, checker: OptionsChecker): BucketRange[] | undefined {
  const list = checker.array(value, path, 0, "[[0, 2000]]");
  if (list === undefined) return undefined;
  const ranges: BucketRange[] = [];
  list.forEach((item, index) => {
    const [start, end] = Array.isArray(item) && item.length === 2 ? (item as unknown[]) : [];
    const ok = Number.isInteger(start) && Number.isInteger(end) && (start as number) >= 0 && (end as number) <= ALL_HUNDREDTHS;
    if (!ok || (start as number) >= (end as number)) {
      checker.fail([...path, index], `must be a bucket range [start, end) with whole numbers 0 <= start < end <= 10000 (got ${jsonText(item) ?? describe(item)})`);
      return;
    }
    ranges.push([start as number, end as number]);
  });
  return ranges;
}

function checkDisjoint(layout: readonly BucketRange[][], checker: OptionsChecker): void {
  const all = layout.flatMap((ranges, group) => ranges.map((range, index) => ({ range, group, index })));
  all.sort((a, b) => a.range[0] - b.range[0]);
  for (let i = 1; i < all.length; i++) {
    const before = all[i - 1]!;
    const current = all[i]!;
    if (current.range[0] < before.range[1]) {
      checker.fail(
        ["groups", current.group, "ranges", current.index],
        `[${current.range.join(", ")}) overlaps groups[${before.group}].ranges[${before.index}] [${before.range.join(", ")}) — ranges must be disjoint; ${RAMP_HINT}`,
      );
    }
  }
}

/** Checks rollout options: percents with two decimals summing to at most 100, and ranges that are disjoint and match them. */
export function checkRollout(value: unknown, checker: OptionsChecker): CheckedRollout | undefined {
  const options = checker.object(value, [], ["groups"]);
  if (options === undefined) return undefined;
  const groups = checker.groups(options.groups, ["id", "percent", "ranges"], 1, EXAMPLE) ?? [];
  const sizes = groups.map(({ entry, path }) => checker.hundredths(entry.percent, [...path, "percent"]) ?? 0);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total > ALL_HUNDREDTHS) checker.fail(["groups"], `percents add up to ${percentText(total)}, over 100% — lower some groups`);
  const withRanges = groups.filter(({ entry }) => entry.ranges !== undefined).length;
  if (withRanges === 0) {
    if (checker.issues.length > 0) return undefined;
    return { ids: groups.map((g) => g.id), sizes, layout: derivedLayout(sizes), explicit: false };
  }
  const layout = groups.map(({ entry, path }, i) => {
    if (entry.ranges === undefined) {
      checker.fail([...path, "ranges"], `is missing while other groups list ranges — give every group its ranges, or none; to add a group, use addRolloutGroup(), which gives it an empty range`);
      return [];
    }
    const ranges = checkRanges(entry.ranges, [...path, "ranges"], checker) ?? [];
    const covered = rangesSize(ranges);
    if (checker.issues.length === 0 && covered !== sizes[i]) {
      checker.fail([...path, "percent"], `is ${entry.percent as number} but the group's ranges cover ${percentText(covered)} — make them agree; ${RAMP_HINT}`);
    }
    return ranges;
  });
  if (checker.issues.length > 0) return undefined;
  checkDisjoint(layout, checker);
  if (checker.issues.length > 0) return undefined;
  return { ids: groups.map((g) => g.id), sizes, layout, explicit: true };
}

/** The `rollout` options schema (hand-written Standard Schema). */
export const rolloutSchema = checkedOptionsSchema<RolloutOptions, CheckedRollout>(checkRollout);

/** Groups with changing percents; ramps (see `rampRollout`) never move a unit from one group to another. */
export const rollout: SegmenterFactory<RolloutOptions> & { readonly options: StandardSchemaV1<RolloutOptions> } = {
  type: "rollout",
  options: rolloutSchema,
  create(options: RolloutOptions, ctx: SegmenterContext): Segmenter {
    const { ids, sizes, layout } = rolloutSchema.verify(options, ctx.experimentId);
    const expectedShares = Object.fromEntries(ids.map((id, i) => [id, (sizes[i] ?? 0) / ALL_HUNDREDTHS]));
    return hashOnlySegmenter({ ids, expectedShares, table: bucketTable(layout), hash: ctx.hash });
  },
};
