import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { StrataConfig } from "@strata/config";
import { createEngine } from "../src/index.ts";
import { layer, percentExperiment, users } from "./support/configs.ts";

// Layer L: experiment a on [0, 300), experiment b (by cookieId, with an allow-list) on
// [300, 600), a nested domain on [600, 900) holding experiment c, and [900, 1000) free.
// Layer M beside it, with experiment m on every bucket.
const cfg: StrataConfig = {
  version: 1,
  units: ["userId", "cookieId"],
  params: { p: "default", q: "default", r: "default" },
  domain: {
    id: "root",
    layers: [
      {
        id: "L",
        params: ["p", "q"],
        slots: [
          { ranges: [[0, 300]], experiment: percentExperiment("a", "p", { a1: 50, a2: 50 }) },
          { ranges: [[300, 600]], experiment: percentExperiment("b", "p", { b1: 50, b2: 50 }, { unit: "cookieId", forced: { b2: ["qa-cookie"] } }) },
          { ranges: [[600, 900]], domain: { id: "inner", layers: [layer("I", ["q"], [[0, 500, percentExperiment("c", "q", { c1: 50, c2: 50 })]])] } },
        ],
      },
      layer("M", ["r"], [[0, 1000, percentExperiment("m", "r", { m1: 50, m2: 50 })]]),
    ],
  },
};

