import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSegmenter, feedback, MemoryFeedbackStats, percentage, type ArmCounts, type FeedbackOptions, type FeedbackStats, type Segmenter } from "../src/index.ts";
import { SeededRandom } from "../src/random/seeded-random.ts";
import { chiSquareTest, frozenFeedbackStats, testSegmenter } from "../src/testing/index.ts";
import { logGamma } from "../src/index.ts";
import { context, request, thrown } from "./helpers.ts";

const twoArms: FeedbackOptions = { groups: [{ id: "control" }, { id: "treatment" }] };

testSegmenter({
  factory: feedback,
  options: { groups: [{ id: "a" }, { id: "b" }, { id: "c" }] },
  invalid: [
    { options: { groups: [{ id: "only" }] }, path: "groups" },
    { options: { arms: [{ id: "a" }, { id: "b" }] }, path: "arms" },
    { options: { groups: [{ id: "a" }, { id: "b" }], floor: 60 }, path: "floor" },
    { options: { groups: [{ id: "a", prior: { alpha: 0, beta: 1 } }, { id: "b" }] }, path: "groups[0].prior.alpha" },
    { options: { groups: [{ id: "a" }, { id: "b" }], warmup: 1.5 }, path: "warmup" },
  ],
});

testSegmenter({
  name: 'segmenter "feedback" with unequal priors, in warm-up',
  factory: feedback,
  options: { groups: [{ id: "a", prior: { alpha: 1, beta: 30 } }, { id: "b", prior: { alpha: 30, beta: 1 } }], warmup: 1000, floor: 5 },
  invalid: [{ options: { groups: [{ id: "a" }, { id: "b" }], floor: 50.001 }, path: "floor" }],
});

testSegmenter({
  name: 'segmenter "feedback" with a tiny prior (alpha 0.001), whose Gamma draws underflow to 0',
  factory: feedback,
  options: { groups: [{ id: "a", prior: { alpha: 0.001, beta: 1 } }, { id: "b", prior: { alpha: 0.001, beta: 1 } }] },
  invalid: [{ options: { groups: [{ id: "a", prior: { alpha: -0.001, beta: 1 } }, { id: "b" }] }, path: "groups[0].prior.alpha" }],
});

/** A segmenter over a fixed snapshot (reads never change, increments are dropped). */
function atSnapshot(options: FeedbackOptions, snapshot: Record<string, ArmCounts>, experimentId = "bandit"): Segmenter {
  return createSegmenter(feedback, options, context(experimentId, { feedback: frozenFeedbackStats(snapshot) }));
}

/** Counts the groups given to `units` fresh units. */
function shares(segmenter: Segmenter, units: number, prefix = "u"): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < units; i++) {
    const group = segmenter.assign(`${prefix}${i}`, request) ?? "(null)";
    counts[group] = (counts[group] ?? 0) + 1;
  }
  return counts;
}

/** P(X > Y) for X ~ Beta(a1, b1), Y ~ Beta(a2, b2), integer a1 (Evan Miller's closed form). */
function probabilityGreater(a1: number, b1: number, a2: number, b2: number): number {
  const logBeta = (x: number, y: number) => logGamma(x) + logGamma(y) - logGamma(x + y);
  let total = 0;
  for (let i = 0; i < a1; i++) {
    total += Math.exp(logBeta(a2 + i, b1 + b2) - Math.log(b1 + i) - logBeta(1 + i, b1) - logBeta(a2, b2));
  }
  return total;
}

/** Pearson's p-value of observed counts against expected shares. */
function pValue(counts: Record<string, number>, expected: Record<string, number>, units: number): number {
  const ids = Object.keys(expected);
  return chiSquareTest(ids.map((id) => counts[id] ?? 0), ids.map((id) => (expected[id] as number) * units)).pValue;
}

/** Runs `units` simulated units through `segmenter`; each converts with its group's true rate. */
function simulate(segmenter: Segmenter, rates: Record<string, number>, units: number, seed: number): string[] {
  const random = new SeededRandom(seed);
  const groups: string[] = [];
  for (let i = 0; i < units; i++) {
    const unit = `sim-${i}`;
    const group = segmenter.assign(unit, request) as string;
    groups.push(group);
    if (random.next() < (rates[group] as number)) segmenter.convert?.(unit, group, { name: "purchase" });
  }
  return groups;
}

