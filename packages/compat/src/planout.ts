/**
 * The `compat:planout` segmenter: PlanOut's UniformChoice, WeightedChoice and BernoulliTrial, bit
 * for bit — SHA-1 of UTF-8 `experimentSalt + "." + paramSalt + "." + unit` (or `fullSalt + "." +
 * unit`), read as the first 13 hex digits (PlanOut.js's default build, 52 bits, exact in a double)
 * or the first 15 (its core-compatible build and Python PlanOut, 60 bits, with BigNumber's
 * 20-decimal division reproduced in BigInt).
 * @module
 */
import { sha1, Utf8Buffer } from "@strata/hash";
import { checkedOptionsSchema, type OptionsChecker, type Segmenter, type SegmenterContext } from "@strata/segmenters";
import { COMPAT_SCHEMA_SETTINGS, type CompatSegmenterFactory } from "./factory.ts";
import { hexPrefixBigInt, hexPrefixMod, hexPrefixValue } from "./hashing/digest-integer.ts";

/** The PlanOut random operators this segmenter reproduces. */
export type PlanOutOp = "UniformChoice" | "WeightedChoice" | "BernoulliTrial";

/** Which PlanOut build's arithmetic: `default` (planout.js main, 13 hex digits) or `core-compatible` (15, as Python PlanOut). */
export type PlanOutBuild = "default" | "core-compatible";

/** A PlanOut choice (UniformChoice/WeightedChoice, in `choices` order) or BernoulliTrial outcome. */
export interface PlanOutGroup {
  /** The group id (the choice's value). */
  readonly id: string;
  /** WeightedChoice only: the choice's weight. */
  readonly weight?: number;
  /** BernoulliTrial only: the outcome this group stands for, 1 (success) or 0. */
  readonly outcome?: 0 | 1;
}

/** Options of `compat:planout`. */
export interface PlanOutOptions {
  /** The random operator. */
  readonly op: PlanOutOp;
  /** The PlanOut build whose arithmetic to reproduce (default "default"). */
  readonly build?: PlanOutBuild;
  /** The experiment's salt: its name unless `setSalt` was called (`namespace-expName` inside a SimpleNamespace). */
  readonly experimentSalt?: string;
  /** The parameter's salt: the parameter name unless the operator was given `salt`. */
  readonly paramSalt?: string;
  /** The operator's `full_salt`, replacing `experimentSalt.paramSalt`. */
  readonly fullSalt?: string;
  /** BernoulliTrial only: the probability of outcome 1. */
  readonly p?: number;
  /** The choices in order (UniformChoice, WeightedChoice) or the outcomes (BernoulliTrial; a missing outcome means "not in the experiment"). */
  readonly groups: readonly PlanOutGroup[];
}

interface CheckedPlanOut {
  readonly op: PlanOutOp;
  readonly digits: 13 | 15;
  readonly prefix: string;
  readonly ids: readonly string[];
  readonly weights: readonly number[];
  readonly p: number;
  /** BernoulliTrial: the group index per outcome. */
  readonly outcomes: readonly [failure: number, success: number];
}

const OPS = ["UniformChoice", "WeightedChoice", "BernoulliTrial"] as const;

