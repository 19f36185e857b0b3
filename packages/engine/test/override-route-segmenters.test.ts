import { describe, expect, it } from "vitest";
import type { StrataConfig } from "@strata/config";
import { defineSegmenter, type SegmenterFactory } from "@strata/segmenters";
import { createEngine, type Engine } from "../src/index.ts";
import { layer, percentExperiment } from "./support/configs.ts";

/**
 * Layer "top": a `fixed` experiment by userId on [0, 500) that lists only "vip", and a nested
 * domain D on [500, 1000) with experiments f and g by cookieId in two layers. A unit whose userId
 * bucket lands in the fixed experiment's slot, unlisted, and whose cookieId bucket leads into D is
 * in D as usual: forcing f (or allow-listing the cookie in f) must not take g away.
 */
function nestedConfig(allowListed?: string, stickyBeta = false): StrataConfig {
  return {
    version: 1,
    units: ["userId", "cookieId"],
    params: { p: "d", q: "d", r: "d" },
    domain: {
      id: "root",
      layers: [
        {
          id: "top",
          params: ["p", "q", "r"],
          slots: [
            {
              ranges: [[0, 500]],
              experiment: { id: "beta", status: "running", unit: "userId", ...(stickyBeta ? { sticky: true } : {}), groups: [{ id: "in", params: { r: "beta" } }], segmenter: { type: "fixed", groups: [{ id: "in", units: ["vip"] }] } },
            },
            {
              ranges: [[500, 1000]],
              domain: {
                id: "D",
                layers: [
                  layer("DP", ["p"], [[0, 1000, percentExperiment("f", "p", { a: 50, b: 50 }, { unit: "cookieId", ...(allowListed ? { forced: { b: [allowListed] } } : {}) })]]),
                  layer("DQ", ["q"], [[0, 1000, percentExperiment("g", "q", { a: 50, b: 50 }, { unit: "cookieId" })]]),
                ],
              },
            },
          ],
        },
      ],
    },
  };
}

/** The first id `prefix0`, `prefix1`, … whose bucket in layer "top" (the unit alone in the request) satisfies `wanted`. */
function findId(engine: Engine, unitType: string, prefix: string, wanted: (bucket: number) => boolean): string {
  for (let i = 0; i < 1000; i++) {
    const id = `${prefix}${i}`;
    const top = engine.explain({ units: { [unitType]: id } }).layers.find((l) => l.layer === "top")!;
    const bucket = top.buckets.find((b) => b.unitType === unitType)?.bucket;
    if (bucket !== undefined && wanted(bucket)) return id;
  }
  throw new Error(`no ${unitType} id found`);
}

describe("an override below a nested domain keeps the unit's other layers there when its buckets lead there anyway", () => {
  const engine = createEngine(nestedConfig());
  const userId = findId(engine, "userId", "u", (b) => b < 500);
  const cookieId = findId(engine, "cookieId", "c", (b) => b >= 500);
  const units = { userId, cookieId };

  it("for a fixed list that does not list the unit: a forced group keeps the unit's group in the domain's other layer", () => {
    const plain = engine.decide({ units });
    // The fixed experiment leaves the unit out, so its cookie leads into D, where g decides q.
    expect(plain.get("r")).toBe("d");
    expect(plain.get("q")).toMatch(/^g:/);
    const forced = engine.decide({ units, forced: { f: "b" } });
    expect(forced.get("p")).toBe("f:b");
    expect(forced.get("q")).toBe(plain.get("q"));
    const top = engine.explain({ units, forced: { f: "b" } }).layers.find((l) => l.layer === "top")!;
    expect(top.domainEntered).toBe("D");
    expect(top.override).toBeUndefined();
  });

  it("for a fixed list that does not list the unit: an allow-listed cookie keeps its group in the domain's other layer", () => {
    const allowing = createEngine(nestedConfig(cookieId));
    const plain = engine.decide({ units });
    const decision = allowing.decide({ units });
    expect(decision.get("p")).toBe("f:b");
    expect(decision.get("q")).toBe(plain.get("q"));
  });

  it("a unit the fixed list takes stays out of the domain, forced or not", () => {
    const vip = { userId: "vip", cookieId };
    const forced = engine.decide({ units: vip, forced: { f: "b" } });
    expect(forced.get("r")).toBe("d");
    const top = engine.explain({ units: vip, forced: { f: "b" } }).layers.find((l) => l.layer === "top")!;
    // The forced experiment still gets the unit, in D entered for it alone (the buckets lead to beta).
    expect(forced.get("p")).toBe("f:b");
    expect(top.override).toMatch(/^entered D for an experiment forced or allow-listed below it/);
    expect(forced.get("q")).toBe("d");
  });
});

