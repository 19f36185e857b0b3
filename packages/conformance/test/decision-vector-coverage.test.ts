import { createEngine, type ExplainedLayer } from "@strata/engine";
import { bucket } from "@strata/hash";
import { describe, expect, it } from "vitest";
import { FixedFeedbackStats, type DecisionCase, type DecisionSuite } from "../src/index.ts";
import { doubleHundredths, EXPERIMENT_BUCKETS, exactHundredths, groupAtBucket, percentRanges, type PercentSegmenter, type ToHundredths } from "../scripts/percent-layouts.ts";
import { readDecisionVectors } from "./support/decision-vector-file.ts";

const vectors = readDecisionVectors();
const allCases = vectors.suites.flatMap((suite) => suite.cases);
const layered = vectors.suites.find((suite) => suite.name === "layered") as DecisionSuite;
const bandits = vectors.suites.find((suite) => suite.name === "bandits") as DecisionSuite;

interface Experiment {
  id: string;
  status: string;
  unit?: string;
  schedule?: { start?: string; end?: string };
  groups: { id: string }[];
  segmenter: { type: string; coverage?: number; groups: { ranges?: unknown }[] };
}
interface Layer {
  id: string;
  launch?: boolean;
  slots: { experiment?: Experiment; domain?: Domain }[];
}
interface Domain {
  id: string;
  layers: Layer[];
}

/** Every layer of a suite's config, nested domains included, with its depth (0: the root domain). */
function layersOf(suite: DecisionSuite): { layer: Layer; depth: number }[] {
  const out: { layer: Layer; depth: number }[] = [];
  const walk = (domain: Domain, depth: number) => {
    for (const layer of domain.layers) {
      out.push({ layer, depth });
      for (const slot of layer.slots) if (slot.domain) walk(slot.domain, depth + 1);
    }
  };
  walk(suite.config.domain as Domain, 0);
  return out;
}

/** Every experiment of a suite's config. */
function experimentsOf(suite: DecisionSuite): Experiment[] {
  return layersOf(suite).flatMap(({ layer }) => layer.slots.flatMap((slot) => (slot.experiment ? [slot.experiment] : [])));
}

/** The cases of `suite` whose expected assignments satisfy `test`. */
function casesWith(suite: DecisionSuite, test: (a: DecisionCase["expected"]["assignments"][number]) => boolean): DecisionCase[] {
  return suite.cases.filter((c) => c.expected.assignments.some(test));
}

/** The explained layers of every case of a suite (the engine's `explain`, with the suite's fixed counts). */
function explainAll(suite: DecisionSuite): { name: string; layers: readonly ExplainedLayer[] }[] {
  let now = Number.NaN;
  const engine = createEngine(suite.config, { now: () => now, stores: { feedback: new FixedFeedbackStats(suite.feedback) } });
  return suite.cases.map(({ name, input }) => {
    now = Date.parse(input.now);
    return { name, layers: engine.explain({ units: input.units, ...(input.attributes && { attributes: input.attributes }), ...(input.forced && { forced: input.forced }) }).layers };
  });
}

