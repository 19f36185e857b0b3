import { readFileSync } from "node:fs";
import { join } from "node:path";
import { validate, type StrataConfig } from "@strata/config";
import { describe, expect, it } from "vitest";
import { attributeSpread } from "../../src/attributes.ts";
import { createProgress } from "../../src/progress.ts";
import { EXTRA_SEGMENTERS } from "../../src/segmenter-registry.ts";
import { syntheticPopulation } from "../../src/simulation/population.ts";
import { runSimulation } from "../../src/simulation/run.ts";
import { REPO_ROOT } from "../support/cli.ts";

const quiet = createProgress({ write: () => true }, { label: "" });

describe("a simulation", () => {
  it("gives the same result every time for the same population, `random` diversions included", async () => {
    // The imported GrowthBook example has experiments diverted by `random` (no hash attribute).
    const text = readFileSync(join(REPO_ROOT, "packages/compat/examples/growthbook.strata.json"), "utf8");
    expect(text).toContain('"unit": "random"');
    const config = validate(JSON.parse(text), { segmenters: EXTRA_SEGMENTERS }).config as StrataConfig;
    const run = async () => (await runSimulation({ config, name: "growthbook.strata.json", population: syntheticPopulation(5_000, config.units, "sim", attributeSpread([])), progress: quiet })).result;
    const first = await run();
    expect(await run()).toEqual(first);
  });
});
