import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { describeCli, hasStackTrace, runCli, SHOP, tempDir } from "./support/cli.ts";

describeCli("strata validate", () => {
  const dir = tempDir();

  it("exits 0 for a valid config and says what it holds", async () => {
    const result = await runCli(["validate", SHOP]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${SHOP} is valid: 6 experiments in 6 layers (1 launch) across 4 domains (1 holdout)\n`);
    expect(result.stderr).toBe("");
  });

  it("exits 1 for an invalid config, one line per error starting with its JSON pointer", async () => {
    const config = JSON.parse(readFileSync(SHOP, "utf8")) as { domain: { layers: { slots: { ranges: number[][] }[] }[] }; units: unknown };
    config.units = [];
    (config.domain.layers[0]?.slots[1] as { ranges: number[][] }).ranges = [[90, 150]];
    const file = join(dir, "broken.json");
    writeFileSync(file, JSON.stringify(config));
    const result = await runCli(["validate", file]);
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatch(/^\/\S*: \S/);
    expect(lines.some((line) => line.startsWith("/units: "))).toBe(true);
    expect(lines.some((line) => line.startsWith("/domain/layers/0/slots/"))).toBe(true);
    expect(result.stderr).toBe(`${file}: ${lines.length} errors\n`);
  });

  it("prints every error of the broken fixture, in document order", async () => {
    const result = await runCli(["validate", "apps/cli/test/fixtures/broken.json"]);
    expect(result.code).toBe(1);
    expect(result.stdout.trimEnd().split("\n").map((line) => line.slice(0, line.indexOf(": ")))).toEqual([
      "/params/headline",
      "/domain/layers/0/slots/0/experiment/status",
      "/domain/layers/0/slots/0/experiment/groups/1/params/headline",
      "/domain/layers/0/slots/0/experiment/segmenter/groups",
      "/domain/layers/0/slots/1/ranges",
      "/domain/layers/0/slots/1/ranges/0",
    ]);
    expect(result.stdout).toContain('(got "runing") — did you mean "running"?');
  });

  it("reports a JSON syntax error at the document with its line and column", async () => {
    const file = join(dir, "syntax.json");
    writeFileSync(file, '{\n  "version": 1,\n  "units": ["userId"]\n  "params": {}\n}\n');
    const result = await runCli(["validate", file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^\(document\): not valid JSON at line 4, column 3: /);
  });

  it("prints machine-readable problems with --json", async () => {
    const file = join(dir, "empty-object.json");
    writeFileSync(file, "{}");
    const result = await runCli(["validate", file, "--json"]);
    expect(result.code).toBe(1);
    const body = JSON.parse(result.stdout) as { ok: boolean; errors: { pointer: string; message: string; code: string; severity: string }[] };
    expect(body.ok).toBe(false);
    expect(body.errors.length).toBeGreaterThan(0);
    expect(body.errors[0]).toHaveProperty("pointer");
    expect(body.errors[0]).toHaveProperty("code");
  });

  it("reads the config from stdin with -", async () => {
    const result = await runCli(["validate", "-"], { input: readFileSync(SHOP, "utf8") });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^- is valid/);
  });

  it("exits 2 for a missing file or a missing argument, with the fix and no stack trace", async () => {
    const missing = await runCli(["validate", "no/such/config.json"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('strata validate: cannot read the config "no/such/config.json": no such file');
    expect(missing.stderr).toContain('Run "strata validate --help" for usage.');
    expect(hasStackTrace(missing.stderr)).toBe(false);
    const none = await runCli(["validate"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("missing <config>");
  });
});
