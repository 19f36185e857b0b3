import { describe, expect, it } from "vitest";
import { builtinSegmenters, type SegmenterFactory } from "@strata/segmenters";
import { compileConfig, createEngine } from "../src/index.ts";
import { config, layer, percentExperiment } from "./support/configs.ts";

/** Two layers over userId then cookieId: one experiment by the first unit, one by cookieId. */
const twoUnits = () =>
  config({ p: "d", q: "d" }, [
    layer("L", ["p"], [[0, 1000, percentExperiment("byFirst", "p", { a: 50, b: 50 })]]),
    layer("M", ["q"], [[0, 1000, percentExperiment("byCookie", "q", { a: 50, b: 50 }, { unit: "cookieId" })]]),
  ]);
const requests = Array.from({ length: 40 }, (_, i) => ({ units: { userId: `user-${i}`, cookieId: `cookie-${i}` } }));
const served = (engine: ReturnType<typeof createEngine>) =>
  requests.map((request) => {
    const d = engine.decide(request);
    return { params: d.params, assignments: d.assignments };
  });

/** Edits a config in place the way one prepares the next version: units reordered, defaults, groups and ranges changed (the ranges invalid). */
function editInPlace(cfg: any): void {
  cfg.units.reverse();
  for (const name of Object.keys(cfg.params)) cfg.params[name] = "edited";
  cfg.domain.layers[0].slots[0].experiment.groups[0].params.p = "edited";
  cfg.domain.layers[0].slots[0].ranges = [[0, 2000]];
  cfg.domain.id = "edited";
}

describe("the engine serves the validated snapshot, not the caller's object", () => {
  it("edits of the object after createEngine change nothing", () => {
    const cfg = twoUnits();
    const engine = createEngine(cfg);
    const before = served(engine);
    editInPlace(cfg);
    expect(served(engine)).toEqual(before);
  });

  it("a failed update with an edited object leaves the old config serving as it was", () => {
    const cfg = twoUnits();
    const engine = createEngine(cfg);
    const before = served(engine);
    editInPlace(cfg);
    const result = engine.update(cfg);
    expect(result.ok).toBe(false);
    expect(served(engine)).toEqual(before);
  });

  it("edits of the object after a successful update change nothing", () => {
    const engine = createEngine(config({ p: "d" }, [layer("L", ["p"], [[0, 1000, percentExperiment("e", "p", { a: 100 })]])]));
    const next: any = config({ p: "d" }, [layer("L", ["p"], [[0, 1000, percentExperiment("e", "p", { b: 100 })]])]);
    expect(engine.update(next).ok).toBe(true);
    next.domain.layers[0].slots[0].experiment.groups[0].params.p = "edited";
    next.units.reverse();
    expect(engine.decide({ units: { userId: "u" } }).get("p")).toBe("e:b");
  });
});

describe("parameter values are read-only", () => {
  const themed = () => ({
    version: 1,
    units: ["userId"],
    params: { theme: { color: "blue", sizes: [1, 2] } },
    domain: {
      id: "root",
      layers: [layer("L", ["theme"], [[0, 500, { ...percentExperiment("e", "theme", { a: 100 }), groups: [{ id: "a", params: { theme: { color: "green", sizes: [3] } } }] }]])],
    },
  });

  it("writing into a served value throws, and the next decision is unchanged", () => {
    const engine = createEngine(themed());
    for (const userId of ["a", "b", "c", "d", "e", "f"]) {
      const d = engine.decide({ units: { userId } });
      const theme = d.get("theme") as any;
      expect(() => {
        theme.color = "red";
      }).toThrow(TypeError);
      expect(() => theme.sizes.push(9)).toThrow(TypeError);
      expect(() => {
        (d.params as any).theme.color = "red";
      }).toThrow(TypeError);
    }
    const colors = new Set(["a", "b", "c", "d", "e", "f"].map((userId) => (engine.decide({ units: { userId } }).get("theme") as any).color));
    expect([...colors].every((c) => c === "blue" || c === "green")).toBe(true);
  });

  it("compileConfig freezes copies of unfrozen values and leaves the caller's objects alone", () => {
    const cfg = themed();
    const compiled = compileConfig(cfg as never, { segmenters: new Map((builtinSegmenters as readonly SegmenterFactory[]).map((f) => [f.type, f])) });
    const theme = compiled.defaults[0] as any;
    expect(theme).toEqual({ color: "blue", sizes: [1, 2] });
    expect(Object.isFrozen(theme) && Object.isFrozen(theme.sizes)).toBe(true);
    expect(Object.isFrozen(cfg.params.theme)).toBe(false);
    cfg.units.reverse();
    expect(compiled.diversions.units).toEqual(["userId"]);
  });
});
