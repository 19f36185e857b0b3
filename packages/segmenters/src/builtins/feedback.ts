/**
 * The `feedback` segmenter: a Beta-Bernoulli Thompson-sampling bandit over the groups, with
 * deterministic per-unit draws, a uniform warm-up and an exploration floor.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { Segmenter, SegmenterContext, SegmenterFactory } from "../contract.ts";
import { MemoryFeedbackStats, type ArmCounts, type FeedbackStats } from "../feedback-stats.ts";
import { checkedOptionsSchema } from "../options/builtin-schema.ts";
import { ALL_HUNDREDTHS, describe, percentText, type OptionsChecker, type OptionsPath } from "../options/checker.ts";
import { betaLogOdds, sampleGamma } from "../random/beta-sampler.ts";
import { SeededRandom } from "../random/seeded-random.ts";

/** A Beta prior on an arm's conversion rate: `alpha - 1` prior successes and `beta - 1` prior failures. */
export interface BetaPrior {
  /** Prior successes plus one; > 0. */
  readonly alpha: number;
  /** Prior failures plus one; > 0. */
  readonly beta: number;
}

/** An arm of the feedback bandit. */
export interface FeedbackGroup {
  /** The group id (declared by the experiment). */
  readonly id: string;
  /** The arm's prior; default `{ alpha: 1, beta: 1 }` (uniform). */
  readonly prior?: BetaPrior;
}

/** Options of the `feedback` segmenter. */
export interface FeedbackOptions {
  /** The arms (at least two), called `groups` like every segmenter's. */
  readonly groups: readonly FeedbackGroup[];
  /** Assign uniformly at random until the arms have this many trials in all (default 0). */
  readonly warmup?: number;
  /** Every arm keeps at least this percent of new units (default 0; floor × arms <= 100). */
  readonly floor?: number;
}

interface CheckedFeedback {
  readonly ids: readonly string[];
  readonly priors: readonly BetaPrior[];
  readonly warmup: number;
  /** The chance of a uniform (exploration) draw: floor × arms. */
  readonly explore: number;
}

const EXAMPLE = `[{ "id": "control" }, { "id": "treatment", "prior": { "alpha": 1, "beta": 1 } }]`;
const UNIFORM: BetaPrior = Object.freeze({ alpha: 1, beta: 1 });

function checkPrior(value: unknown, path: OptionsPath, checker: OptionsChecker): BetaPrior {
  if (value === undefined) return UNIFORM;
  const prior = checker.object(value, path, ["alpha", "beta"]);
  if (prior === undefined) return UNIFORM;
  const positive = (key: "alpha" | "beta"): number => {
    const n = prior[key];
    if (typeof n === "number" && n > 0 && n <= 1e9) return n;
    checker.fail([...path, key], `must be a number > 0 and <= 1e9 (got ${describe(n)}) — use 1 for a uniform prior, or prior conversions + 1`);
    return 1;
  };
  return { alpha: positive("alpha"), beta: positive("beta") };
}

function check(value: unknown, checker: OptionsChecker): CheckedFeedback | undefined {
  const options = checker.object(value, [], ["groups", "warmup", "floor"], { arms: "groups" });
  if (options === undefined) return undefined;
  const groups = checker.groups(options.groups, ["id", "prior"], 2, EXAMPLE) ?? [];
  const priors = groups.map(({ entry, path }) => checkPrior(entry.prior, [...path, "prior"], checker));
  const warmup = options.warmup === undefined ? 0 : checker.integer(options.warmup, ["warmup"], 0, 1e12, "the number of trials assigned uniformly");
  const floor = options.floor === undefined ? 0 : checker.hundredths(options.floor, ["floor"]);
  if (floor !== undefined && floor * groups.length > ALL_HUNDREDTHS) {
    checker.fail(["floor"], `gives each of ${groups.length} arms ${percentText(floor)}, over 100% in all — keep floor × arms at most 100`);
  }
  if (checker.issues.length > 0) return undefined;
  return { ids: groups.map((g) => g.id), priors, warmup: warmup ?? 0, explore: ((floor ?? 0) * groups.length) / ALL_HUNDREDTHS };
}

/** The `feedback` options schema (hand-written Standard Schema). */
const schema = checkedOptionsSchema<FeedbackOptions, CheckedFeedback>(check);

const NO_COUNTS: Readonly<Record<string, ArmCounts>> = Object.freeze({});

/** A count from a store, as a finite number >= 0 (anything else counts as 0). */
function count(value: unknown): number {
  return typeof value === "number" && value > 0 && Number.isFinite(value) ? value : 0;
}

/** Reads a store without ever throwing: a failing store reads as no data (the priors decide). */
function safeRead(stats: FeedbackStats, experimentId: string): Readonly<Record<string, ArmCounts>> {
  try {
    return stats.read(experimentId) ?? NO_COUNTS;
  } catch {
    return NO_COUNTS;
  }
}

/**
 * Thompson sampling over the groups. Each unit's draw is seeded from its own hash, so the same
 * unit with the same statistics snapshot gets the same group; `assign` counts a trial and
 * `convert` a success. Sticky: the engine keeps a unit's first group when it has an assignment store.
 */
