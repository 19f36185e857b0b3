import { describe, expect, it } from "vitest";
import { createEngine } from "../src/index.ts";
import { config, layer, percentExperiment } from "./support/configs.ts";

// One experiment exercising every step: forced > allow-list > stored > conditions > bucketing.
const cfg = config({ p: "default" }, [
  layer("L", ["p"], [[0, 1000, percentExperiment("exp", "p", { control: 50, treatment: 50 }, {
    forced: { treatment: ["allowed-user"] },
    conditions: { country: { $eq: "DE" } },
  })]]),
]);

describe("the decision order", () => {
  const engine = createEngine(cfg);
  const groupOf = (request: Parameters<typeof engine.decide>[0]) => engine.decide(request).assignments[0]?.group ?? null;
  const sourceOf = (request: Parameters<typeof engine.decide>[0]) => engine.decide(request).assignments[0]?.source ?? null;

  it("conditions gate bucketing", () => {
    expect(groupOf({ units: { userId: "someone" }, attributes: { country: "FR" } })).toBeNull();
    expect(sourceOf({ units: { userId: "someone" }, attributes: { country: "DE" } })).toBe("segmenter");
  });

  it("stored beats conditions", () => {
    expect(engine.decide({ units: { userId: "someone" }, attributes: { country: "FR" }, stored: { exp: "control" } }).assignments[0]).toMatchObject({ group: "control", source: "stored" });
  });

  it("allow-list beats stored", () => {
    expect(engine.decide({ units: { userId: "allowed-user" }, attributes: { country: "FR" }, stored: { exp: "control" } }).assignments[0]).toMatchObject({ group: "treatment", source: "allow-list" });
  });

  it("forced beats allow-list", () => {
    expect(engine.decide({ units: { userId: "allowed-user" }, forced: { exp: "control" }, stored: { exp: "treatment" } }).assignments[0]).toMatchObject({ group: "control", source: "forced" });
  });

  it("a forced group that does not exist is ignored and explained", () => {
    const request = { units: { userId: "allowed-user" }, forced: { exp: "nope" } };
    expect(engine.decide(request).assignments[0]).toMatchObject({ group: "treatment", source: "allow-list" });
    const explained = engine.explain(request).layers[0]!.experiments;
    expect(explained.map((e) => e.outcome)).toEqual(["forced-ignored", "in"]);
  });

  it("status and schedule come before everything, forced included", () => {
    const paused = createEngine(config({ p: "d" }, [layer("L", ["p"], [[0, 1000, percentExperiment("exp", "p", { a: 100 }, { status: "paused" })]])]));
    expect(paused.decide({ units: { userId: "u" }, forced: { exp: "a" } }).assignments).toEqual([]);
    expect(paused.explain({ units: { userId: "u" } }).layers[0]!.experiments[0]!.outcome).toBe("status");
    let now = Date.parse("2026-01-01T00:00:00Z");
    const scheduled = createEngine(
      config({ p: "d" }, [layer("L", ["p"], [[0, 1000, percentExperiment("exp", "p", { a: 100 }, { schedule: { start: "2026-02-01T00:00:00Z", end: "2026-03-01T00:00:00Z" } })]])]),
      { now: () => now },
    );
    expect(scheduled.decide({ units: { userId: "u" } }).assignments).toEqual([]);
    now = Date.parse("2026-02-15T00:00:00Z");
    expect(scheduled.decide({ units: { userId: "u" } }).assignments[0]?.group).toBe("a");
    now = Date.parse("2026-03-01T00:00:00Z");
    expect(scheduled.explain({ units: { userId: "u" } }).layers[0]!.experiments[0]).toMatchObject({ outcome: "schedule", reason: "its schedule has ended" });
  });
});
