import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { describeCli, REPO_ROOT, runCli, tempDir } from "./support/cli.ts";

const EXAMPLES = join(REPO_ROOT, "packages/compat/examples");
const example = (name: string) => JSON.parse(readFileSync(join(EXAMPLES, name), "utf8")) as unknown;

describeCli("strata import", () => {
  it("converts an Optimizely datafile into the config @strata/compat's importer gives, listing what it cannot express", async () => {
    const out = join(tempDir(), "strata.json");
    const result = await runCli(["import", "--from", "optimizely", "packages/compat/examples/optimizely-datafile.json", "--out", out]);
    expect(result.code).toBe(1);
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(example("optimizely.strata.json"));
    expect(result.stderr).toMatch(/^not imported \/experiments\/4: experiment "app_upsell"/m);
    expect(result.stderr).toMatch(/^not imported \/featureFlags\/0: /m);
    // The written config is a valid one that the CLI can run, compat segmenters included.
    const validated = await runCli(["validate", out]);
    expect(validated.code).toBe(0);
    const assigned = await runCli(["assign", out, "--unit", "user-7", "--json"]);
    expect(assigned.code).toBe(0);
  });

  it("converts GrowthBook features to stdout", async () => {
    const result = await runCli(["import", "--from", "growthbook", "packages/compat/examples/growthbook-features.json"]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual(example("growthbook.strata.json"));
    expect(result.stderr).toMatch(/^not imported \/features\/two-experiments: /m);
  });

  it("exits 2 for an unknown platform and 1 for a file that is not a datafile", async () => {
    const unknown = await runCli(["import", "--from", "launchdarkly", "packages/compat/examples/growthbook-features.json"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown --from "launchdarkly"; the platforms are optimizely, growthbook');
    const wrong = await runCli(["import", "--from", "optimizely", "-"], { input: '{"hello": "world"}' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).not.toMatch(/^\s+at /m);
  });
});