describe("a sticky fixed list while the store cannot be read", () => {
  // beta is sticky by config: while the store cannot be read, it leaves even a listed unit out
  // (its stored group is unknown), so the unit's cookie leads into D.
  const engine = createEngine(nestedConfig(undefined, true), { onError: () => undefined });

  it("is judged as the usual path judges it: a forced group keeps the unit's group in D's other layer", () => {
    // "vip", the listed unit, lands in beta's slot.
    const vipBucket = engine.explain({ units: { userId: "vip" } }).layers.find((l) => l.layer === "top")!.buckets.find((b) => b.unitType === "userId")!.bucket!;
    expect(vipBucket).toBeLessThan(500);
    const cookieId = findId(engine, "cookieId", "c", (b) => b >= 500);
    const units = { userId: "vip", cookieId };
    const storeError = "redis down";
    const plain = engine.decide({ units, storeError });
    expect(plain.get("r")).toBe("d");
    expect(plain.get("q")).toMatch(/^g:/);
    const forced = engine.decide({ units, storeError, forced: { f: "b" } });
    expect(forced.get("p")).toBe("f:b");
    expect(forced.get("q")).toBe(plain.get("q"));
  });
});

describe("a plugin's groupAt that throws while an override route is judged", () => {
  const flaky: SegmenterFactory = defineSegmenter({
    type: "flaky",
    options: { "~standard": { version: 1, vendor: "test", validate: (value: unknown) => ({ value }) } },
    create: () => ({
      groups: ["x"],
      groupAt: () => {
        throw new Error("plugin bug");
      },
      assign: () => {
        throw new Error("plugin bug");
      },
    }),
  });
  const cfg: StrataConfig = {
    version: 1,
    units: ["userId"],
    params: { p: "d", q: "d", z: "d" },
    domain: {
      id: "root",
      layers: [
        {
          id: "top",
          params: ["p", "q"],
          slots: [
            { ranges: [[0, 500]], experiment: { id: "plug", status: "running", groups: [{ id: "x", params: { p: "plug" } }], segmenter: { type: "flaky" } } },
            { ranges: [[500, 1000]], domain: { id: "D", layers: [layer("DP", ["p"], [[0, 1000, percentExperiment("f", "p", { a: 50, b: 50 })]])] } },
          ],
        },
        layer("other", ["z"], [[0, 1000, percentExperiment("z1", "z", { a: 50, b: 50 })]]),
      ],
    },
  };
  const engine = createEngine(cfg, { segmenters: [flaky], onError: () => undefined });
  const userId = findId(engine, "userId", "u", (b) => b < 500);

  it("is a segmenter that does not take the unit: the forced group is served and other layers decide as usual", () => {
    const plain = engine.decide({ units: { userId } });
    expect(plain.errors?.join()).toMatch(/experiment plug: segmenter threw: plugin bug/);
    const forced = engine.decide({ units: { userId }, forced: { f: "b" } });
    expect(forced.errors?.join() ?? "").not.toMatch(/decision failed/);
    expect(forced.get("p")).toBe("f:b");
    expect(forced.get("z")).toBe(plain.get("z"));
    expect(forced.get("z")).toMatch(/^z1:/);
  });
});
