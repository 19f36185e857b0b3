import { readFileSync } from "node:fs";
import { join } from "node:path";
import { validate, type StrataConfig } from "@strata/config";
import { describe, expect, it } from "vitest";
import { attributeSpread, parseAttributeArgs } from "../../src/attributes.ts";
import { createProgress } from "../../src/progress.ts";
import { EXTRA_SEGMENTERS } from "../../src/segmenter-registry.ts";
import { syntheticPopulation, type Population } from "../../src/simulation/population.ts";
import type { PairResult, SimulationResult } from "../../src/simulation/result.ts";
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

/** Two layers whose md5-prefix experiments hash with the same key: a real dependence that validation lets through. */
function sharedKey(): StrataConfig {
  const md5 = (id: string) => experiment(id, { segmenter: { type: "compat:md5-prefix", key: "copied-key", groups: [{ id: "x", weight: 50 }, { id: "y", weight: 50 }] } });
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
    expect(ab.test).toBeNull();
    for (const [a, b] of [["A", "C"], ["B", "C"]] as const) {
      const test = pair(result, a, b).test;
      expect(test?.method).toBe("stratified chi-square");
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
    const stratified = await simulate(config, syntheticPopulation(5000, config.units, "sim", COUNTRIES));
    expect(pair(stratified, "A", "B").test).toMatchObject({ method: "stratified chi-square", df: 2, flagged: true });
    expect(stratified.flagged).toBe(1);
  });

  it("reports experiments of one Optimizely exclusion group as dependent by design, not flagged", async () => {
    const config = checked(JSON.parse(readFileSync(join(REPO_ROOT, "packages/compat/examples/optimizely.strata.json"), "utf8")));
    const result = await simulate(config, syntheticPopulation(20_000, config.units, "sim", attributeSpread([])));
    const grouped = pair(result, "hero_banner.layer", "onboarding.layer");
    expect(grouped.test).toBeNull();
    expect(grouped.dependentByDesign).toBe(`experiments "hero_banner" and "onboarding" are in Optimizely exclusion group "21553130040", which makes them mutually exclusive`);
    expect(result.pairs.filter((candidate) => candidate.dependentByDesign !== null)).toHaveLength(1);
    expect(result.flagged).toBe(0);
  });

  it("reports GrowthBook experiments sharing a filter seed (its mutually exclusive layers) as dependent by design", async () => {
    const config = checked(JSON.parse(readFileSync(join(REPO_ROOT, "packages/compat/examples/growthbook.strata.json"), "utf8")));
    const result = await simulate(config, syntheticPopulation(20_000, config.units, "sim", attributeSpread([])));
    const shared = pair(result, "search-algo.layer", "search-snippets.layer");
    expect(shared.test).toBeNull();
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
    expect(pair(result, "A", "B")).toMatchObject({ test: null, dependentByDesign: `experiments "a" and "b" share GrowthBook namespace "checkout", whose ranges divide one hash between them` });
    expect(result.flagged).toBe(0);
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
