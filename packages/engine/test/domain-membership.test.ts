import { describe, expect, it } from "vitest";
import type { ExperimentConfig, StrataConfig } from "@strata/config";
import { createEngine, MemoryAssignmentStore } from "../src/index.ts";
import { layer, percentExperiment, users } from "./support/configs.ts";

// Root layer "split": a nested domain on [0, 500) holding experiment x, and on [500, 1000) an
// experiment diverted by `unit` (random or userId@day). Domains partition units: whether a user
// is in the domain must not depend on the request or the day.
function splitConfig(unit: string): StrataConfig {
  return {
    version: 1,
    units: ["userId"],
    params: { p: "d", q: "d" },
    domain: {
      id: "root",
      layers: [
        {
          id: "split",
          params: ["p", "q"],
          slots: [
            { ranges: [[0, 500]], domain: { id: "inner", layers: [layer("I", ["q"], [[0, 1000, percentExperiment("x", "q", { x1: 50, x2: 50 })]])] } },
            { ranges: [[500, 1000]], experiment: percentExperiment("varying", "p", { on: 100 }, { unit }) },
          ],
        },
      ],
    },
  };
}

describe("a nested domain is entered by unit ids only", () => {
  it("never by a random id: each user is in or out of the domain on every request", () => {
    const engine = createEngine(splitConfig("random"));
    let inside = 0;
    for (const userId of users(400)) {
      const seen = new Set<boolean>();
      for (let i = 0; i < 6; i++) seen.add(engine.decide({ units: { userId } }).assignments.some((a) => a.experiment === "x"));
      expect(seen.size, userId).toBe(1);
      if (seen.has(true)) inside++;
    }
    // Half of the buckets hold the domain.
    expect(inside / 400).toBeGreaterThan(0.4);
    expect(inside / 400).toBeLessThan(0.6);
  });

  it("never by a <unit>@day id: a user's domain does not change from day to day", () => {
    let now = Date.parse("2026-03-01T12:00:00Z");
    const engine = createEngine(splitConfig("userId@day"), { now: () => now });
    for (const userId of users(300)) {
      const seen = new Set<boolean>();
      for (let day = 0; day < 5; day++) {
        now = Date.parse("2026-03-01T12:00:00Z") + day * 86_400_000;
        seen.add(engine.decide({ units: { userId } }).assignments.some((a) => a.experiment === "x"));
      }
      expect(seen.size, userId).toBe(1);
    }
  });
});

// shop-like: root layer "traffic" with a holdout on [0, 100) and the main domain on [100, 1000);
// main has a colour layer (the forced experiment) and a bandit layer.
const shop: StrataConfig = {
  version: 1,
  units: ["userId"],
  params: { color: "blue", headline: "Welcome" },
  domain: {
    id: "root",
    layers: [
      {
        id: "traffic",
        params: ["color", "headline"],
        slots: [
          { ranges: [[0, 100]], domain: { id: "holdout", layers: [] } },
          {
            ranges: [[100, 1000]],
            domain: {
              id: "main",
              layers: [
                layer("colour", ["color"], [[0, 1000, percentExperiment("button-color", "color", { control: 50, green: 50 })]]),
                layer("headlines", ["headline"], [[0, 1000, {
                  id: "headline-bandit",
                  status: "running",
                  groups: [{ id: "welcome", params: { headline: "Welcome" } }, { id: "deals", params: { headline: "Deals" } }],
                  segmenter: { type: "feedback", groups: [{ id: "welcome" }, { id: "deals" }] },
                } as ExperimentConfig]]),
              ],
            },
          },
        ],
      },
    ],
  },
};

describe("a unit forced into an experiment of a domain its buckets do not lead to", () => {
  const engine = createEngine(shop);
  const inHoldout = users(3000).filter((userId) => engine.explain({ units: { userId } }).layers[0]!.domainEntered === "holdout");

  it("gets that experiment only: the domain's other layers give defaults, count no trials and report no exposures", () => {
    expect(inHoldout.length).toBeGreaterThan(200);
    const exposures: string[] = [];
    const forcedEngine = createEngine(shop, { onExposure: (event) => exposures.push(event.experiment) });
    for (const userId of inHoldout) {
      const decision = forcedEngine.decide({ units: { userId }, forced: { "button-color": "green" } });
      expect(decision.assignments.map((a) => [a.experiment, a.group, a.source])).toEqual([["button-color", "green", "forced"]]);
      expect(decision.get("color")).toBe("button-color:green");
      expect(decision.get("headline")).toBe("Welcome");
    }
    expect(forcedEngine.feedback.read("headline-bandit")).toEqual({});
    expect(exposures.filter((experiment) => experiment !== "button-color")).toEqual([]);
    const explained = forcedEngine.explain({ units: { userId: inHoldout[0]! }, forced: { "button-color": "green" } }).layers;
    expect(explained.find((l) => l.layer === "traffic")).toMatchObject({ domainEntered: "main", override: expect.stringMatching(/buckets lead elsewhere/) });
    expect(explained.find((l) => l.layer === "headlines")).toMatchObject({ override: expect.stringMatching(/^defaults/) });
    expect(explained.find((l) => l.layer === "headlines")!.assignment).toBeUndefined();
  });

  it("whose buckets do lead there keeps every other experiment it has", () => {
    const inMain = users(200).filter((userId) => !inHoldout.includes(userId));
    for (const userId of inMain) {
      const plain = engine.explain({ units: { userId } }).decision.assignments.filter((a) => a.experiment !== "button-color");
      const forced = engine.explain({ units: { userId }, forced: { "button-color": "green" } }).decision.assignments;
      expect(forced.filter((a) => a.experiment !== "button-color")).toEqual(plain);
      expect(forced.find((a) => a.experiment === "button-color")).toMatchObject({ group: "green", source: "forced" });
    }
  });
});

