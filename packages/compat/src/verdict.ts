/**
 * The `compat:verdict` segmenter: Shopify Verdict's FixedPercentageSegmenter and RolloutSegmenter,
 * bit for bit — `Digest::MD5.hexdigest("#{handle}#{identifier}#{salt}").to_i(16) % 100`, the whole
 * 128-bit digest reduced mod 100, against consecutive integer percentage ranges in group order.
 * @module
 */
import { md5, Utf8Buffer } from "@strata/hash";
import { checkedOptionsSchema, type OptionsChecker, type Segmenter, type SegmenterContext } from "@strata/segmenters";
import { COMPAT_SCHEMA_SETTINGS, type CompatSegmenterFactory } from "./factory.ts";
import { digestMod } from "./hashing/digest-integer.ts";

/** A Verdict group: its size in whole percent, `"rest"` (100 minus the groups before it) or `"half"` (50). */
export interface VerdictGroup {
  /** The group handle. */
  readonly id: string;
  /** Whole percent, "rest" or "half", as in `group :control, 50`. */
  readonly percentage: number | "rest" | "half";
}

/** Options of `compat:verdict`. */
export interface VerdictOptions {
  /** The experiment handle (default: the Strata experiment id). */
  readonly handle?: string;
  /** `FixedPercentageSegmenter.salt` (a class-level setting, unset by default); not used by the rollout segmenter. */
  readonly salt?: string;
  /** `fixed` (FixedPercentageSegmenter: groups add up to exactly 100, the default) or `rollout` (RolloutSegmenter: less than 100). */
  readonly segmenter?: "fixed" | "rollout";
  /** The groups in the order Verdict registers them. */
  readonly groups: readonly VerdictGroup[];
}

interface CheckedVerdict {
  readonly handle: string | undefined;
  readonly salt: string;
  readonly ids: readonly string[];
  /** Each group's end percentile (exclusive); starts follow from the order. */
  readonly ends: readonly number[];
  readonly sizes: readonly number[];
}

const EXAMPLE = `[{ "id": "control", "percentage": 50 }, { "id": "test", "percentage": "rest" }]`;

function check(value: unknown, checker: OptionsChecker): CheckedVerdict | undefined {
  const options = checker.object(value, [], ["handle", "salt", "segmenter", "groups"]);
  if (options === undefined) return undefined;
  const handle = options.handle === undefined ? undefined : checker.string(options.handle, ["handle"], "the Verdict experiment handle");
  const kind = options.segmenter === undefined ? "fixed" : checker.oneOf(options.segmenter, ["segmenter"], ["fixed", "rollout"] as const, "the Verdict segmenter class");
  let salt = "";
  if (options.salt !== undefined) {
    if (kind === "rollout") checker.fail(["salt"], `Verdict's RolloutSegmenter hashes no salt — remove "salt"`);
    salt = checker.string(options.salt, ["salt"], "FixedPercentageSegmenter.salt", true) ?? "";
  }
  const groups = checker.groups(options.groups, ["id", "percentage"], 1, EXAMPLE) ?? [];
  let total = 0;
  const sizes: number[] = [];
  const ends: number[] = [];
  for (const { entry, path } of groups) {
    const size =
      entry.percentage === "rest" ? 100 - total : entry.percentage === "half" ? 50 : checker.number(entry.percentage, [...path, "percentage"], 0, 100, `whole percent, "rest" or "half"`, true);
    if (size === undefined) continue;
    total += size;
    sizes.push(size);
    ends.push(total);
  }
  if (checker.issues.length === 0) {
    if (kind === "fixed" && total !== 100) checker.fail(["groups"], `Verdict's FixedPercentageSegmenter needs exactly 100%, but the groups add up to ${total}% — fix the percentages or give the last group "rest"`);
    if (kind === "rollout" && total >= 100) checker.fail(["groups"], `Verdict's RolloutSegmenter needs less than 100%, but the groups add up to ${total}% — lower a percentage or use "segmenter": "fixed"`);
  }
  if (checker.issues.length > 0) return undefined;
  return { handle, salt, ids: groups.map((g) => g.id), ends, sizes };
}

/** The `compat:verdict` options schema. */
const schema = checkedOptionsSchema<VerdictOptions, CheckedVerdict>(check, COMPAT_SCHEMA_SETTINGS);

/** Verdict's percentile of an identifier: MD5 of `handle + identifier + salt`, the whole digest mod 100. */
export function verdictPercentile(handle: string, identifier: string, salt = ""): number {
  const buffer = new Utf8Buffer();
  return digestMod(md5(buffer.bytes.subarray(0, buffer.write(handle + identifier + salt, 0))), 100);
}

/** Verdict's static percentage segmenters: the unit is the subject identifier (`subject.id.to_s`). */
export const verdict: CompatSegmenterFactory<VerdictOptions> = {
  type: "compat:verdict",
  options: schema,
  create(options: VerdictOptions, ctx: SegmenterContext): Segmenter {
    const { handle = ctx.experimentId, salt, ids, ends, sizes } = schema.verify(options, ctx.experimentId);
    const buffer = new Utf8Buffer(handle.length * 3 + 64);
    const handleEnd = buffer.write(handle, 0);
    const byPercentile = new Int8Array(100).fill(-1);
    let start = 0;
    ends.forEach((end, i) => {
      byPercentile.fill(i, start, end);
      start = end;
    });
    return {
      groups: ids,
      expectedShares: Object.fromEntries(ids.map((id, i) => [id, (sizes[i] as number) / 100])),
      assign(unit: string): string | null {
        // Verdict raises EmptySubjectIdentifier for an empty identifier: no group.
        if (unit === "") return null;
        const end = buffer.write(salt, buffer.write(unit, handleEnd));
        return ids[byPercentile[digestMod(md5(buffer.bytes.subarray(0, end)), 100)] as number] ?? null;
      },
    };
  },
};
