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

  it("exits 1 when --layer names a layer that cannot hold the experiment, saying why and what to pass instead", async () => {
    const unowned = await runCli(["allocate", PENDING, "--experiment", "button-shape", "--traffic", "10", "--layer", "checkout-layer"]);
    expect(unowned.code).toBe(1);
    expect(unowned.stdout).toBe("");
    expect(unowned.stderr).toBe(
      `strata allocate: cannot allocate: layer "checkout-layer" cannot hold experiment "button-shape": it does not own "button_color", which the experiment's groups set ("button_color" belongs to layer "color") — ` +
        `an experiment goes only into a layer that owns every parameter its groups set: place it in layer "color"\n` +
        `name a layer that can hold it with --layer, or leave out --layer: strata allocate then tries the layers of the experiment's domain that own its parameters\n`,
    );
    const launch = await runCli(["allocate", PENDING, "--experiment", "button-shape", "--traffic", "10", "--layer", "launches"]);
    expect(launch.code).toBe(1);
    expect(launch.stderr).toContain(`cannot allocate: layer "launches" is a launch layer and experiment "button-shape" waits in the normal layer "color"`);
    expect(launch.stderr).not.toContain("to make room");
  });

  it("exits 2 for a share below one bucket or of half a bucket, suggesting only shares of whole buckets", async () => {
    const tiny = await runCli(["allocate", PENDING, "--experiment", "button-shape", "--traffic", "0.0000000001"]);
    expect(tiny.code).toBe(2);
    expect(tiny.stderr).toContain(`cannot allocate: traffic 1e-10% is less than one bucket in any layer of domain "main": the smallest share of a layer of 1000 buckets is 0.1%, one bucket`);
    const half = await runCli(["allocate", PENDING, "--experiment", "button-shape", "--traffic", "0.05"]);
    expect(half.code).toBe(2);
    expect(half.stderr).toContain("0.05% of 1000 buckets is 0.5 buckets — traffic must be a whole number of buckets, a multiple of 0.1% — ask for 0.1%\n");
  });

  it("exits 2 for missing or malformed options", async () => {
    expect((await runCli(["allocate", SHOP, "--traffic", "5"])).stderr).toContain("missing --experiment");
    const bad = await runCli(["allocate", SHOP, "--experiment", "x", "--traffic", "ten"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--traffic must be a percent above 0 and at most 100, e.g. 10 or 12.5% (got "ten")');
  });
});
