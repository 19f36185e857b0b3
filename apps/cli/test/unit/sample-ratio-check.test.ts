import { validate, type StrataConfig } from "@strata/config";
import { describe, expect, it } from "vitest";
import { attributeSpread } from "../../src/attributes.ts";
import { createProgress } from "../../src/progress.ts";
import { syntheticPopulation } from "../../src/simulation/population.ts";
import { runSimulation } from "../../src/simulation/run.ts";
import { binomialTwoSided } from "../../src/stats/exact-binomial.ts";

const quiet = createProgress({ write: () => true }, { label: "" });

/** One experiment: "rare" gets 0.1% of the units, "control" the rest. */
const rare = validate({
  version: 1,
  units: ["userId"],
  params: { p: "a" },
  domain: {
    id: "root",
    layers: [
      {
        id: "l1",
        params: ["p"],
        slots: [
          {
            ranges: [[0, 1000]],
            experiment: {
              id: "e1",
              status: "running",
              groups: [{ id: "control" }, { id: "rare", params: { p: "b" } }],
              segmenter: { type: "percentage", groups: [{ id: "control", weight: "rest" }, { id: "rare", weight: 0.1 }] },
            },
          },
        ],
      },
    ],
  },
}).config as StrataConfig;

describe("the sample-ratio check of a simulation", () => {
  it("uses the exact binomial test when a group expects fewer than 5 units (5 of 1,000 at 0.1% is not flagged)", async () => {
    const { result } = await runSimulation({ config: rare, name: "rare.json", population: syntheticPopulation(1000, ["userId"], "s125", attributeSpread([])), progress: quiet });
    const [experiment] = result.experiments;
    expect(experiment?.groups.map((group) => [group.group, group.count])).toEqual([["control", 995], ["rare", 5]]);
    expect(experiment?.test?.method).toBe("exact binomial");
    expect(experiment?.test?.pValue).toBeCloseTo(binomialTwoSided(5, 1000, 0.001), 12);
    expect(experiment?.test?.flagged).toBe(false);
    expect(experiment?.note).toBe("a group expects fewer than 5 units: exact binomial test");
    expect(result.flagged).toBe(0);
  });

  it("keeps chi-square when every group expects 5 or more", async () => {
    const { result } = await runSimulation({ config: rare, name: "rare.json", population: syntheticPopulation(20_000, ["userId"], "sim", attributeSpread([])), progress: quiet });
    expect(result.experiments[0]?.test?.method).toBe("chi-square");
    expect(result.experiments[0]?.note).toBeNull();
  });
});
