import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { CLI_ROOT, describeCli, runCli, SHOP, tempDir } from "./support/cli.ts";

type Json = Record<string, any>;

/** The example config plus an experiment, "button-shape", waiting in layer "color" with no buckets. */
const PENDING = join(CLI_ROOT, "test/fixtures/shop-pending.json");

function withPendingExperiment(): Json {
  return JSON.parse(readFileSync(PENDING, "utf8")) as Json;
}

describeCli("strata allocate", () => {
  const dir = tempDir();
  const CHANGE = '~ /domain/layers/0/slots/2/domain/layers/1/slots/1/ranges: gave experiment "button-shape" buckets [500, 700) (20% of layer "color")\n';

  it("prints the diff and writes nothing without --write", async () => {
    const file = join(dir, "dry.json");
    const text = readFileSync(PENDING, "utf8");
    writeFileSync(file, text);
    const result = await runCli(["allocate", file, "--experiment", "button-shape", "--traffic", "20"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(CHANGE);
    expect(result.stderr).toBe(`dry run: ${file} is unchanged; add --write to save\n`);
    expect(readFileSync(file, "utf8")).toBe(text);
  });

  it("--write saves a valid config with only the ranges changed", async () => {
    const file = join(dir, "write.json");
    const before = withPendingExperiment();
    writeFileSync(file, readFileSync(PENDING, "utf8"));
    const result = await runCli(["allocate", file, "--experiment", "button-shape", "--traffic", "20%", "--layer", "color", "--write"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(CHANGE);
    const after = JSON.parse(readFileSync(file, "utf8")) as Json;
    before.domain.layers[0].slots[2].domain.layers[1].slots[1].ranges = [[500, 700]];
    expect(after).toEqual(before);
    expect((await runCli(["validate", file])).code).toBe(0);
    // The file keeps the example's layout: only the ranges line differs.
    const changed = readFileSync(file, "utf8").split("\n").filter((line, index) => line !== readFileSync(PENDING, "utf8").split("\n")[index]);
    expect(changed).toEqual(['                      "ranges": [[500, 700]],']);
  });

  it("exits 1 with the reason when it cannot be done", async () => {
    const file = join(dir, "full.json");
    writeFileSync(file, JSON.stringify(withPendingExperiment()));
    const full = await runCli(["allocate", file, "--experiment", "button-shape", "--traffic", "60"]);
    expect(full.code).toBe(1);
    expect(full.stderr).toContain('strata allocate: cannot allocate: no room for 60% for experiment "button-shape"');
    const unknown = await runCli(["allocate", file, "--experiment", "nope", "--traffic", "5"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('there is no experiment "nope" in the config');
  });

  it("exits 2 for a share that is not whole buckets in any layer, naming the nearest shares that are", async () => {
    const result = await runCli(["allocate", PENDING, "--experiment", "button-shape", "--traffic", "12.34"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('strata allocate: cannot allocate: traffic 12.34% is not a whole number of buckets in any layer of domain "main"');
    expect(result.stderr).toContain("ask for 12.3% or 12.4%");
  });

  it("exits 2 for missing or malformed options", async () => {
    expect((await runCli(["allocate", SHOP, "--traffic", "5"])).stderr).toContain("missing --experiment");
    const bad = await runCli(["allocate", SHOP, "--experiment", "x", "--traffic", "ten"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--traffic must be a percent above 0 and at most 100, e.g. 10 or 12.5% (got "ten")');
  });
});
