import { readFileSync } from "node:fs";
import { join } from "node:path";
import { validate, type StrataConfig } from "@strata/config";
import { describe, expect, it } from "vitest";
import { attributeSpread, parseAttributeArgs } from "../../src/attributes.ts";
import { createProgress } from "../../src/progress.ts";
import { EXTRA_SEGMENTERS } from "../../src/segmenter-registry.ts";
import { syntheticPopulation, type Population } from "../../src/simulation/population.ts";
import type { PairResult, SimulationResult } from "../../src/simulation/result.ts";
import { formatSimulation } from "../../src/simulation/format-text.ts";
import { runSimulation } from "../../src/simulation/run.ts";
import { REPO_ROOT } from "../support/cli.ts";

const quiet = createProgress({ write: () => true }, { label: "" });
const COUNTRIES = attributeSpread(parseAttributeArgs(["country=DE", "country=US"], "simulate"));

function checked(document: unknown): StrataConfig {
  const result = validate(document, { segmenters: EXTRA_SEGMENTERS });
  if (result.config === undefined) throw new Error(result.errors.map((problem) => `${problem.pointer}: ${problem.message}`).join("\n"));
  return result.config;
}

async function simulate(config: StrataConfig, population: Population): Promise<SimulationResult> {
  return (await runSimulation({ config, name: "test.json", population, progress: quiet })).result;
}

function pair(result: SimulationResult, a: string, b: string): PairResult {
  const found = result.pairs.find((candidate) => candidate.layers[0] === a && candidate.layers[1] === b);
  if (found === undefined) throw new Error(`no pair ${a} × ${b}`);
  return found;
}

const halves = (type = "percentage") => ({ type, groups: [{ id: "x", weight: 50 }, { id: "y", weight: 50 }] });
const experiment = (id: string, extra: Record<string, unknown> = {}) => ({ id, status: "running", groups: [{ id: "x" }, { id: "y", params: { [`p_${id}`]: 2 } }], segmenter: halves(), ...extra });
const layer = (id: string, slots: unknown[]) => ({ id, params: slots.map((slot) => `p_${(slot as { experiment: { id: string } }).experiment.id}`), slots });

/** Three layers: "a" targets US, "b" targets DE, "c" takes everyone. */
const targeted = checked({
  version: 1,
  units: ["userId"],
  params: { p_a: 1, p_b: 1, p_c: 1 },
  domain: {
    id: "root",
    layers: [
      layer("A", [{ ranges: [[0, 1000]], experiment: experiment("a", { conditions: { country: "US" } }) }]),
      layer("B", [{ ranges: [[0, 1000]], experiment: experiment("b", { conditions: { country: "DE" } }) }]),
      layer("C", [{ ranges: [[0, 1000]], experiment: experiment("c") }]),
    ],
  },
});

/** `count` values of each key, spread over the units (every combination equally often). */
function spread(counts: Readonly<Record<string, number>>) {
  return attributeSpread(parseAttributeArgs(Object.entries(counts).flatMap(([key, count]) => Array.from({ length: count }, (_, i) => `${key}=${key}${i}`)), "simulate"));
}

/** Two layers of one independent 50/50 experiment each, optionally targeted by `conditions`. */
function twoLayers(conditions?: Record<string, unknown>): StrataConfig {
  const extra = conditions === undefined ? {} : { conditions };
  return checked({
    version: 1,
    units: ["userId"],
    params: { p_a: 1, p_b: 1 },
    domain: { id: "root", layers: [layer("A", [{ ranges: [[0, 1000]], experiment: experiment("a", extra) }]), layer("B", [{ ranges: [[0, 1000]], experiment: experiment("b", extra) }])] },
  });
}

/** Layers A and B, each with a `type` experiment (md5-prefix: one copied key) on half the buckets and a GrowthBook experiment of namespace "checkout" on the other. */
function mixedLayers(type: "compat:md5-prefix" | "percentage"): StrataConfig {
  const groups = [{ id: "x", weight: 50 }, { id: "y", weight: 50 }];
  const plain = (id: string) => experiment(id, { segmenter: type === "percentage" ? { type, groups } : { type, key: "copied-key", groups } });
  const namespaced = (id: string, range: [number, number]) =>
    experiment(id, { segmenter: { type: "compat:growthbook", seed: id, hashVersion: 1, groups: [{ id: "x", weight: 0.5 }, { id: "y", weight: 0.5 }], namespace: { id: "checkout", range } } });
  return checked({
    version: 1,
    units: ["userId"],
    params: { p_a: 1, p_b: 1, p_c: 1, p_d: 1 },
    domain: {
      id: "root",
      layers: [
        layer("A", [{ ranges: [[0, 500]], experiment: plain("a") }, { ranges: [[500, 1000]], experiment: namespaced("c", [0, 0.5]) }]),
        layer("B", [{ ranges: [[0, 500]], experiment: plain("b") }, { ranges: [[500, 1000]], experiment: namespaced("d", [0.5, 1]) }]),
      ],
    },
  });
}

