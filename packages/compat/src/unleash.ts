/**
 * The `compat:unleash` segmenter: Unleash's flexible rollout and variants, bit for bit — MurmurHash3
 * over the **low byte of each UTF-16 code unit** of `groupId + ":" + stickinessValue` (what the
 * `murmurhash3js` package computes), `h % 100 + 1 <= rollout` with seed 0, and variants by
 * `h % totalWeight + 1` with seed 86028157 against cumulative weights.
 * @module
 */
import { checkedOptionsSchema, type OptionsChecker, type Segmenter, type SegmenterContext } from "@strata/segmenters";
import { COMPAT_SCHEMA_SETTINGS, type CompatSegmenterFactory } from "./factory.ts";
import { LowByteMurmur } from "./hashing/low-byte-murmur.ts";

/** The MurmurHash3 seed of Unleash's rollout strategies (`STRATEGY_SEED`). */
export const UNLEASH_STRATEGY_SEED = 0;
/** The MurmurHash3 seed of Unleash's variant selection (`VARIANT_SEED`). */
export const UNLEASH_VARIANT_SEED = 86_028_157;

/** A group: the enabled toggle (one group, no weight) or a variant with its weight. */
export interface UnleashGroup {
  /** The group id (the variant name, or e.g. "enabled"). */
  readonly id: string;
  /** The variant's weight (the server normalises variants to a total of 1000); omit for a plain enabled toggle. */
  readonly weight?: number;
}

/** Options of `compat:unleash`. */
export interface UnleashOptions {
  /** The strategy's `groupId` (the Unleash server fills in the toggle name); `""` when absent, as the Node client's rollout hashes `":" + id`. */
  readonly groupId: string;
  /** The flexible rollout percentage, 0–100 (default 100). */
  readonly rollout?: number;
  /** One group without a weight (the toggle is on), or the variants in order with their weights. */
  readonly groups: readonly UnleashGroup[];
  /** The groupId hashed for variants (default `groupId`; feature-level variants use the toggle name; `"undefined"` for a strategy without a groupId, whose variants the Node client hashes as `"undefined:" + id`). */
  readonly variantGroupId?: string;
}

interface CheckedUnleash {
  readonly groupId: string;
  readonly variantGroupId: string;
  readonly rollout: number;
  readonly ids: readonly string[];
  /** Variant weights, or undefined for a plain enabled toggle. */
  readonly weights: readonly number[] | undefined;
}

const EXAMPLE = `[{ "id": "blue", "weight": 500 }, { "id": "red", "weight": 500 }]`;

function check(value: unknown, checker: OptionsChecker): CheckedUnleash | undefined {
  const options = checker.object(value, [], ["groupId", "rollout", "groups", "variantGroupId"]);
  if (options === undefined) return undefined;
  const groupId = checker.string(options.groupId, ["groupId"], `the strategy's groupId (usually the toggle name; "" when the strategy has none)`, true);
  const variantGroupId =
    options.variantGroupId === undefined ? groupId : checker.string(options.variantGroupId, ["variantGroupId"], "the groupId hashed for variants (the toggle name for feature-level variants)", true);
  const rollout = options.rollout === undefined ? 100 : checker.number(options.rollout, ["rollout"], 0, 100, "the flexible rollout percentage");
  const groups = checker.groups(options.groups, ["id", "weight"], 1, EXAMPLE) ?? [];
  const weighted = groups.filter(({ entry }) => entry.weight !== undefined).length;
  let weights: number[] | undefined;
  if (weighted === 0 && groups.length > 1) {
    checker.fail(["groups"], `several groups are variants and need weights, e.g. ${EXAMPLE} — or keep one group for a plain on/off toggle`);
  } else if (weighted > 0) {
    if (weighted < groups.length) checker.fail(["groups"], `either every group has a "weight" (variants) or the only group has none (on/off) — add the missing weights`);
    weights = groups.map(({ entry, path }) => checker.number(entry.weight, [...path, "weight"], 0, 1_000_000, "the variant's weight (Unleash normalises to a total of 1000)", true) ?? 0);
    if (checker.issues.length === 0 && weights.reduce((a, b) => a + b, 0) <= 0) {
      checker.fail(["groups"], `the weights add up to 0, so Unleash picks no variant — give at least one variant a positive weight`);
    }
  }
  if (checker.issues.length > 0 || groupId === undefined || variantGroupId === undefined || rollout === undefined) return undefined;
  return { groupId, variantGroupId, rollout, ids: groups.map((g) => g.id), weights };
}

/** The `compat:unleash` options schema. */
const schema = checkedOptionsSchema<UnleashOptions, CheckedUnleash>(check, COMPAT_SCHEMA_SETTINGS);

/**
 * Unleash's `flexibleRollout` strategy with its variants: the unit is the stickiness value
 * (`userId` for the default stickiness, or the configured context field).
 */
export const unleash: CompatSegmenterFactory<UnleashOptions> = {
  type: "compat:unleash",
  options: schema,
  create(options: UnleashOptions, ctx: SegmenterContext): Segmenter {
    const { groupId, variantGroupId, rollout, ids, weights } = schema.verify(options, ctx.experimentId);
    const murmur = new LowByteMurmur();
    const strategyPrefix = `${groupId}:`;
    const variantPrefix = `${variantGroupId}:`;
    const total = weights === undefined ? 0 : weights.reduce((a, b) => a + b, 0);
    const enabledShare = rollout > 0 ? Math.min(100, Math.floor(rollout)) / 100 : 0;
    return {
      groups: ids,
      expectedShares: Object.fromEntries(ids.map((id, i) => [id, enabledShare * (weights === undefined ? 1 : (weights[i] as number) / total)])),
      assign(unit: string): string | null {
        if (unit === "") return null;
        const normalized = (murmur.hash(strategyPrefix, unit, UNLEASH_STRATEGY_SEED) % 100) + 1;
        if (!(rollout > 0 && normalized <= rollout)) return null;
        if (weights === undefined) return ids[0] as string;
        const target = (murmur.hash(variantPrefix, unit, UNLEASH_VARIANT_SEED) % total) + 1;
        let counter = 0;
        for (let i = 0; i < weights.length; i++) {
          const weight = weights[i] as number;
          if (weight === 0) continue;
          counter += weight;
          if (counter >= target) return ids[i] as string;
        }
        return null;
      },
    };
  },
};