describe("a forced group or an allow-listed unit wins its layer whatever the layer bucket", () => {
  const engine = createEngine(cfg);
  const inLayer = (decision: ReturnType<typeof engine.decide>, id: string) => decision.assignments.filter((x) => x.layer === id);
  const bucketOf = (userId: string) => engine.explain({ units: { userId } }).layers[0]!.buckets[0]!.bucket!;

  it("forces an experiment for units whose bucket lands in another slot or in none", () => {
    const ids = users(300);
    // The check only means something if the users' buckets fall outside a's slot too.
    expect(ids.filter((id) => bucketOf(id) >= 300).length).toBeGreaterThan(150);
    for (const userId of ids) {
      const decision = engine.decide({ units: { userId }, forced: { a: "a2" } });
      expect(inLayer(decision, "L")).toEqual([{ layer: "L", launch: false, experiment: "a", group: "a2", unitType: "userId", unit: userId, bucket: bucketOf(userId), source: "forced" }]);
      expect(decision.get("p")).toBe("a:a2");
      // The other layer decides as usual.
      expect(inLayer(decision, "M")).toEqual(inLayer(engine.decide({ units: { userId } }), "M"));
    }
  });

  it("enters a nested domain for an experiment forced below it", () => {
    for (const userId of users(200)) {
      const request = { units: { userId }, forced: { c: "c1" } };
      const decision = engine.decide(request);
      expect(decision.assignments.find((x) => x.experiment === "c")).toMatchObject({ layer: "I", group: "c1", source: "forced" });
      expect(decision.get("q")).toBe("c:c1");
      const explained = engine.explain(request).layers.find((x) => x.layer === "L")!;
      expect(explained.domainEntered).toBe("inner");
      const natural = engine.explain({ units: { userId } }).layers.find((x) => x.layer === "L")!;
      // Entered as usual when the buckets lead there, for the override alone otherwise.
      if (natural.domainEntered === "inner") expect(explained.override).toBeUndefined();
      else expect(explained.override).toMatch(/^entered inner for an experiment forced or allow-listed below it/);
    }
  });

  it("gives an allow-listed unit its group even when another diversion's bucket lands on another experiment", () => {
    // Users whose userId bucket lands in a's slot: without the allow-list, a would take them.
    const inA = users(300).filter((id) => bucketOf(id) < 300);
    expect(inA.length).toBeGreaterThan(50);
    for (const userId of inA) {
      expect(inLayer(engine.decide({ units: { userId, cookieId: "someone-else" } }), "L")[0]?.experiment).toBe("a");
      const decision = engine.decide({ units: { userId, cookieId: "qa-cookie" } });
      expect(inLayer(decision, "L")).toEqual([expect.objectContaining({ experiment: "b", group: "b2", unitType: "cookieId", unit: "qa-cookie", source: "allow-list" })]);
      expect(engine.explain({ units: { userId, cookieId: "qa-cookie" } }).decision.assignments).toEqual(decision.assignments);
    }
  });

  it("forces nothing when the request lacks the experiment's unit, and says why", () => {
    const request = { units: { userId: "user-1" }, forced: { b: "b1" } };
    expect(engine.decide(request).assignments.find((x) => x.experiment === "b")).toBeUndefined();
    const explained = engine.explain(request).layers[0]!.experiments;
    expect(explained[0]).toMatchObject({ experiment: "b", outcome: "forced-ignored", reason: 'forced group "b1" needs a cookieId, which the request does not have' });
  });

  it("forces nothing in an experiment that is not running, and says why", () => {
    const pausedEngine = createEngine(JSON.parse(JSON.stringify(cfg).replace('"status":"running"', '"status":"paused"')));
    for (const userId of users(50)) {
      const request = { units: { userId }, forced: { a: "a1" } };
      expect(pausedEngine.decide(request).assignments.find((x) => x.experiment === "a")).toBeUndefined();
      expect(pausedEngine.explain(request).layers[0]!.experiments[0]).toMatchObject({ experiment: "a", outcome: "status" });
    }
  });

  it("keeps one experiment per layer when two in it are forced: the first slot wins (fast-check)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.constantFrom("a1", "a2"), fc.constantFrom("c1", "c2"), (userId, a, c) => {
        const decision = engine.decide({ units: { userId }, forced: { c, a } });
        expect(inLayer(decision, "L")).toEqual([expect.objectContaining({ experiment: "a", group: a, source: "forced" })]);
        expect(decision.assignments.find((x) => x.experiment === "c")).toBeUndefined();
        expect(engine.explain({ units: { userId }, forced: { c, a } }).decision.assignments).toEqual(decision.assignments);
      }),
    );
  });

  it("forces any experiment of the config for any unit (fast-check)", () => {
    const groups = { a: ["a1", "a2"], c: ["c1", "c2"], m: ["m1", "m2"] } as const;
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.constantFrom("a", "c", "m"), fc.nat(1), (userId, experiment, g) => {
        const group = groups[experiment as keyof typeof groups][g]!;
        const decision = engine.decide({ units: { userId }, forced: { [experiment]: group } });
        expect(decision.assignments.filter((x) => x.experiment === experiment)).toEqual([expect.objectContaining({ group, source: "forced" })]);
        expect(new Set(decision.assignments.map((x) => x.layer)).size).toBe(decision.assignments.length);
      }),
    );
  });
});

describe("a forced experiment the config does not have", () => {
  const engine = createEngine(cfg);

  it("is noted in explain, with the nearest experiment id, and changes nothing", () => {
    const units = { userId: "user-1" };
    const explanation = engine.explain({ units, forced: { aa: "a2", gone: "x" } });
    expect(explanation.notes).toContain('forced experiment "aa" is not in the config, so it was ignored — did you mean "a"?');
    expect(explanation.notes).toContain('forced experiment "gone" is not in the config, so it was ignored');
    expect(explanation.decision.assignments).toEqual(engine.decide({ units }).assignments);
  });

  it("notes nothing for the config's own experiments, and nothing when the forced object's keys cannot be read", () => {
    const units = { userId: "user-1" };
    expect(engine.explain({ units, forced: { a: "a2" } }).notes.join()).not.toMatch(/not in the config/);
    const unreadable = new Proxy({}, { ownKeys: () => { throw new Error("no keys"); } });
    expect(engine.explain({ units, forced: unreadable }).notes.join()).not.toMatch(/not in the config|decision failed/);
  });
});
