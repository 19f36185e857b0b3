import { describe, expect, it } from "vitest";
import { ConfigError, type StrataConfig } from "@strata/config";
import { createEngine } from "../src/index.ts";
import { sharesMatch, tally } from "./support/chi-square.ts";
import { config, layer, percentExperiment, users } from "./support/configs.ts";

const N = 100_000;
const ids = users(N);

function groupIn(decision: ReturnType<ReturnType<typeof createEngine>["decide"]>, layerId: string): string {
  const a = decision.assignments.find((x) => x.layer === layerId);
  return a ? `${a.experiment}:${a.group}` : "none";
}

describe("scenarios from the field", () => {
  it("two independent 50/50 layers: each of the four combinations gets 25%", () => {
    const cfg = config({ color: "blue", size: "m" }, [
      layer("color", ["color"], [[0, 1000, percentExperiment("button-color", "color", { blue: 50, green: 50 })]]),
      layer("size", ["size"], [[0, 1000, percentExperiment("button-size", "size", { m: 50, l: 50 })]]),
    ]);
    const engine = createEngine(cfg);
    const counts = tally(ids.map((u) => {
      const d = engine.decide({ units: { userId: u } });
      return `${d.get("color")}|${d.get("size")}`;
    }));
    expect(Object.keys(counts).sort()).toEqual([
      "button-color:blue|button-size:l",
      "button-color:blue|button-size:m",
      "button-color:green|button-size:l",
      "button-color:green|button-size:m",
    ]);
    expect(sharesMatch(counts, Object.fromEntries(Object.keys(counts).map((k) => [k, 0.25])))).toBe(true);
  });

  it("the same two layers sharing a salt are rejected", () => {
    const cfg = config({ color: "blue", size: "m" }, [
      layer("color", ["color"], [[0, 1000, percentExperiment("button-color", "color", { blue: 50, green: 50 })]], { salt: "shared" }),
      layer("size", ["size"], [[0, 1000, percentExperiment("button-size", "size", { m: 50, l: 50 })]], { salt: "shared" }),
    ]);
    expect(() => createEngine(cfg)).toThrow(ConfigError);
    try {
      createEngine(cfg);
    } catch (error) {
      expect((error as ConfigError).message).toMatch(/salt/i);
    }
  });

  it("experiments of 20% and 30% in one layer, 100% in another: at most one per layer, shares match", () => {
    const cfg = config({ a: "-", b: "-" }, [
      layer("first", ["a"], [
        [0, 200, percentExperiment("e20", "a", { on: 100 })],
        [200, 500, percentExperiment("e30", "a", { on: 100 })],
      ]),
      layer("second", ["b"], [[0, 1000, percentExperiment("e100", "b", { on: 100 })]]),
    ]);
    const engine = createEngine(cfg);
    const first: string[] = [];
    for (const u of ids) {
      const d = engine.decide({ units: { userId: u } });
      expect(d.assignments.filter((a) => a.layer === "first").length).toBeLessThanOrEqual(1);
      expect(groupIn(d, "second")).toBe("e100:on");
      first.push(groupIn(d, "first"));
    }
    expect(sharesMatch(tally(first), { "e20:on": 0.2, "e30:on": 0.3, none: 0.5 })).toBe(true);
  });

  it("layer A a/b/c 20/20/60 and layer B aa/bb/cc 10/10/80: all nine joint cells match the products", () => {
    const cfg = config({ x: "-", y: "-" }, [
      layer("A", ["x"], [
        [0, 200, percentExperiment("a", "x", { on: 100 })],
        [200, 400, percentExperiment("b", "x", { on: 100 })],
        [400, 1000, percentExperiment("c", "x", { on: 100 })],
      ]),
      layer("B", ["y"], [[0, 1000, percentExperiment("split", "y", { aa: 10, bb: 10, cc: 80 })]]),
    ]);
    const engine = createEngine(cfg);
    const joint = tally(ids.map((u) => {
      const d = engine.decide({ units: { userId: u } });
      return `${groupIn(d, "A")}&${groupIn(d, "B")}`;
    }));
    const expected: Record<string, number> = {};
    for (const [a, pa] of [["a:on", 0.2], ["b:on", 0.2], ["c:on", 0.6]] as const) {
      for (const [b, pb] of [["split:aa", 0.1], ["split:bb", 0.1], ["split:cc", 0.8]] as const) expected[`${a}&${b}`] = pa * pb;
    }
    expect(Object.keys(joint).sort()).toEqual(Object.keys(expected).sort());
    expect(sharesMatch(joint, expected)).toBe(true);
    expect(joint["a:on&split:aa"]! / N).toBeCloseTo(0.02, 2);
  });

  it("a 10% non-overlapping domain beside a 90% overlapping domain with two layers and a launch layer", () => {
    const all = ["color", "size", "banner"];
    const cfg: StrataConfig = {
      version: 1,
      units: ["userId"],
      params: { color: "blue", size: "m", banner: "off" },
      domain: {
        id: "root",
        layers: [
          {
            id: "traffic",
            params: all,
            slots: [
              { ranges: [[0, 100]], domain: { id: "exclusive", layers: [layer("solo", all, [[0, 1000, {
                ...percentExperiment("redesign", "color", { on: 100 }),
                groups: [{ id: "on", params: { color: "black", size: "xl", banner: "big" } }],
              }]])] } },
              { ranges: [[100, 1000]], domain: { id: "overlap", layers: [
                layer("launches", ["banner", "color"], [[0, 1000, {
                  ...percentExperiment("banner-launch", "banner", { on: 100 }),
                  groups: [{ id: "on", params: { banner: "launched", color: "launch-color" } }],
                }]], { launch: true }),
                layer("color", ["color"], [[0, 500, percentExperiment("color-test", "color", { c: 50, t: 50 })]]),
                layer("size", ["size"], [[0, 1000, percentExperiment("size-test", "size", { c: 50, t: 50 })]]),
              ] } },
            ],
          },
        ],
      },
    };
    const engine = createEngine(cfg);
    const domains: string[] = [];
    const colorSources: string[] = [];
    for (const u of ids) {
      const d = engine.decide({ units: { userId: u } });
      const exclusive = d.assignments.some((a) => a.experiment === "redesign");
      domains.push(exclusive ? "exclusive" : "overlap");
      if (exclusive) {
        expect(d.assignments).toHaveLength(1);
        expect(d.params).toEqual({ color: "black", size: "xl", banner: "big" });
      } else {
        expect(d.get("banner")).toBe("launched");
        const inColorTest = d.assignments.some((a) => a.experiment === "color-test");
        // Normal experiments beat the launch layer; elsewhere the launch value beats the default.
        expect(d.get("color")).toBe(inColorTest ? `color-test:${d.assignments.find((a) => a.experiment === "color-test")!.group}` : "launch-color");
        colorSources.push(inColorTest ? "experiment" : "launch");
      }
    }
    expect(sharesMatch(tally(domains), { exclusive: 0.1, overlap: 0.9 })).toBe(true);
    expect(sharesMatch(tally(colorSources), { experiment: 0.5, launch: 0.5 })).toBe(true);
  });
});