export const feedback: SegmenterFactory<FeedbackOptions> & { readonly options: StandardSchemaV1<FeedbackOptions> } = {
  type: "feedback",
  options: schema,
  create(options: FeedbackOptions, ctx: SegmenterContext): Segmenter {
    const { ids, priors, warmup, explore } = schema.verify(options, ctx.experimentId);
    const { experimentId } = ctx;
    const stats = ctx.stores.feedback ?? new MemoryFeedbackStats();
    const drawSalt = `${ctx.salt}:feedback`;
    const random = new SeededRandom();
    const arms = ids.length;
    const alphas = new Float64Array(arms);
    const betas = new Float64Array(arms);
    /** The arms whose draws tie for the highest, in order. */
    const tiedArms = new Int32Array(arms);
    /** Each arm's draw in log space (log-odds), made only to break a tie. */
    const logOdds = new Float64Array(arms);

    /** Loads posterior parameters from a snapshot; returns the total trials. */
    const posterior = (snapshot: Readonly<Record<string, ArmCounts>>): number => {
      let trials = 0;
      for (let i = 0; i < arms; i++) {
        const id = ids[i] as string;
        const counts = Object.hasOwn(snapshot, id) ? snapshot[id] : undefined;
        const n = count(counts?.trials);
        const wins = Math.min(count(counts?.successes), n);
        trials += n;
        alphas[i] = (priors[i] as BetaPrior).alpha + wins;
        betas[i] = (priors[i] as BetaPrior).beta + (n - wins);
      }
      return trials;
    };

    const choose = (unit: string): number => {
      const trials = posterior(safeRead(stats, experimentId));
      const seed = ctx.bucket(unit, drawSalt, 0xffffffff);
      random.reseed(seed);
      if (trials < warmup || (explore > 0 && random.next() < explore)) return Math.floor(random.next() * arms);
      let best = 0;
      let bestDraw = -1;
      let tied = 0;
      let unplaced = false;
      for (let i = 0; i < arms; i++) {
        // A Beta draw X / (X + Y), as sampleBeta makes it.
        const x = sampleGamma(random, alphas[i] as number);
        const sum = x + sampleGamma(random, betas[i] as number);
        if (!(sum > 0)) {
          // Both Gamma draws underflowed (alpha and beta tiny): only log space can place this draw.
          unplaced = true;
          continue;
        }
        const draw = x / sum;
        if (draw > bestDraw) {
          best = i;
          bestDraw = draw;
          tied = 0;
        }
        if (draw === bestDraw) tiedArms[tied++] = i;
      }
      if (unplaced) {
        for (let i = 0; i < arms; i++) tiedArms[i] = i;
        return breakTie(arms, seed);
      }
      return tied > 1 ? breakTie(tied, seed) : best;
    };

    /**
     * Of the `tied` arms in `tiedArms` whose draws are the same number (tiny priors underflow to
     * 0; huge counts make every draw its mean), or of every arm when a draw could not be placed
     * at all, the one whose draw is highest in log space; a
     * uniform pick among those still equal. The draws are made again in log space from the
     * unit's `seed` (re-seeding replays the same random numbers), so the common case, without a
     * tie, pays nothing for it.
     */
    const breakTie = (tied: number, seed: number): number => {
      random.reseed(seed);
      if (explore > 0) random.next();
      for (let i = 0; i < arms; i++) logOdds[i] = betaLogOdds(random, alphas[i] as number, betas[i] as number);
      let top = 0;
      let bestLogOdds = -Infinity;
      for (let k = 0; k < tied; k++) {
        const arm = tiedArms[k] as number;
        const value = logOdds[arm] as number;
        if (value > bestLogOdds || k === 0) {
          bestLogOdds = value;
          top = 0;
        }
        if (value === bestLogOdds) tiedArms[top++] = arm;
      }
      return top > 1 ? (tiedArms[Math.floor(random.next() * top)] as number) : (tiedArms[0] as number);
    };

    const countTrial = (group: string): void => {
      try {
        stats.increment(experimentId, group, "trials");
      } catch {
        // A failing store loses one count; the unit still gets its group.
      }
    };

    return {
      groups: ids,
      sticky: true,
      /** Uniform while warming up or while every arm has the same posterior; otherwise it depends on the data. */
      get expectedShares(): Readonly<Record<string, number>> | undefined {
        const trials = posterior(safeRead(stats, experimentId));
        const symmetric = alphas.every((a) => a === alphas[0]) && betas.every((b) => b === betas[0]);
        if (trials >= warmup && !symmetric && explore < 1) return undefined;
        return Object.fromEntries(ids.map((id) => [id, 1 / arms]));
      },
      assign(unit, ctx) {
        const group = ids[choose(unit)] ?? (ids[0] as string);
        if (ctx?.dryRun !== true) countTrial(group);
        return group;
      },
      trial(_unit, group) {
        if (ids.includes(group)) countTrial(group);
      },
      convert(_unit, group) {
        if (!ids.includes(group)) return;
        try {
          stats.increment(experimentId, group, "successes");
        } catch {
          // As above: never throw into the caller's conversion path.
        }
      },
    };
  },
};
