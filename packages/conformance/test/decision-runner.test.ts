import { createEngine } from "@strata/engine";
import { describe, expect, it } from "vitest";
import {
  checkDecisionVectors,
  FixedFeedbackStats,
  runDecisionVectors,
  type CreateDecisionEngine,
  type DecisionCase,
  type DecisionEngineLike,
  type DecisionLike,
  type DecisionSuite,
} from "../src/index.ts";
import { countDecisionCases, readDecisionVectors } from "./support/decision-vector-file.ts";

/** The (suite, case, check) of each mismatch. */
function where(mismatches: { suite: string; name: string; check: string }[]): [string, string, string][] {
  return mismatches.map((m) => [m.suite, m.name, m.check]);
}

/** A case of `suite` with an assignment in `experiment` from the segmenter, and that assignment. */
function caseIn(suite: DecisionSuite, experiment: string): { target: DecisionCase; group: string } {
  const target = suite.cases.find((c) => c.expected.assignments.some((a) => a.experiment === experiment && a.source === "segmenter"));
  const group = target?.expected.assignments.find((a) => a.experiment === experiment)?.group;
  if (target === undefined || group === undefined) throw new Error(`no case in ${experiment}`);
  return { target, group };
}

/** The decision with the assignment of `experiment` moved to `group` (what a wrong port would give). */
function moved(decision: DecisionLike, experiment: string, group: string): DecisionLike {
  return { params: decision.params, assignments: decision.assignments.map((a) => (a.experiment === experiment ? { ...a, group } : a)) };
}

/** The ids of the config's experiments whose segmenter is a `feedback` bandit. */
function feedbackExperiments(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(feedbackExperiments);
  if (value === null || typeof value !== "object") return [];
  const record = value as { id?: unknown; segmenter?: { type?: unknown } };
  const own = record.segmenter?.type === "feedback" && typeof record.id === "string" ? [record.id] : [];
  return [...own, ...Object.values(record).flatMap(feedbackExperiments)];
}

/** createEngine, with `wrap` applied to every engine it makes. */
function wrapping(wrap: (engine: DecisionEngineLike) => DecisionEngineLike): CreateDecisionEngine {
  return (config, options) => wrap(createEngine(config, options));
}

describe("runDecisionVectors reports an engine that decides differently", () => {
  const vectors = readDecisionVectors();
  const bandits = vectors.suites.find((suite) => suite.name === "bandits") as DecisionSuite;

  it("names the case whose group a wrong engine changed, and only that case", () => {
    const { target, group } = caseIn(bandits, "close-race");
    const other = group === "a" ? "b" : "a";
    const wrong = wrapping((engine) => ({
      decide: (request) => {
        const decision = engine.decide(request);
        return request.units.visitorId === target.input.units.visitorId ? moved(decision, "close-race", other) : decision;
      },
      explain: (request) => engine.explain(request),
    }));
    const report = runDecisionVectors(vectors, wrong);
    expect(where(report.mismatches)).toEqual([["bandits", target.name, "decide(request).assignments"]]);
    const [mismatch] = report.mismatches;
    expect((mismatch?.actual as { experiment: string; group: string }[]).find((a) => a.experiment === "close-race")?.group).toBe(other);
    expect((mismatch?.expected as { experiment: string; group: string }[]).find((a) => a.experiment === "close-race")?.group).toBe(group);
    expect(report.cases).toBe(countDecisionCases(vectors));
  });

  it("checks explain(request).decision too", () => {
    const { target } = caseIn(bandits, "large-counts");
    const wrong = wrapping((engine) => ({
      decide: (request) => engine.decide(request),
      explain: (request) => {
        const explanation = engine.explain(request);
        if (request.units.visitorId !== target.input.units.visitorId) return explanation;
        return { decision: { ...explanation.decision, params: { ...explanation.decision.params, "large-counts-arm": "none" } } };
      },
    }));
    expect(where(runDecisionVectors(vectors, wrong).mismatches)).toEqual([["bandits", target.name, "explain(request).decision.params"]]);
  });

  it("catches bandits that learn from the decisions instead of reading the file's fixed counts", () => {
    const learning: CreateDecisionEngine = (config, options) => createEngine(config, { now: options.now });
    const report = runDecisionVectors(vectors, learning);
    expect(report.mismatches.length).toBeGreaterThan(10);
    // Only cases a feedback bandit assigned by its draw can differ.
    const banditIds = new Set(vectors.suites.flatMap((suite) => feedbackExperiments(suite.config)));
    const drawn = new Set(vectors.suites.flatMap((suite) => suite.cases).filter((c) => c.expected.assignments.some((a) => a.source === "segmenter" && banditIds.has(a.experiment))).map((c) => c.name));
    for (const m of report.mismatches) expect(drawn.has(m.name), m.name).toBe(true);
  });

  it("catches an engine that ignores the case's time: schedules and <unit>@day move", () => {
    const wallClock: CreateDecisionEngine = (config, options) => createEngine(config, { stores: options.stores, now: () => Date.parse("2030-01-01T00:00:00Z") });
    const names = new Set(runDecisionVectors(vectors, wallClock).mismatches.map((m) => m.name));
    expect(names.has("layered: schedule: exactly the start")).toBe(true);
    expect(names.has("layered: @day: user-day-1 at 2025-03-16T00:00:00.000Z")).toBe(true);
    expect([...names].every((name) => name.startsWith("layered: "))).toBe(true);
  });

  it("reports every case of a suite whose engine cannot be created, and goes on with the next suite", () => {
    const failing: CreateDecisionEngine = (config, options) => {
      if ((config as { units: string[] }).units.includes("visitorId")) throw new Error("unsupported config");
      return createEngine(config, options);
    };
    const report = runDecisionVectors(vectors, failing);
    expect(report.mismatches).toHaveLength(bandits.cases.length);
    expect(report.mismatches[0]).toEqual({ suite: "bandits", name: bandits.cases[0]?.name, check: "createEngine(config, options)", expected: "an engine", actual: "threw: Error: unsupported config" });
  });

  it("reports a throwing decide under both of its checks, without throwing itself", () => {
    const { target } = caseIn(bandits, "priors-only");
    const throwing = wrapping((engine) => ({
      decide: (request) => {
        if (request.units.visitorId === target.input.units.visitorId) throw new TypeError("boom");
        return engine.decide(request);
      },
      explain: (request) => engine.explain(request),
    }));
    const report = runDecisionVectors(vectors, throwing);
    expect(where(report.mismatches)).toEqual([
      ["bandits", target.name, "decide(request).assignments"],
      ["bandits", target.name, "decide(request).params"],
    ]);
    expect(report.mismatches[0]?.actual).toBe("threw: Error: decide(request) threw: TypeError: boom");
  });
});

