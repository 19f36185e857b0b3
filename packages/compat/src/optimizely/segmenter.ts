/**
 * The `compat:optimizely` segmenter: Optimizely's bucketing, bit for bit — MurmurHash3 x86 32-bit
 * with seed 1 over UTF-8 `bucketingId + experimentId`, `floor(h / 2^32 × 10000)`, the first
 * `trafficAllocation` entry whose `endOfRange` is above the bucket, `$opt_bucketing_id`, and the
 * two-stage hash of exclusion groups (`bucketingId + groupId` picks the experiment first).
 * @module
 */
import { checkedOptionsSchema, type AssignContext, type OptionsChecker, type OptionsPath, type Segmenter, type SegmenterContext } from "@strata/segmenters";
import { COMPAT_SCHEMA_SETTINGS, type CompatSegmenterFactory } from "../factory.ts";
import { allocationShares, bucketingIdOf, findBucket, OptimizelyBucketer, OPTIMIZELY_BUCKETS, type Allocation } from "./bucketer.ts";

/** One `trafficAllocation` entry: the group (a variation) up to `endOfRange`; no group means "no variation". */
export interface OptimizelyTrafficRange {
  /** The group id the range gives (a variation of the experiment), or null/absent for none. */
  readonly group?: string | null;
  /** The end of the range, exclusive, a whole number from 0 to 10000. */
  readonly endOfRange: number;
}

/** An exclusion group (`policy: "random"`) holding the experiment. */
export interface OptimizelyExclusionGroup {
  /** The group's id as in the datafile (hashed: `bucketingId + id`). */
  readonly id: string;
  /** The group's `trafficAllocation`: which experiment id each range of the group hash goes to. */
  readonly trafficAllocation: readonly { readonly experimentId: string; readonly endOfRange: number }[];
}

/** Options of `compat:optimizely`. */
export interface OptimizelyOptions {
  /** The Optimizely experiment **id** (not its key) as in the datafile, e.g. "20731710" — it is what is hashed. */
  readonly experimentId: string;
  /** The experiment's `trafficAllocation`, in datafile order, with entity ids replaced by group ids. */
  readonly trafficAllocation: readonly OptimizelyTrafficRange[];
  /** The exclusion group (policy "random") the experiment belongs to, if any. */
  readonly exclusionGroup?: OptimizelyExclusionGroup;
}

interface CheckedOptimizely {
  readonly experimentId: string;
  readonly groups: readonly string[];
  readonly allocation: readonly Allocation[];
  /** The group stage: the group id and whether each range picks this experiment (entity 0) or not (-1). */
  readonly exclusion: { readonly id: string; readonly allocation: readonly Allocation[] } | undefined;
}

const EXAMPLE = `[{ "group": "control", "endOfRange": 5000 }, { "group": "treatment", "endOfRange": 10000 }]`;

function checkEnd(checker: OptionsChecker, value: unknown, path: OptionsPath): number | undefined {
  return checker.number(value, path, 0, OPTIMIZELY_BUCKETS, "the end of the range in hundredths of a percent, as in the datafile", true);
}

function check(value: unknown, checker: OptionsChecker): CheckedOptimizely | undefined {
  const options = checker.object(value, [], ["experimentId", "trafficAllocation", "exclusionGroup"]);
  if (options === undefined) return undefined;
  const experimentId = checker.string(options.experimentId, ["experimentId"], `the Optimizely experiment id from the datafile, e.g. "20731710" (the id is hashed, not the key)`);
  const groups: string[] = [];
  const allocation: Allocation[] = [];
  const ranges = checker.array(options.trafficAllocation, ["trafficAllocation"], 1, EXAMPLE) ?? [];
  ranges.forEach((item, index) => {
    const path = ["trafficAllocation", index];
    const entry = checker.object(item, path, ["group", "endOfRange"]);
    if (entry === undefined) return;
    const endOfRange = checkEnd(checker, entry.endOfRange, [...path, "endOfRange"]);
    let entity = -1;
    if (entry.group !== undefined && entry.group !== null) {
      const group = checker.string(entry.group, [...path, "group"], `the group id this range gives, or null for "no variation"`);
      if (group !== undefined) {
        entity = groups.indexOf(group);
        if (entity < 0) entity = groups.push(group) - 1;
      }
    }
    if (endOfRange !== undefined) allocation.push({ entity, endOfRange });
  });
  if (ranges.length > 0 && groups.length === 0 && checker.issues.length === 0) {
    checker.fail(["trafficAllocation"], `gives no group — name the variation of at least one range in "group", e.g. ${EXAMPLE}`);
  }
  let exclusion: CheckedOptimizely["exclusion"];
  if (options.exclusionGroup !== undefined) {
    const group = checker.object(options.exclusionGroup, ["exclusionGroup"], ["id", "trafficAllocation"]);
    if (group !== undefined) {
      const id = checker.string(group.id, ["exclusionGroup", "id"], `the exclusion group's id from the datafile's "groups"`);
      const example = `[{ "experimentId": "${experimentId ?? "20731710"}", "endOfRange": 5000 }]`;
      const list = checker.array(group.trafficAllocation, ["exclusionGroup", "trafficAllocation"], 1, example) ?? [];
      const groupAllocation: Allocation[] = [];
      list.forEach((item, index) => {
        const path = ["exclusionGroup", "trafficAllocation", index];
        const entry = checker.object(item, path, ["experimentId", "endOfRange"]);
        if (entry === undefined) return;
        const member = checker.string(entry.experimentId, [...path, "experimentId"], "the id of the experiment this range of the group goes to", true);
        const endOfRange = checkEnd(checker, entry.endOfRange, [...path, "endOfRange"]);
        if (member !== undefined && endOfRange !== undefined) groupAllocation.push({ entity: member === experimentId ? 0 : -1, endOfRange });
      });
      if (id !== undefined) exclusion = { id, allocation: groupAllocation };
    }
  }
  if (checker.issues.length > 0 || experimentId === undefined) return undefined;
  return { experimentId, groups, allocation, exclusion };
}

/** The `compat:optimizely` options schema. */
const schema = checkedOptionsSchema<OptimizelyOptions, CheckedOptimizely>(check, COMPAT_SCHEMA_SETTINGS);

/**
 * Optimizely's bucketing (`getVariation`): the unit is the user id; `$opt_bucketing_id` in the
 * request attributes, when it is a string, replaces it in the hash exactly as in the SDK.
 */
export const optimizely: CompatSegmenterFactory<OptimizelyOptions> = {
  type: "compat:optimizely",
  options: schema,
  create(options: OptimizelyOptions, ctx: SegmenterContext): Segmenter {
    const checked = schema.verify(options, ctx.experimentId);
    const { groups, allocation, exclusion } = checked;
    const bucketer = new OptimizelyBucketer();
    const experiment = bucketer.prepare(checked.experimentId);
    const groupSalt = exclusion === undefined ? undefined : bucketer.prepare(exclusion.id);
    const inGroup = exclusion === undefined ? 1 : (allocationShares(exclusion.allocation, 1)[0] as number);
    const shares = allocationShares(allocation, groups.length);
    return {
      groups,
      expectedShares: Object.fromEntries(groups.map((id, i) => [id, (shares[i] as number) * inGroup])),
      assign(unit: string, { attributes }: AssignContext): string | null {
        const bucketingId = bucketingIdOf(unit, attributes);
        if (exclusion !== undefined && findBucket(bucketer.bucketValue(bucketingId, groupSalt!), exclusion.allocation) !== 0) return null;
        return groups[findBucket(bucketer.bucketValue(bucketingId, experiment), allocation)] ?? null;
      },
    };
  },
};