/** Two layers whose md5-prefix experiments hash with the same key: a real dependence that validation lets through. */
function sharedKey(conditions?: Record<string, unknown>): StrataConfig {
  const md5 = (id: string) =>
    experiment(id, { segmenter: { type: "compat:md5-prefix", key: "copied-key", groups: [{ id: "x", weight: 50 }, { id: "y", weight: 50 }] }, ...(conditions === undefined ? {} : { conditions }) });
  return checked({
    version: 1,
    units: ["userId"],
    params: { p_a: 1, p_b: 1 },
    domain: { id: "root", layers: [layer("A", [{ ranges: [[0, 1000]], experiment: md5("a") }]), layer("B", [{ ranges: [[0, 1000]], experiment: md5("b") }])] },
  });
}

describe("layer independence", () => {
  it("does not flag layers that target the same attribute with several --attr values: it tests within each combination", async () => {
    const result = await simulate(targeted, syntheticPopulation(20_000, targeted.units, "sim", COUNTRIES));
    // Pooled, A and B look dependent (a unit is in "a" exactly when it is not in "b"); within a country one of them is constant.
    const ab = pair(result, "A", "B");
    expect(ab.strata).toBe(2);
    expect(ab.stratifiedBy).toEqual(["country"]);
    expect(ab.test).toBeNull();
    for (const [a, b] of [["A", "C"], ["B", "C"]] as const) {
      expect(pair(result, a, b).stratifiedBy).toEqual(["country"]); // C reads no attribute, but A (or B) does
      const test = pair(result, a, b).test;
      expect(test?.method).toBe("Cochran-Mantel-Haenszel");
      expect(test?.df).toBe(1); // a 2×2 table in the country "a" (or "b") targets; in the other, A (or B) has one category and adds nothing
      expect(test?.flagged).toBe(false);
    }
    expect(result.flagged).toBe(0);
  });

  it("still flags a real hashing dependence, with one attribute combination or several", async () => {
    const config = sharedKey();
    const plain = await simulate(config, syntheticPopulation(5000, config.units, "sim", attributeSpread([])));
    expect(pair(plain, "A", "B").dependentByDesign).toBeNull();
    expect(pair(plain, "A", "B").test).toMatchObject({ method: "chi-square", df: 1, flagged: true });
    // No condition reads country: the countries are pooled.
    const pooled = await simulate(config, syntheticPopulation(5000, config.units, "sim", COUNTRIES));
    expect(pair(pooled, "A", "B")).toMatchObject({ strata: 1, stratifiedBy: [], test: { method: "chi-square", df: 1, flagged: true } });
    const targeting = sharedKey({ country: { $exists: true } });
    const stratified = await simulate(targeting, syntheticPopulation(5000, targeting.units, "sim", COUNTRIES));
    expect(pair(stratified, "A", "B")).toMatchObject({ strata: 2, stratifiedBy: ["country"], test: { method: "Cochran-Mantel-Haenszel", df: 1, flagged: true } });
    expect(stratified.flagged).toBe(1);
  });

  it("pools attribute combinations no condition reads, so many sparse ones raise no false alarm", async () => {
    // 2,000 units over 1,000 plans: summing Pearson's statistic over 2-unit strata gave p = 2e-19 for two independent layers.
    const config = twoLayers();
    const result = await simulate(config, syntheticPopulation(2000, config.units, "sim", spread({ plan: 1000 })));
    expect(pair(result, "A", "B")).toMatchObject({ units: 2000, strata: 1, stratifiedBy: [], test: { method: "chi-square", df: 1, flagged: false } });
    expect(result.flagged).toBe(0);
  });

  it("tests sparse strata of a targeted attribute with the Cochran–Mantel–Haenszel statistic: no false alarm", async () => {
    const config = twoLayers({ plan: { $exists: true } });
    for (const seed of ["sim", "s2", "s3"]) {
      const result = await simulate(config, syntheticPopulation(2000, config.units, seed, spread({ plan: 1000 })));
      const ab = pair(result, "A", "B");
      expect(ab).toMatchObject({ strata: 1000, stratifiedBy: ["plan"], test: { method: "Cochran-Mantel-Haenszel", df: 1, flagged: false } });
      expect(ab.test?.pValue).toBeGreaterThan(0.01);
    }
  });

  it("does not flag shop.json's independent layers with 2 countries × 150 plans", async () => {
    const config = checked(JSON.parse(readFileSync(join(REPO_ROOT, "packages/config/examples/shop.json"), "utf8")));
    const attributes = parseAttributeArgs(["country=DE", "country=US", ...Array.from({ length: 150 }, (_, i) => `plan=p${i}`)], "simulate");
    const result = await simulate(config, syntheticPopulation(20_000, config.units, "sim", attributeSpread(attributes)));
    expect(pair(result, "color", "checkout-layer")).toMatchObject({ strata: 1, stratifiedBy: [], test: { method: "chi-square", flagged: false } });
    expect(pair(result, "size", "checkout-layer")).toMatchObject({ strata: 2, stratifiedBy: ["country"], test: { method: "Cochran-Mantel-Haenszel", flagged: false } }); // button-size targets countries
    expect(result.flagged).toBe(0);
  });

  it("flags a copied md5-prefix key with 100 × 100 attribute combinations, pooled or within strata of 3 units", async () => {
    const pooledConfig = sharedKey();
    const pooled = await simulate(pooledConfig, syntheticPopulation(10_000, pooledConfig.units, "sim", spread({ plan: 100, region: 100 })));
    expect(pair(pooled, "A", "B").test).toMatchObject({ method: "chi-square", df: 1, flagged: true }); // one unit per combination, but no condition reads them
    const targeting = sharedKey({ plan: { $exists: true }, region: { $exists: true } });
    const stratified = await simulate(targeting, syntheticPopulation(30_000, targeting.units, "sim", spread({ plan: 100, region: 100 })));
    expect(pair(stratified, "A", "B")).toMatchObject({ strata: 10_000, stratifiedBy: ["plan", "region"], test: { method: "Cochran-Mantel-Haenszel", df: 1, flagged: true } });
  });

  it("reports experiments of one Optimizely exclusion group as dependent by design, not flagged", async () => {
    const config = checked(JSON.parse(readFileSync(join(REPO_ROOT, "packages/compat/examples/optimizely.strata.json"), "utf8")));
    const result = await simulate(config, syntheticPopulation(20_000, config.units, "sim", attributeSpread([])));
    const grouped = pair(result, "hero_banner.layer", "onboarding.layer");
    expect(grouped.test).toBeNull(); // each layer holds only its grouped experiment: nothing is left to test
    expect(grouped.leftOut).toEqual({ experiments: ["hero_banner", "onboarding"], units: 20_000 });
    expect(grouped.dependentByDesign).toBe(`experiments "hero_banner" and "onboarding" are in Optimizely exclusion group "21553130040", which makes them mutually exclusive`);
    expect(result.pairs.filter((candidate) => candidate.dependentByDesign !== null)).toHaveLength(1);
    expect(result.flagged).toBe(0);
  });

  it("reports GrowthBook experiments sharing a filter seed (its mutually exclusive layers) as dependent by design", async () => {
    const config = checked(JSON.parse(readFileSync(join(REPO_ROOT, "packages/compat/examples/growthbook.strata.json"), "utf8")));
    const result = await simulate(config, syntheticPopulation(20_000, config.units, "sim", attributeSpread([])));
    const shared = pair(result, "search-algo.layer", "search-snippets.layer");
    expect(shared.test).toBeNull();
    expect(shared.leftOut?.experiments).toEqual(["search-algo", "search-snippets"]);
    expect(shared.dependentByDesign).toBe(`experiments "search-algo" and "search-snippets" share GrowthBook filter seed "search-layer", whose ranges divide one hash between them`);
    expect(result.flagged).toBe(0);
  });

  it("reports GrowthBook experiments of one namespace as dependent by design", async () => {
    const namespaced = (id: string, range: [number, number]) =>
      experiment(id, { segmenter: { type: "compat:growthbook", seed: id, hashVersion: 1, groups: [{ id: "x", weight: 0.5 }, { id: "y", weight: 0.5 }], namespace: { id: "checkout", range } } });
    const config = checked({
      version: 1,
      units: ["userId"],
      params: { p_a: 1, p_b: 1 },
      domain: { id: "root", layers: [layer("A", [{ ranges: [[0, 1000]], experiment: namespaced("a", [0, 0.5]) }]), layer("B", [{ ranges: [[0, 1000]], experiment: namespaced("b", [0.5, 1]) }])] },
    });
    const result = await simulate(config, syntheticPopulation(5000, config.units, "sim", attributeSpread([])));
    expect(pair(result, "A", "B")).toMatchObject({
      test: null,
      units: 0,
      leftOut: { experiments: ["a", "b"], units: 5000 },
      dependentByDesign: `experiments "a" and "b" share GrowthBook namespace "checkout", whose ranges divide one hash between them`,
    });
    expect(result.flagged).toBe(0);
  });

  it("leaves out only the coupled experiments' units and still flags a copied key in the rest of the two layers", async () => {
    // Layer A: md5 "a" on half the buckets, namespaced "c" on the other half; layer B: md5 "b" and namespaced "d" likewise.
    const config = mixedLayers("compat:md5-prefix");
    const result = await simulate(config, syntheticPopulation(20_000, config.units, "sim", attributeSpread([])));
    const ab = pair(result, "A", "B");
    expect(ab.dependentByDesign).toBe(`experiments "c" and "d" share GrowthBook namespace "checkout", whose ranges divide one hash between them`);
    expect(ab.leftOut?.experiments).toEqual(["c", "d"]);
    // Every unit whose A bucket is in c's slot or whose B bucket is in d's: about 3/4 of them.
    expect(ab.leftOut?.units).toBeGreaterThan(14_500);
    expect(ab.leftOut?.units).toBeLessThan(15_500);
    expect(ab.units + (ab.leftOut?.units ?? 0)).toBe(20_000);
    expect(ab.categories).toEqual([2, 2]); // a/x, a/y × b/x, b/y: no row or column of c or d, no "(none)" of their rejected units
    expect(ab.test).toMatchObject({ method: "chi-square", df: 1, flagged: true });
    expect(result.flagged).toBe(1);
    const text = formatSimulation(result).join("\n");
    expect(text).toContain(`A × B: left out ${ab.leftOut?.units.toLocaleString("en-US")} units in the slots of "c", "d", dependent by design (${ab.dependentByDesign}); the rest is tested above`);
  });

  it("raises no false alarm on the rest of two layers once coupled experiments are left out", async () => {
    const config = mixedLayers("percentage");
    for (const seed of ["sim", "s2", "s3"]) {
      const result = await simulate(config, syntheticPopulation(20_000, config.units, seed, attributeSpread([])));
      expect(pair(result, "A", "B").test).toMatchObject({ df: 1, flagged: false });
      expect(pair(result, "A", "B").test?.pValue).toBeGreaterThan(0.01);
    }
  });

  it("leaves units placed by allow-lists (which win their layer whatever the bucket) out of the pairs", async () => {
    const listed = Array.from({ length: 300 }, (_, i) => `listed-${i}`);
    const config = checked({
      version: 1,
      units: ["userId"],
      params: { p_a: 1, p_b: 1 },
      domain: {
        id: "root",
        layers: [
          layer("A", [{ ranges: [[0, 1000]], experiment: experiment("a", { forced: { y: listed } }) }]),
          layer("B", [{ ranges: [[0, 1000]], experiment: experiment("b", { forced: { y: listed } }) }]),
        ],
      },
    });
    async function* ids(): AsyncGenerator<{ units: { userId: string }; attributes: Record<string, never>; stratum: number }> {
      for (let i = 0; i < 3000; i++) yield { units: { userId: i % 10 === 0 ? (listed[i / 10] as string) : `other-${i}` }, attributes: {}, stratum: 0 };
    }
    const result = await simulate(config, { description: "ids", total: undefined, units: ids() });
    expect(result.experiments.map((e) => e.forced)).toEqual([300, 300]);
    expect(pair(result, "A", "B").units).toBe(2700);
    expect(pair(result, "A", "B").test?.flagged).toBe(false);
  });
});