describe("names that Object.prototype defines", () => {
  it("a unit type named valueOf is missing when the request has none, not an error", () => {
    const engine = createEngine({ ...shop, units: ["userId", "valueOf"] });
    const decision = engine.decide({ units: { userId: "user-1" } });
    expect(decision.errors).toEqual([]);
    expect(engine.explain({ units: { userId: "user-1" } }).notes).toContain("no valueOf in the request");
  });

  it("an experiment named toString reads no forced or stored group from the prototype", () => {
    const config = JSON.parse(JSON.stringify(shop).replaceAll('"button-color"', '"toString"')) as StrataConfig;
    const engine = createEngine(config, { stores: { assignments: new MemoryAssignmentStore() } });
    const userId = users(200).find((id) => engine.explain({ units: { userId: id } }).layers[0]!.domainEntered === "main")!;
    const explained = engine.explain({ units: { userId }, forced: {}, stored: {} }).layers.find((l) => l.layer === "colour")!;
    expect(explained.experiments.map((e) => e.outcome)).toEqual(["in"]);
    expect(explained.assignment?.source).toBe("segmenter");
  });
});

describe("convert with units that are not an object", () => {
  const engine = createEngine(shop);
  it.each([null, undefined, "user-1", 42])("returns { ok: false } for %s, never throws", async (units) => {
    expect(engine.convert(units as never, "headline-bandit")).toEqual({ ok: false, reason: expect.stringMatching(/^units must be an object/) });
    expect(await engine.convertWithStore(units as never, "headline-bandit")).toEqual({ ok: false, reason: expect.stringMatching(/^units must be an object/) });
  });
});

describe("a domain its buckets lead into through a later diversion", () => {
  // Layer L: a paused E0 (by userId) on [0, 500), domain D on [500, 1000) holding X and Y. A
  // unit whose userId bucket lands on E0 and whose cookieId bucket lands in D is in D as usual.
  const always = (id: string, param: string, value: string, extra: Partial<ExperimentConfig> = {}): ExperimentConfig => ({
    id,
    status: "running",
    groups: [{ id: "c" }, { id: "t", params: { [param]: value } }],
    segmenter: { type: "percentage", groups: [{ id: "c", weight: 0 }, { id: "t", weight: 100 }] },
    ...extra,
  });
  const config = (e0: Partial<ExperimentConfig>, allowListed?: string): StrataConfig => ({
    version: 1,
    units: ["userId", "cookieId"],
    params: { p0: "d0", p1: "d1", p2: "d2" },
    domain: {
      id: "root",
      layers: [{
        id: "L",
        params: ["p0", "p1", "p2"],
        slots: [
          { ranges: [[0, 500]], experiment: always("E0", "p0", "e0", e0) },
          { ranges: [[500, 1000]], domain: { id: "D", layers: [
            { id: "La", params: ["p1"], slots: [{ ranges: [[0, 1000]], experiment: always("X", "p1", "x", allowListed ? { forced: { t: [allowListed] } } : {}) }] },
            { id: "Lb", params: ["p2"], slots: [{ ranges: [[0, 1000]], experiment: always("Y", "p2", "y") }] },
          ] } },
        ],
      }],
    },
  });
  const plain = createEngine(config({ status: "paused" }));
  const pairs = users(400).flatMap((userId, i) => {
    const layers = plain.explain({ units: { userId, cookieId: `c-${i}` } }).layers[0]!;
    return layers.buckets[0]!.slot === 0 && layers.domainEntered === "D" ? [{ userId, cookieId: `c-${i}` }] : [];
  });

  it.each([
    ["paused", { status: "paused" }],
    ["targeted elsewhere", { conditions: { country: { $eq: "FR" } } }],
    ["with a rollout at 0%", { segmenter: { type: "rollout", groups: [{ id: "t", percent: 0 }] } }],
  ] as const)("keeps its other experiments there when forced or allow-listed (E0 %s)", (_, e0) => {
    expect(pairs.length).toBeGreaterThan(20);
    const engine = createEngine(config(e0 as Partial<ExperimentConfig>));
    for (const units of pairs) {
      const request = { units, attributes: { country: "DE" } };
      expect(engine.decide(request).params).toEqual({ p0: "d0", p1: "x", p2: "y" });
      expect(engine.decide({ ...request, forced: { X: "t" } }).params).toEqual({ p0: "d0", p1: "x", p2: "y" });
      const allowed = createEngine(config(e0 as Partial<ExperimentConfig>, units.userId));
      expect(allowed.decide(request).params).toEqual({ p0: "d0", p1: "x", p2: "y" });
      expect(allowed.explain(request).layers[0]!.override).toBeUndefined();
    }
  });
});