describe("feedback", () => {
  it("counts a trial per assignment and a success per conversion", () => {
    const stats = new MemoryFeedbackStats();
    const segmenter = createSegmenter(feedback, twoArms, context("counts", { feedback: stats }));
    const groups = ["u1", "u2", "u3"].map((unit) => segmenter.assign(unit, request) as string);
    segmenter.convert?.("u1", groups[0] as string, {});
    segmenter.convert?.("u1", "not-an-arm", {});
    const snapshot = stats.read("counts");
    expect((snapshot.control?.trials ?? 0) + (snapshot.treatment?.trials ?? 0)).toBe(3);
    expect(snapshot[groups[0] as string]?.successes).toBe(1);
    expect(Object.keys(snapshot).sort()).toEqual([...new Set(groups)].sort());
    expect(segmenter.sticky).toBe(true);
  });

  it("counts no trial for a dry run (explain, lookups) yet returns the same group", () => {
    const stats = new MemoryFeedbackStats();
    const segmenter = createSegmenter(feedback, twoArms, context("dry", { feedback: stats }));
    const looked = segmenter.assign("u1", { ...request, dryRun: true });
    expect(stats.read("dry")).toEqual({});
    expect(segmenter.assign("u1", request)).toBe(looked);
    expect(Object.values(stats.read("dry")).reduce((n, arm) => n + arm.trials, 0)).toBe(1);
  });

  it("trial(unit, group) counts one trial for that arm without drawing, and ignores a group that is not an arm", () => {
    const stats = new MemoryFeedbackStats();
    const segmenter = createSegmenter(feedback, twoArms, context("trial", { feedback: stats }));
    const group = segmenter.assign("u1", { ...request, dryRun: true }) as string;
    segmenter.trial?.("u1", group);
    segmenter.trial?.("u1", "not-an-arm");
    expect(stats.read("trial")).toEqual({ [group]: { trials: 1, successes: 0 } });
  });

  it("keeps its statistics in memory when the context has no store", () => {
    const segmenter = createSegmenter(feedback, { groups: [{ id: "a" }, { id: "b" }], warmup: 2 }, context());
    expect(segmenter.expectedShares).toEqual({ a: 0.5, b: 0.5 });
    for (let i = 0; i < 3; i++) segmenter.assign(`u${i}`, request);
    // Three counted trials end the warm-up and cannot be split evenly, so the shares now depend on the data.
    expect(segmenter.expectedShares).toBeUndefined();
  });

  it("gives the same unit the same group for the same snapshot (property)", () => {
    const snapshot = { control: { trials: 40, successes: 4 }, treatment: { trials: 35, successes: 5 } };
    const a = atSnapshot(twoArms, snapshot);
    const b = atSnapshot(twoArms, snapshot);
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (unit) => {
        const group = a.assign(unit, request);
        expect(group === "control" || group === "treatment").toBe(true);
        expect(b.assign(unit, request)).toBe(group);
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps draws pinned for a given snapshot (portable arithmetic, same bits on every runtime)", () => {
    const segmenter = atSnapshot({ groups: [{ id: "a" }, { id: "b" }, { id: "c" }] }, { a: { trials: 10, successes: 2 }, b: { trials: 10, successes: 3 }, c: { trials: 10, successes: 1 } }, "pinned");
    expect(Array.from({ length: 12 }, (_, i) => segmenter.assign(`user-${i}`, request)).join(" ")).toMatchInlineSnapshot(`"a b c b a b b b b b a b"`);
  });

  it("splits new units between two arms as Thompson sampling should: P(Beta(9, 13) > Beta(6, 16))", () => {
    const segmenter = atSnapshot(twoArms, { control: { trials: 20, successes: 5 }, treatment: { trials: 20, successes: 8 } });
    const treatment = probabilityGreater(9, 13, 6, 16);
    const units = 40_000;
    const counts = shares(segmenter, units);
    expect(pValue(counts, { treatment, control: 1 - treatment }, units)).toBeGreaterThan(1e-4);
    // And the test has power: the share is far from a 50/50 split.
    expect(pValue(counts, { treatment: 0.5, control: 0.5 }, units)).toBeLessThan(1e-10);
  });

  it("uses the priors before any data", () => {
    const segmenter = atSnapshot({ groups: [{ id: "a", prior: { alpha: 1, beta: 3 } }, { id: "b", prior: { alpha: 2, beta: 2 } }] }, {});
    const b = probabilityGreater(2, 2, 1, 3);
    const counts = shares(segmenter, 20_000);
    expect(pValue(counts, { b, a: 1 - b }, 20_000)).toBeGreaterThan(1e-4);
  });

  it("assigns uniformly during the warm-up, then exploits", () => {
    const snapshot = { a: { trials: 1000, successes: 300 }, b: { trials: 1000, successes: 10 } };
    const warm = atSnapshot({ groups: [{ id: "a" }, { id: "b" }], warmup: 2001 }, snapshot);
    expect(warm.expectedShares).toEqual({ a: 0.5, b: 0.5 });
    expect(pValue(shares(warm, 20_000), { a: 0.5, b: 0.5 }, 20_000)).toBeGreaterThan(1e-4);
    const done = atSnapshot({ groups: [{ id: "a" }, { id: "b" }], warmup: 2000 }, snapshot);
    expect(done.expectedShares).toBeUndefined();
    expect(shares(done, 5000).a).toBe(5000);
  });

  it("keeps every arm at its exploration floor", () => {
    const snapshot = { a: { trials: 1000, successes: 300 }, b: { trials: 1000, successes: 10 }, c: { trials: 1000, successes: 20 } };
    const segmenter = atSnapshot({ groups: [{ id: "a" }, { id: "b" }, { id: "c" }], floor: 10 }, snapshot);
    const counts = shares(segmenter, 30_000);
    expect(pValue(counts, { a: 0.8, b: 0.1, c: 0.1 }, 30_000)).toBeGreaterThan(1e-4);
  });

  describe("gives arms whose draws tie no advantage from their position", () => {
    const threeArms = (prior?: { alpha: number; beta: number }): FeedbackOptions => ({ groups: ["a", "b", "c"].map((id) => (prior ? { id, prior } : { id })) });
    const cases = [
      // Most draws underflow to exactly 0: they are ordered in log space instead.
      { name: "a prior of alpha 1e-6 (draws underflow to 0)", options: threeArms({ alpha: 1e-6, beta: 1 }), snapshot: {} },
      // Shapes this large make every draw exactly the same number: the tie is broken uniformly.
      { name: "1e300 trials on every arm (draws equal exactly)", options: threeArms(), snapshot: Object.fromEntries(["a", "b", "c"].map((id) => [id, { trials: 1e300, successes: 1e299 }])) },
    ];
    for (const { name, options, snapshot } of cases) {
      it(name, () => {
        const segmenter = atSnapshot(options, snapshot, "ties");
        expect(segmenter.expectedShares).toEqual({ a: 1 / 3, b: 1 / 3, c: 1 / 3 });
        expect(pValue(shares(segmenter, 30_000), { a: 1 / 3, b: 1 / 3, c: 1 / 3 }, 30_000)).toBeGreaterThan(1e-4);
      });
    }
  });

  it("places an arm whose alpha and beta are both tiny (both Gamma draws underflow) by its log-space draw, not its mean", () => {
    // Beta(0.001, 0.001) is nearly always close to 0 or to 1, each half the time; Beta(1, 1000)
    // is close to 0.001: the first arm wins about half the units. Taking its mean (0.5) whenever
    // both of its Gamma draws underflow gave it about 61%.
    const segmenter = atSnapshot({ groups: [{ id: "a", prior: { alpha: 0.001, beta: 0.001 } }, { id: "b", prior: { alpha: 1, beta: 1000 } }] }, {}, "tiny-both");
    const counts = shares(segmenter, 20_000);
    expect((counts.a ?? 0) / 20_000).toBeGreaterThan(0.47);
    expect((counts.a ?? 0) / 20_000).toBeLessThan(0.53);
  });

  it("never throws when the store fails, and still assigns", () => {
    const broken: FeedbackStats = {
      read: () => {
        throw new Error("redis down");
      },
      increment: () => {
        throw new Error("redis down");
      },
    };
    const segmenter = createSegmenter(feedback, twoArms, context("broken", { feedback: broken }));
    expect(["control", "treatment"]).toContain(segmenter.assign("u1", request));
    expect(() => segmenter.convert?.("u1", "control", {})).not.toThrow();
    const garbage: FeedbackStats = { read: () => ({ control: { trials: Number.NaN, successes: -4 }, ["__proto__" as string]: { trials: 1, successes: 1 } }), increment: () => undefined };
    const tolerant = createSegmenter(feedback, { groups: [{ id: "control" }, { id: "__proto__" }] }, context("garbage", { feedback: garbage }));
    expect(["control", "__proto__"]).toContain(tolerant.assign("u1", request));
  });

  it("errors name the experiment, the path and the fix", () => {
    expect(thrown(() => createSegmenter(feedback, { arms: [{ id: "a" }, { id: "b" }] }, context("bandit"))).message).toBe(
      'experiment "bandit": arms: unknown option — this segmenter calls it "groups"; rename it\n' +
        'experiment "bandit": groups: must be an array, e.g. [{ "id": "control" }, { "id": "treatment", "prior": { "alpha": 1, "beta": 1 } }] (got nothing)',
    );
    expect(thrown(() => createSegmenter(feedback, { groups: [{ id: "a" }, { id: "b" }, { id: "c" }], floor: 40 }, context("bandit"))).message).toBe(
      'experiment "bandit": floor: gives each of 3 arms 40%, over 100% in all — keep floor × arms at most 100',
    );
  });

  describe("simulation: true conversion rates 5% and 10%, 20,000 units", () => {
    const rates = { control: 0.05, treatment: 0.1 };
    for (const [experimentId, seed] of [["sim-a", 1], ["sim-b", 2], ["sim-c", 3]] as const) {
      it(`sends more than 80% of the last 5,000 units to the better arm, while 50/50 stays near 50% (${experimentId})`, () => {
        const bandit = createSegmenter(feedback, twoArms, context(experimentId, { feedback: new MemoryFeedbackStats() }));
        const banditLast = simulate(bandit, rates, 20_000, seed).slice(-5000);
        expect(banditLast.filter((g) => g === "treatment").length / 5000).toBeGreaterThan(0.8);
        const baseline = createSegmenter(percentage, { groups: [{ id: "control", weight: 50 }, { id: "treatment", weight: 50 }] }, context(experimentId));
        const baselineLast = simulate(baseline, rates, 20_000, seed).slice(-5000);
        expect(Math.abs(baselineLast.filter((g) => g === "treatment").length / 5000 - 0.5)).toBeLessThan(0.03);
      });
    }
  });
});
