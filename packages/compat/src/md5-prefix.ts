/**
 * The `compat:md5-prefix` segmenter: the classic home-grown scheme — `md5(unit + ":" + experiment)`,
 * the first 8 hex digits as a big-endian integer, mod N (10,000 by default), and group i for buckets
 * below `round(cumulativeWeight_i / totalWeight × N)`. Hashing is @strata/hash's `md5-prefix` scheme.
 * @module
 */
import { UnitHasher } from "@strata/hash";
import { checkedOptionsSchema, type OptionsChecker, type Segmenter, type SegmenterContext } from "@strata/segmenters";
import { COMPAT_SCHEMA_SETTINGS, type CompatSegmenterFactory } from "./factory.ts";
import { md5PrefixScheme } from "./schemes.ts";

/** A weighted group. */
export interface Md5PrefixGroup {
  /** The group id. */
  readonly id: string;
  /** The group's weight (any positive number; shares are weight / total). */
  readonly weight: number;
}

/** Options of `compat:md5-prefix`. */
export interface Md5PrefixOptions {
  /** The experiment name hashed after `unit:` (default: the experiment's salt, which defaults to its id). */
  readonly key?: string;
  /** N, the bucket count (default 10000). */
  readonly buckets?: number;
  /** The groups in order. */
  readonly groups: readonly Md5PrefixGroup[];
}

interface CheckedMd5Prefix {
  readonly key: string | undefined;
  readonly buckets: number;
  readonly ids: readonly string[];
  readonly thresholds: readonly number[];
}

function check(value: unknown, checker: OptionsChecker): CheckedMd5Prefix | undefined {
  const options = checker.object(value, [], ["key", "buckets", "groups"]);
  if (options === undefined) return undefined;
  const key = options.key === undefined ? undefined : checker.string(options.key, ["key"], "the experiment name in md5(unit + \":\" + name)", true);
  const buckets = options.buckets === undefined ? 10_000 : checker.number(options.buckets, ["buckets"], 1, 0xffffffff, "the bucket count N", true);
  const groups = checker.groups(options.groups, ["id", "weight"], 1, `[{ "id": "control", "weight": 50 }, { "id": "treatment", "weight": 50 }]`) ?? [];
  const weights = groups.map(({ entry, path }) => checker.number(entry.weight, [...path, "weight"], 0, Number.MAX_SAFE_INTEGER, "the group's weight") ?? 0);
  const total = weights.reduce((a, b) => a + b, 0);
  if (checker.issues.length === 0 && !(total > 0)) checker.fail(["groups"], "the weights add up to 0 — give at least one group a positive weight");
  if (checker.issues.length > 0 || buckets === undefined) return undefined;
  let cumulative = 0;
  const thresholds = weights.map((weight) => Math.round(((cumulative += weight) / total) * buckets));
  return { key, buckets, ids: groups.map((g) => g.id), thresholds };
}

/** The `compat:md5-prefix` options schema. */
const schema = checkedOptionsSchema<Md5PrefixOptions, CheckedMd5Prefix>(check, COMPAT_SCHEMA_SETTINGS);

/** `md5(unit:experiment)` bucketing over weighted groups. */
export const md5Prefix: CompatSegmenterFactory<Md5PrefixOptions> = {
  type: "compat:md5-prefix",
  options: schema,
  create(options: Md5PrefixOptions, ctx: SegmenterContext): Segmenter {
    const { key = ctx.salt, buckets, ids, thresholds } = schema.verify(options, ctx.experimentId);
    const hasher = new UnitHasher(md5PrefixScheme);
    const salt = hasher.prepare(key);
    let previous = 0;
    const expectedShares = Object.fromEntries(
      ids.map((id, i) => {
        const end = thresholds[i] as number;
        const share = Math.max(0, end - previous) / buckets;
        previous = Math.max(previous, end);
        return [id, share];
      }),
    );
    return {
      groups: ids,
      expectedShares,
      assign(unit: string): string | null {
        const bucket = hasher.setUnit(unit).bucket(salt, buckets);
        for (let i = 0; i < thresholds.length; i++) if (bucket < (thresholds[i] as number)) return ids[i] as string;
        return null;
      },
    };
  },
};