function check(value: unknown, checker: OptionsChecker): CheckedPlanOut | undefined {
  const options = checker.object(value, [], ["op", "build", "experimentSalt", "paramSalt", "fullSalt", "p", "groups"]);
  if (options === undefined) return undefined;
  const op = checker.oneOf(options.op, ["op"], OPS, "the PlanOut operator that assigns the parameter");
  const build = options.build === undefined ? "default" : checker.oneOf(options.build, ["build"], ["default", "core-compatible"] as const, "the PlanOut build (core-compatible = Python PlanOut)");
  let prefix: string | undefined;
  if (options.fullSalt !== undefined) {
    for (const key of ["experimentSalt", "paramSalt"]) {
      if (options[key] !== undefined) checker.fail([key], `"fullSalt" replaces the experiment and parameter salts — remove "${key}"`);
    }
    const fullSalt = checker.string(options.fullSalt, ["fullSalt"], "the operator's full_salt", true);
    if (fullSalt !== undefined) prefix = `${fullSalt}.`;
  } else {
    const experimentSalt = checker.string(options.experimentSalt, ["experimentSalt"], `the PlanOut experiment's salt (its name unless setSalt was used), e.g. "exp1"`, true);
    const paramSalt = checker.string(options.paramSalt, ["paramSalt"], `the parameter's salt (its name unless the operator has "salt"), e.g. "variation"`, true);
    if (experimentSalt !== undefined && paramSalt !== undefined) prefix = `${experimentSalt}.${paramSalt}.`;
  }
  const groupKeys = op === "WeightedChoice" ? ["id", "weight"] : op === "BernoulliTrial" ? ["id", "outcome"] : ["id"];
  const groups = checker.groups(options.groups, groupKeys, 1, op === "BernoulliTrial" ? `[{ "id": "on", "outcome": 1 }, { "id": "off", "outcome": 0 }]` : `[{ "id": "a" }, { "id": "b" }]`) ?? [];
  let weights: number[] = [];
  let p = 0;
  const outcomes: [number, number] = [-1, -1];
  if (op === "WeightedChoice") {
    weights = groups.map(({ entry, path }) => checker.number(entry.weight, [...path, "weight"], 0, Number.MAX_SAFE_INTEGER, "the choice's weight") ?? 0);
    if (checker.issues.length === 0 && !(weights.reduce((a, b) => a + b, 0) > 0)) checker.fail(["groups"], "the weights add up to 0 — give at least one choice a positive weight");
  } else if (op === "BernoulliTrial") {
    p = checker.number(options.p, ["p"], 0, 1, "the probability of outcome 1") ?? 0;
    groups.forEach(({ entry, path }, index) => {
      const outcome = checker.oneOf(entry.outcome, [...path, "outcome"], [0, 1] as const, "the trial outcome this group stands for");
      if (outcome === undefined) return;
      if (outcomes[outcome] >= 0) checker.fail([...path, "outcome"], `outcome ${outcome} already has a group (groups[${outcomes[outcome]}]) — give each outcome at most one group`);
      outcomes[outcome] = index;
    });
  }
  if (op !== "BernoulliTrial" && options.p !== undefined) checker.fail(["p"], `only BernoulliTrial takes "p" — remove it`);
  if (checker.issues.length > 0 || op === undefined || build === undefined || prefix === undefined) return undefined;
  return { op, digits: build === "default" ? 13 : 15, prefix, ids: groups.map((g) => g.id), weights, p, outcomes };
}

/** The `compat:planout` options schema. */
const schema = checkedOptionsSchema<PlanOutOptions, CheckedPlanOut>(check, COMPAT_SCHEMA_SETTINGS);

const LONG_SCALE_52 = 0xfffffffffffff;
const LONG_SCALE_60 = 0xfffffffffffffffn;
const TEN_TO_20 = 10n ** 20n;

/** PlanOut's uniform draw in [0, 1] from a SHA-1 digest, as the given build computes it. */
export function planoutUniform(digest: Uint8Array, digits: 13 | 15): number {
  if (digits === 13) return hexPrefixValue(digest, 13) / LONG_SCALE_52;
  // BigNumber(h, 16).dividedBy(0xFFFFFFFFFFFFFFF) rounds to 20 decimals, half up, then toNumber() parses that decimal.
  const scaled = hexPrefixBigInt(digest, 15) * TEN_TO_20;
  let quotient = scaled / LONG_SCALE_60;
  if ((scaled % LONG_SCALE_60) * 2n >= LONG_SCALE_60) quotient += 1n;
  return Number(`${quotient}e-20`);
}

/** PlanOut's operators over a unit: the experiment's prefix is fixed, the unit appended. */
export const planout: CompatSegmenterFactory<PlanOutOptions> = {
  type: "compat:planout",
  options: schema,
  create(options: PlanOutOptions, ctx: SegmenterContext): Segmenter {
    const { op, digits, prefix, ids, weights, p, outcomes } = schema.verify(options, ctx.experimentId);
    // The prefix is encoded once; each unit is encoded after it into the same buffer.
    const buffer = new Utf8Buffer(prefix.length * 3 + 64);
    const prefixEnd = buffer.write(prefix, 0);
    const digestOf = (unit: string): Uint8Array => {
      const end = buffer.write(unit, prefixEnd);
      return sha1(buffer.bytes.subarray(0, end));
    };
    const cumulative: number[] = [];
    let sum = 0;
    for (const weight of weights) cumulative.push((sum += weight));
    let assign: (unit: string) => string | null;
    let shares: Record<string, number>;
    if (op === "UniformChoice") {
      assign = (unit) => ids[digits === 13 ? hexPrefixValue(digestOf(unit), 13) % ids.length : hexPrefixMod(digestOf(unit), 15, ids.length)] ?? null;
      shares = Object.fromEntries(ids.map((id) => [id, 1 / ids.length]));
    } else if (op === "WeightedChoice") {
      assign = (unit) => {
        const stop = planoutUniform(digestOf(unit), digits) * sum;
        for (let i = 0; i < cumulative.length; i++) if (stop <= (cumulative[i] as number)) return ids[i] as string;
        return null;
      };
      shares = Object.fromEntries(ids.map((id, i) => [id, (weights[i] as number) / sum]));
    } else {
      assign = (unit) => ids[outcomes[planoutUniform(digestOf(unit), digits) <= p ? 1 : 0]] ?? null;
      shares = Object.fromEntries(ids.map((id, i) => [id, i === outcomes[1] ? p : 1 - p]));
    }
    return { groups: ids, expectedShares: shares, assign };
  },
};
