import { existsSync, readdirSync, readFileSync } from "node:fs";
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

  it("imports the rest of a datafile when one experiment's substring audience is too long for a Strata $regex", async () => {
    const substring = "(Windows NT 10.0; Win64; x64) ".repeat(10);
    const experiment = (id: string, key: string, audienceIds: string[]) => ({
      id, key, status: "Running", layerId: `L${id}`, audienceIds, forcedVariations: {},
      variations: [{ id: `${id}a`, key: "a" }, { id: `${id}b`, key: "b" }],
      trafficAllocation: [{ entityId: `${id}a`, endOfRange: 5000 }, { entityId: `${id}b`, endOfRange: 10000 }],
    });
    const datafile = {
      version: "4", projectId: "1", accountId: "1", revision: "1", attributes: [], events: [], featureFlags: [], rollouts: [], groups: [], audiences: [],
      typedAudiences: [{ id: "aud1", name: "ua", conditions: ["and", ["or", ["or", { type: "custom_attribute", name: "ua", match: "substring", value: substring }]]] }],
      experiments: [experiment("100", "exp", ["aud1"]), experiment("200", "other", [])],
    };
    const out = join(tempDir(), "long-substring.json");
    const result = await runCli(["import", "--from", "optimizely", "-", "--out", out], { input: JSON.stringify(datafile) });
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain("importer bug");
    expect(result.stderr).toMatch(/^not imported \/experiments\/0: experiment "exp" is not imported: its audience at \/typedAudiences\/0\/conditions\/1\/1\/1 cannot be expressed — the substring is 300 characters long/m);
    const config = JSON.parse(readFileSync(out, "utf8")) as { domain: { layers: { params: string[] }[] } };
    expect(config.domain.layers.map((layer) => layer.params[0])).toEqual(["other"]);
    expect((await runCli(["validate", out])).code).toBe(0);
  });

  it("says which lint warnings the imported config has by design, one line each, and they are the ones lint gives", async () => {
    for (const [from, file] of [["optimizely", "optimizely-datafile.json"], ["growthbook", "growthbook-features.json"]] as const) {
      const out = join(tempDir(), "strata.json");
      const result = await runCli(["import", "--from", from, `packages/compat/examples/${file}`, "--out", out]);
      const announced = [...result.stderr.matchAll(/^lint will warn: (\S+) on (\d+) (?:layers?|experiments?) — .+$/gm)].map((match) => `${match[1]} ${match[2]}`).sort();
      const linted = await runCli(["lint", out, "--json"]);
      expect(linted.code).toBe(0);
      const counts = new Map<string, number>();
      for (const warning of (JSON.parse(linted.stdout) as { warnings: { code: string }[] }).warnings) counts.set(warning.code, (counts.get(warning.code) ?? 0) + 1);
      expect([from, announced]).toEqual([from, [...counts].map(([code, n]) => `${code} ${n}`).sort()]);
      expect(announced.length).toBeGreaterThan(0);
    }
  });

  it("refuses --out - (the config goes to stdout without --out) as a usage error, writing no file", async () => {
    const cwd = tempDir();
    const result = await runCli(["import", "--from", "growthbook", join(EXAMPLES, "growthbook-features.json"), "--out", "-"], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--out "-" would write a file named "-"`);
    expect(result.stdout).toBe("");
    expect(existsSync(join(cwd, "-"))).toBe(false);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("names the platform a document looks like when it is given to the other importer", async () => {
    const asOptimizely = await runCli(["import", "--from", "optimizely", "packages/compat/examples/growthbook-features.json"]);
    expect(asOptimizely.code).toBe(1);
    expect(asOptimizely.stderr).toContain(`has no "/version"`);
    expect(asOptimizely.stderr).not.toContain("version undefined");
    expect(asOptimizely.stderr).toMatch(/GrowthBook SDK payload.*use --from growthbook/);
    const asGrowthBook = await runCli(["import", "--from", "growthbook", "packages/compat/examples/optimizely-datafile.json"]);
    expect(asGrowthBook.code).toBe(1);
    expect(asGrowthBook.stderr).toMatch(/Optimizely datafile.*use --from optimizely/);
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
