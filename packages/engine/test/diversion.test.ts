import { describe, expect, it } from "vitest";
import type { StrataConfig } from "@strata/config";
import { bucket } from "@strata/hash";
import { createEngine } from "../src/index.ts";
import { config, layer, percentExperiment } from "./support/configs.ts";

describe("diversion", () => {
  const cfg = config({ a: "-" }, [
    layer("L", ["a"], [
      [0, 500, percentExperiment("by-user", "a", { on: 100 }, { unit: "userId" })],
      [500, 1000, percentExperiment("by-cookie", "a", { on: 100 }, { unit: "cookieId" })],
    ]),
  ]);
  const engine = createEngine(cfg);

  it("buckets the layer by strata/v1 of the unit and the layer salt", () => {
    const d = engine.explain({ units: { userId: "u-1" } });
    expect(d.layers[0]!.buckets[0]).toMatchObject({ unitType: "userId", unit: "u-1", bucket: bucket("u-1", "L", 1000) });
  });

  it("tries units in priority order and takes the first experiment whose diversion matches", () => {
    for (let i = 0; i < 300; i++) {
      const userId = `u-${i}`;
      const cookieId = `c-${i}`;
      const d = engine.decide({ units: { userId, cookieId } });
      const userBucket = bucket(userId, "L", 1000);
      const cookieBucket = bucket(cookieId, "L", 1000);
      const expected = userBucket < 500 ? "by-user" : cookieBucket >= 500 ? "by-cookie" : undefined;
      expect(d.assignments[0]?.experiment).toBe(expected);
    }
  });

  it("uses the cookie when the user id is missing, and explains the missing unit", () => {
    const e = engine.explain({ units: { cookieId: "c-1" } });
    expect(e.notes).toContain("no userId in the request");
    expect(e.layers[0]!.buckets[0]).toMatchObject({ unitType: "userId", reason: "no such unit in the request" });
  });

  it("cookie-day diversion changes with the UTC date and holds within a day", () => {
    let now = Date.parse("2026-05-01T10:00:00Z");
    const daily = createEngine(config({ a: "-" }, [layer("L", ["a"], [[0, 1000, percentExperiment("d", "a", { x: 50, y: 50 }, { unit: "cookieId@day" })]])]), { now: () => now });
    const groupsOn = () => Array.from({ length: 200 }, (_, i) => daily.decide({ units: { cookieId: `c-${i}` } }).assignments[0]!.group);
    const morning = groupsOn();
    now = Date.parse("2026-05-01T23:59:59Z");
    expect(groupsOn()).toEqual(morning);
    now = Date.parse("2026-05-02T00:00:01Z");
    const nextDay = groupsOn();
    expect(nextDay).not.toEqual(morning);
    expect(daily.decide({ units: { cookieId: "c-1" } }).assignments[0]!.unit).toBe("c-1@2026-05-02");
  });

  it("random diversion assigns per request", () => {
    const random = createEngine(config({ a: "-" }, [layer("L", ["a"], [[0, 1000, percentExperiment("r", "a", { x: 50, y: 50 }, { unit: "random" })]])]));
    const groups = new Set(Array.from({ length: 100 }, () => random.decide({ units: {} }).assignments[0]?.group));
    expect(groups).toEqual(new Set(["x", "y"]));
  });

  it("numbers are units as their decimal string; odd units are dropped with an error, never thrown", () => {
    expect(engine.decide({ units: { userId: 42 } }).assignments).toEqual(engine.decide({ units: { userId: "42" } }).assignments);
    const odd = engine.decide({ units: { userId: { id: 1 } as never } });
    expect(odd.errors[0]).toMatch(/units.userId is object, not a string or finite number/);
  });
});

describe("nested domains and holdouts", () => {
  const cfg: StrataConfig = {
    version: 1,
    units: ["userId"],
    params: { p: "default", q: "default" },
    domain: {
      id: "root",
      layers: [{
        id: "top",
        params: ["p", "q"],
        slots: [
          { ranges: [[0, 50]], domain: { id: "holdout", layers: [] } },
          { ranges: [[50, 1000]], domain: { id: "inner", layers: [
            layer("inner-p", ["p"], [[0, 1000, percentExperiment("ep", "p", { on: 100 })]]),
            layer("inner-q", ["q"], [[0, 1000, percentExperiment("eq", "q", { on: 100 })]]),
          ] } },
        ],
      }],
    },
  };
  const engine = createEngine(cfg);

  it("descends into nested domains and gives defaults below a holdout", () => {
    let held = 0;
    for (let i = 0; i < 20_000; i++) {
      const userId = `u-${i}`;
      const d = engine.decide({ units: { userId } });
      if (bucket(userId, "top", 1000) < 50) {
        held++;
        expect(d.assignments).toEqual([]);
        expect(d.params).toEqual({ p: "default", q: "default" });
      } else {
        expect(d.params).toEqual({ p: "ep:on", q: "eq:on" });
      }
    }
    expect(held / 20_000).toBeGreaterThan(0.04);
    expect(held / 20_000).toBeLessThan(0.06);
  });

  it("explains the domain entered and the holdout", () => {
    const heldUser = Array.from({ length: 1000 }, (_, i) => `u-${i}`).find((u) => bucket(u, "top", 1000) < 50)!;
    expect(engine.explain({ units: { userId: heldUser } }).layers[0]).toMatchObject({ layer: "top", domainEntered: "holdout", holdout: true });
  });
});
