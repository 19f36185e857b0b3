/**
 * The `percentage` segmenter (Verdict's static percentage): weighted groups as contiguous
 * ranges over the experiment's 10,000 buckets, with an optional coverage that only ever adds units.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { Segmenter, SegmenterContext, SegmenterFactory } from "../contract.ts";
import { checkedOptionsSchema } from "../options/builtin-schema.ts";
import { ALL_HUNDREDTHS, percentText, type OptionsChecker } from "../options/checker.ts";
import { bucketTable, type BucketRanges } from "./bucket-table.ts";
import { hashOnlySegmenter } from "./hash-only-segmenter.ts";

/** A group of the percentage segmenter: its weight in percent (two decimals), or "rest". */
export interface PercentageGroup {
  /** The group id (declared by the experiment). */
  readonly id: string;
  /** The group's share in percent, 0–100 with at most two decimals, or "rest" for what the others leave. */
  readonly weight: number | "rest";
}

/** Options of the `percentage` segmenter. */
export interface PercentageOptions {
  /** The groups, whose ranges follow each other in this order; the weights add up to exactly 100. */
  readonly groups: readonly PercentageGroup[];
  /** The percent of units in the experiment (0–100, default 100); raising it only adds units. */
  readonly coverage?: number;
}

interface CheckedPercentage {
  readonly ids: readonly string[];
  /** Each group's weight in hundredths of a percent, i.e. in buckets. */
  readonly weights: readonly number[];
  readonly coverage: number;
}

const EXAMPLE = `[{ "id": "control", "weight": 50 }, { "id": "treatment", "weight": "rest" }]`;

function check(value: unknown, checker: OptionsChecker): CheckedPercentage | undefined {
  const options = checker.object(value, [], ["groups", "coverage"]);
  if (options === undefined) return undefined;
  const groups = checker.groups(options.groups, ["id", "weight"], 1, EXAMPLE) ?? [];
  let rest: number | undefined;
  let sum = 0;
  const weights = groups.map(({ entry, path }, index) => {
    if (entry.weight === "rest") {
      if (rest !== undefined) checker.fail([...path, "weight"], `only one group may take "rest" (groups[${rest}] already does) — give this group a number`);
      rest = index;
      return 0;
    }
    const weight = checker.hundredths(entry.weight, [...path, "weight"]) ?? 0;
    sum += weight;
    return weight;
  });
  const coverage = options.coverage === undefined ? ALL_HUNDREDTHS : checker.hundredths(options.coverage, ["coverage"]);
  if (checker.issues.length > 0) return undefined;
  if (rest !== undefined) {
    if (sum > ALL_HUNDREDTHS) return checker.fail(["groups"], `weights add up to ${percentText(sum)} before "rest", over 100% — lower some weights`);
    weights[rest] = ALL_HUNDREDTHS - sum;
  } else if (sum !== ALL_HUNDREDTHS) {
    return checker.fail(["groups"], `weights add up to ${percentText(sum)}, not 100% — make them add up to exactly 100, or give one group the weight "rest"`);
  }
  return { ids: groups.map((group) => group.id), weights, coverage: coverage ?? ALL_HUNDREDTHS };
}

/** The `percentage` options schema (hand-written Standard Schema). */
const schema = checkedOptionsSchema<PercentageOptions, CheckedPercentage>(check);

/**
 * Each group's covered range: it starts where the full-coverage range starts and keeps
 * `floor(weight × coverage)` buckets, so raising coverage only lengthens ranges (GrowthBook-style).
 */
function coveredRanges({ weights, coverage }: CheckedPercentage): BucketRanges[] {
  let start = 0;
  return weights.map((weight) => {
    const range = [start, start + coveredBuckets(weight, coverage)] as const;
    start += weight;
    return [range];
  });
}

/** The buckets of a group of `weight` hundredths that `coverage` hundredths keep. */
function coveredBuckets(weight: number, coverage: number): number {
  return Math.floor((weight * coverage) / ALL_HUNDREDTHS);
}

/** Static percentage split: weighted, contiguous ranges of the experiment's 10,000 buckets, in the listed order. */
export const percentage: SegmenterFactory<PercentageOptions> & { readonly options: StandardSchemaV1<PercentageOptions> } = {
  type: "percentage",
  options: schema,
  create(options: PercentageOptions, ctx: SegmenterContext): Segmenter {
    const checked = schema.verify(options, ctx.experimentId);
    const { ids } = checked;
    const expectedShares = Object.fromEntries(
      ids.map((id, i) => [id, coveredBuckets(checked.weights[i] ?? 0, checked.coverage) / ALL_HUNDREDTHS]),
    );
    return hashOnlySegmenter({ ids, expectedShares, table: bucketTable(coveredRanges(checked)), hash: ctx.hash });
  },
};