describe("the configs hold every structure the decision vectors must pin", () => {
  const experiments = vectors.suites.flatMap(experimentsOf);
  const types = new Set(experiments.map((e) => e.segmenter.type));

  it("every built-in segmenter: percentage with coverage, fixed, rollout with and without explicit ranges, feedback with fixed counts", () => {
    expect([...types].sort()).toEqual(["feedback", "fixed", "percentage", "rollout"]);
    expect(experiments.some((e) => e.segmenter.type === "percentage" && e.segmenter.coverage !== undefined && e.segmenter.coverage < 100)).toBe(true);
    expect(experiments.some((e) => e.segmenter.type === "rollout" && e.segmenter.groups.every((g) => Array.isArray(g.ranges)))).toBe(true);
    // Without ranges the layout is derived from the percents, differently for one, two and three or more groups.
    const derived = experiments.filter((e) => e.segmenter.type === "rollout" && e.segmenter.groups.every((g) => g.ranges === undefined));
    expect(new Set(derived.map((e) => e.segmenter.groups.length))).toEqual(new Set([1, 2, 3]));
    const withCounts = vectors.suites.flatMap((suite) => experimentsOf(suite).filter((e) => e.segmenter.type === "feedback" && suite.feedback[e.id] !== undefined));
    expect(withCounts.length).toBeGreaterThanOrEqual(5);
  });

  it("nested domains two deep, a holdout, launch layers in the root and in a nested domain", () => {
    const layers = layersOf(layered);
    expect(Math.max(...layers.map((l) => l.depth))).toBeGreaterThanOrEqual(2);
    expect(layers.some(({ layer }) => layer.slots.some((slot) => slot.domain?.layers.length === 0))).toBe(true);
    expect(layers.filter(({ layer }) => layer.launch === true).map((l) => l.depth).sort()).toEqual([0, 1]);
  });

  it("conditions with $in, $regex and $semver, a schedule, a <unit>@day experiment, and no random diversion", () => {
    const text = JSON.stringify(layered.config);
    for (const operator of ["$in", "$regex", "$semver"]) expect(text, operator).toContain(`"${operator}"`);
    expect(experiments.some((e) => e.schedule !== undefined)).toBe(true);
    expect(experiments.some((e) => e.unit?.endsWith("@day"))).toBe(true);
    expect(experiments.some((e) => e.unit === "random")).toBe(false);
  });
});

describe("the percents suite pins whole hundredths, not percents computed in doubles", () => {
  const percents = vectors.suites.find((suite) => suite.name === "percents") as DecisionSuite;
  const segmentersById = new Map(experimentsOf(percents).map((e) => [e.id, e.segmenter as PercentSegmenter]));
  /** Each case's group in `experiment` (null when none), pinned and as `hundredths` lays the experiment out. */
  const groupsIn = (experiment: string, hundredths: ToHundredths) => {
    const ranges = percentRanges(segmentersById.get(experiment) as PercentSegmenter, hundredths);
    return percents.cases.map((c) => ({
      name: c.name,
      pinned: c.expected.assignments.find((a) => a.experiment === experiment)?.group ?? null,
      computed: groupAtBucket(ranges, bucket(String(c.input.units.userId), experiment, EXPERIMENT_BUCKETS)),
    }));
  };

  it("every pinned group follows the README's rule: round(p · 100) hundredths, group i in [Sᵢ, Sᵢ + floor(wᵢ · c / 10000))", () => {
    for (const experiment of segmentersById.keys()) {
      for (const { name, pinned, computed } of groupsIn(experiment, exactHundredths)) expect(pinned, `${experiment}: ${name}`).toBe(computed);
    }
  });

  it("every experiment has cases a port computing floor(p · 100) in doubles gets wrong, and their names say so", () => {
    for (const experiment of segmentersById.keys()) {
      const wrong = groupsIn(experiment, doubleHundredths).filter(({ pinned, computed }) => pinned !== computed);
      expect(wrong.length, experiment).toBeGreaterThanOrEqual(1);
      expect(wrong.filter(({ name }) => name.startsWith(`percents: ${experiment}: `) && name.includes("as in doubles")).length, experiment).toBeGreaterThanOrEqual(1);
    }
  });
});

