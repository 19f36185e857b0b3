import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defineSegmenter } from "@strata/segmenters";
import { createEngine } from "../src/index.ts";
import { config, layer, percentExperiment } from "./support/configs.ts";

const exploding = defineSegmenter({
  type: "exploding",
  options: { "~standard": { version: 1, vendor: "test", validate: (value: unknown) => ({ value: value as Record<string, never> }) } },
  create: () => ({
    groups: ["boom"],
    assign: () => {
      throw new Error("plugin bug");
    },
  }),
});

const cfg = config({ p: "default", q: "default" }, [
  layer("L1", ["p"], [[0, 1000, percentExperiment("e1", "p", { a: 50, b: 50 }, { conditions: { $or: [{ country: { $in: ["DE"] } }, { age: { $gte: 18 } }, { name: { $regex: "^a" } }] } })]]),
  layer("L2", ["q"], [[0, 1000, { id: "e2", status: "running", groups: [{ id: "boom", params: { q: "x" } }], segmenter: { type: "exploding" } }]]),
]);

describe("decide never throws", () => {
  const engine = createEngine(cfg, { segmenters: [exploding] });

  it("a throwing plugin gives defaults and a reason visible in explain", () => {
    const d = engine.decide({ units: { userId: "u" } });
    expect(d.get("q")).toBe("default");
    expect(d.errors.join()).toMatch(/plugin bug/);
    expect(engine.explain({ units: { userId: "u" } }).layers[1]!.experiments[0]).toMatchObject({ outcome: "segmenter-error" });
  });

  it("holds for arbitrary requests (fast-check)", () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBigInt: true, withMap: true, withSet: true, withDate: true, withTypedArray: true }), fc.anything(), (units, attributes) => {
        for (const request of [units, { units }, { units, attributes }, { units: { userId: "u" }, attributes, forced: attributes, stored: attributes }]) {
          const d = engine.decide(request as never);
          expect(d.params).toBeTypeOf("object");
          expect(() => d.get("p")).not.toThrow();
          expect(() => engine.explain(request as never)).not.toThrow();
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("hot reload", () => {
  it("swaps atomically, keeps serving the old config on failure, leaves earlier decisions intact", () => {
    const engine = createEngine(config({ p: "d" }, [layer("L", ["p"], [[0, 1000, percentExperiment("e", "p", { a: 100 })]])]));
    const before = engine.decide({ units: { userId: "u" } });
    const bad = engine.update({ version: 1, units: [], params: {}, domain: { id: "root", layers: [{ id: "x", params: ["nope"], slots: [] }] } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.length).toBeGreaterThan(0);
    expect(engine.decide({ units: { userId: "u" } }).get("p")).toBe("e:a");
    expect(engine.update(config({ p: "d" }, [layer("L", ["p"], [[0, 1000, percentExperiment("e", "p", { b: 100 })]])])).ok).toBe(true);
    expect(engine.decide({ units: { userId: "u" } }).get("p")).toBe("e:b");
    expect(before.get("p")).toBe("e:a");
    expect(before.params.p).toBe("e:a");
  });

  it("createEngine throws one error listing every problem", () => {
    expect(() => createEngine({ version: 1 })).toThrow(/units|params|domain/);
  });
});
