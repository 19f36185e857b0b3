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

describe("explain agrees with decide", () => {
  const engine = createEngine(cfg, { segmenters: [exploding] });
  const agree = (request: Parameters<typeof engine.decide>[0]) => {
    const d = engine.decide(request);
    const x = engine.explain(request);
    expect(x.decision).toEqual({ params: d.params, assignments: d.assignments, toPersist: d.toPersist, errors: d.errors });
    expect(x.notes.join()).not.toMatch(/decision failed/);
    return x;
  };

  it("on forced and stored values that are not strings, e.g. objects without a prototype", () => {
    const odd = Object.create(null) as string;
    const x = agree({ units: { userId: "u" }, attributes: { country: "DE" }, forced: { e1: odd }, stored: { e1: odd, e2: odd } });
    expect(x.decision.assignments.map((a) => a.experiment)).toEqual(["e1"]);
    expect(x.layers[0]!.experiments.map((e) => e.reason)).toContain("forced group an object is not a group of this experiment; ignored");
  });

  it("on a store that could not be read: both carry its message in errors", () => {
    const x = agree({ units: { userId: "u" }, storeError: "ECONNREFUSED" });
    expect(x.decision.errors).toContain("stored assignments not loaded: ECONNREFUSED");
  });

  it("for arbitrary forced and stored values and store errors (fast-check)", () => {
    const odd = fc.oneof(fc.constantFrom("a", "b", "boom", "nope"), fc.anything({ withNullPrototype: true, withBigInt: true, withMap: true, withSet: true, withDate: true }));
    const byExperiment = fc.dictionary(fc.constantFrom("e1", "e2", "other"), odd);
    fc.assert(
      fc.property(fc.string(), byExperiment, byExperiment, fc.option(fc.string(), { nil: undefined }), fc.constantFrom("DE", "FR"), (userId, forced, stored, storeError, country) => {
        agree({ units: { userId }, attributes: { country }, forced: forced as Record<string, string>, stored: stored as Record<string, string>, ...(storeError === undefined ? {} : { storeError }) });
      }),
      { numRuns: 500 },
    );
  });
});

describe("explain agrees with decide on failures", () => {
  it("with eager exposures and a failing clock: both carry the clock's problem", () => {
    const engine = createEngine(cfg, {
      segmenters: [exploding],
      exposure: "eager",
      onExposure: () => undefined,
      onError: () => undefined,
      now: () => {
        throw new Error("clock down");
      },
    });
    const request = { units: { userId: "u" }, attributes: { country: "DE" } };
    const d = engine.decide(request);
    expect(d.errors.join()).toMatch(/the clock \(options\.now\) threw: clock down/);
    expect(engine.explain(request).decision.errors).toEqual(d.errors);
  });

  it("on a forced object whose reads throw: both say the decision failed, in the same words", () => {
    const engine = createEngine(cfg, { segmenters: [exploding], onError: () => undefined });
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error("hostile forced");
        },
      },
    );
    const request = { units: { userId: "u" }, forced: hostile };
    const d = engine.decide(request);
    expect(d.errors).toEqual(["decision failed, defaults served: hostile forced"]);
    expect(engine.explain(request).decision.errors).toEqual(d.errors);
  });
});

describe("decideWithStore on odd requests", () => {
  it("resolves with defaults and the request's problem for null, undefined and units that are no object, without loading", async () => {
    let loads = 0;
    const engine = createEngine(cfg, {
      segmenters: [exploding],
      onError: () => undefined,
      stores: {
        assignments: {
          load: () => {
            loads++;
            return {};
          },
          save: () => undefined,
        },
      },
    });
    for (const request of [null, undefined, { units: null }, { units: "u" }]) {
      const d = await engine.decideWithStore(request as never);
      expect(d.params).toEqual({ p: "default", q: "default" });
      expect(d.errors.join()).toMatch(/request\.units must be an object of unit ids/);
    }
    expect(loads).toBe(0);
  });

  it("names a unit that is a number but not finite as such", () => {
    const engine = createEngine(cfg, { segmenters: [exploding] });
    expect(engine.decide({ units: { userId: Number.NaN } }).errors).toContain("units.userId is NaN, not a string or finite number; it was ignored");
    expect(engine.decide({ units: { userId: Number.POSITIVE_INFINITY } }).errors).toContain("units.userId is Infinity, not a string or finite number; it was ignored");
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