describe("the cases reach every part of the configs", () => {
  it("every group of every running experiment is assigned in some case; paused, draft and stopped experiments never are", () => {
    for (const suite of vectors.suites) {
      const seen = new Set(suite.cases.flatMap((c) => c.expected.assignments.map((a) => `${a.experiment}/${a.group}`)));
      for (const experiment of experimentsOf(suite)) {
        for (const group of experiment.groups) {
          expect(seen.has(`${experiment.id}/${group.id}`), `${experiment.id}/${group.id} (${experiment.status})`).toBe(experiment.status === "running");
        }
      }
    }
  });

  it("forced groups and allow-listed units, on every kind of diversion", () => {
    const sources = (source: string) => new Set(allCases.flatMap((c) => c.expected.assignments.filter((a) => a.source === source).map((a) => a.unitType)));
    expect([...sources("forced")].sort()).toEqual(["cookieId", "deviceId", "userId", "userId@day", "visitorId"]);
    expect([...sources("allow-list")].sort()).toEqual(["cookieId", "userId", "userId@day"]);
    expect(allCases.filter((c) => c.input.forced !== undefined).length).toBeGreaterThanOrEqual(20);
  });

  it("a forced or allow-listed unit wins its layer from the holdout, from the beta domain and from the main domain's other slots", () => {
    const traces = new Map(explainAll(layered).map(({ name, layers }) => [name, layers]));
    const overridden = layered.cases.filter((c) => traces.get(c.name)?.some((l) => l.override !== undefined));
    expect(overridden.length).toBeGreaterThanOrEqual(8);
    // The domain the traffic layer's bucket alone would have entered: [0, 80) beta, [80, 130) the holdout, the rest main.
    const trafficDomain = (c: DecisionCase) => {
      const b = bucket(String(c.input.units.userId), "traffic", 1000);
      return b < 80 ? "beta" : b < 130 ? "holdout" : "main";
    };
    const enteredAhead = overridden.filter((c) => traces.get(c.name)?.find((l) => l.layer === "traffic")?.override !== undefined);
    expect(new Set(enteredAhead.map(trafficDomain))).toEqual(new Set(["beta", "holdout", "main"]));
  });

  it("the holdout is reached (defaults below it) and so is the domain nested two deep", () => {
    const traces = explainAll(layered);
    expect(traces.filter(({ layers }) => layers.some((l) => l.holdout === true)).length).toBeGreaterThanOrEqual(5);
    expect(casesWith(layered, (a) => a.layer === "express-layer").length).toBeGreaterThanOrEqual(5);
  });

  it("units: missing, null, empty, numeric, non-ASCII, astral and lone surrogates", () => {
    const units = allCases.flatMap((c) => Object.values(c.input.units));
    expect(allCases.some((c) => Object.keys(c.input.units).length === 0)).toBe(true);
    expect(units).toContain(null);
    expect(units).toContain("");
    expect(units.filter((u) => typeof u === "number").length).toBeGreaterThanOrEqual(8);
    const strings = units.filter((u): u is string => typeof u === "string");
    expect(strings.some((u) => /[^\x00-\x7f]/.test(u))).toBe(true);
    expect(strings.some((u) => /[\u{10000}-\u{10FFFF}]/u.test(u))).toBe(true);
    expect(strings.filter((u) => /(?:[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF])/.test(u)).length).toBeGreaterThanOrEqual(6);
  });

  it("a numeric unit decides exactly as its decimal string", () => {
    const twins = allCases.filter((c) => c.name.includes("(the twin of"));
    expect(twins.length).toBe(2);
    for (const twin of twins) {
      const number = allCases.find((c) => c !== twin && Object.values(c.input.units).some((u) => typeof u === "number" && Object.values(twin.input.units).includes(String(u))));
      expect(number?.expected, twin.name).toEqual(twin.expected);
    }
  });

  it("the schedule's first and last milliseconds, and a <unit>@day unit on consecutive days", () => {
    const schedule = experimentsOf(layered).find((e) => e.schedule !== undefined)?.schedule ?? {};
    const times = new Set(layered.cases.map((c) => Date.parse(c.input.now)));
    const start = Date.parse(schedule.start ?? "");
    const end = Date.parse(schedule.end ?? "");
    for (const t of [start - 1, start, end - 1, end]) expect(times.has(t), new Date(t).toISOString()).toBe(true);
    const days = casesWith(layered, (a) => a.unitType === "userId@day" && a.experiment === "daily-promo").filter((c) => c.input.units.userId === "user-day-1");
    expect(new Set(days.map((c) => c.input.now.slice(0, 10))).size).toBeGreaterThanOrEqual(4);
  });

  it("every bandit of the bandits suite gives more than one arm over the cases (the seeded draws decide)", () => {
    for (const experiment of experimentsOf(bandits)) {
      const arms = new Set(bandits.cases.flatMap((c) => c.expected.assignments.filter((a) => a.experiment === experiment.id).map((a) => a.group)));
      if (experiment.id === "small-shapes" || experiment.id === "warming-up" || experiment.id === "explore-floor") {
        expect(arms.size, experiment.id).toBe(experiment.groups.length);
      } else {
        expect(arms.size, experiment.id).toBeGreaterThanOrEqual(2);
      }
    }
  });
});