describe("runDecisionVectors reports vectors that the engine does not match", () => {
  it("compares every case: breaking every expected decision reports every case, through decide and explain", () => {
    const vectors = readDecisionVectors();
    for (const c of vectors.suites.flatMap((suite) => suite.cases)) c.expected.params.extra = true;
    const report = runDecisionVectors(vectors, createEngine);
    const names = vectors.suites.flatMap((suite) => suite.cases.map((c) => c.name));
    expect(report.mismatches).toHaveLength(2 * names.length);
    expect(new Set(report.mismatches.map((m) => m.name))).toEqual(new Set(names));
    expect(new Set(report.mismatches.map((m) => m.check))).toEqual(new Set(["decide(request).params", "explain(request).decision.params"]));
  });

  it("reports a malformed time as a mismatch naming the case", () => {
    const vectors = readDecisionVectors();
    const target = vectors.suites[0]?.cases[3];
    if (target === undefined) throw new Error("no case");
    target.input.now = "2025-03-15 12:00";
    const report = runDecisionVectors(vectors, createEngine);
    expect(where(report.mismatches)).toEqual([["layered", target.name, "input.now"]]);
    expect(report.mismatches[0]?.actual).toMatch(/^threw: RangeError: input\.now must be a UTC timestamp/);
  });
});

describe("checkDecisionVectors", () => {
  it("rejects two cases with one name", () => {
    const data = JSON.parse(JSON.stringify(readDecisionVectors())) as { suites: { cases: { name: string }[] }[] };
    const [first, second] = data.suites;
    if (first?.cases[0] === undefined || second?.cases[0] === undefined) throw new Error("no cases");
    second.cases[0].name = first.cases[0].name;
    expect(() => checkDecisionVectors(data)).toThrow(`decision vectors: suites[1].cases[0].name: ${JSON.stringify(first.cases[0].name)} names another case too`);
  });

  it("rejects two suites with one name", () => {
    const data = JSON.parse(JSON.stringify(readDecisionVectors())) as { suites: { name: string }[] };
    const [first, second] = data.suites;
    if (first === undefined || second === undefined) throw new Error("no suites");
    second.name = first.name;
    expect(() => checkDecisionVectors(data)).toThrow(`decision vectors: suites[1].name: ${JSON.stringify(first.name)} names another suite too`);
  });

  it("names the first malformed case", () => {
    const data = JSON.parse(JSON.stringify(readDecisionVectors())) as { suites: { cases: { input: { now?: string } }[] }[] };
    delete data.suites[0]?.cases[2]?.input.now;
    expect(() => checkDecisionVectors(data)).toThrow("decision vectors: suites[0].cases[2].input.now: must be a timestamp");
  });

  it("rejects a file without suites", () => {
    expect(() => checkDecisionVectors({ specVersion: "1.0.0", suites: [] })).toThrow("decision vectors: suites: must be a non-empty list");
  });
});

describe("FixedFeedbackStats", () => {
  it("reads the counts it was given whatever the engine increments, as frozen snapshots with plain keys", () => {
    const arms = JSON.parse('{ "a": { "trials": 10, "successes": 2 }, "__proto__": { "trials": 1, "successes": 1 } }') as Record<string, { trials: number; successes: number }>;
    const stats = new FixedFeedbackStats({ bandit: arms });
    stats.increment("bandit", "a", "trials");
    stats.increment("bandit", "b", "successes", 5);
    expect(stats.ignoredIncrements).toBe(2);
    const snapshot = stats.read("bandit");
    expect(snapshot.a).toEqual({ trials: 10, successes: 2 });
    expect(Object.hasOwn(snapshot, "__proto__") && snapshot["__proto__"]).toEqual({ trials: 1, successes: 1 });
    expect(Object.isFrozen(snapshot)).toBe(true);
    expect(stats.read("other")).toEqual({});
  });
});
