import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { describeCli, runCli, SHOP, tempDir } from "./support/cli.ts";

describeCli("strata lint", () => {
  it("prints each warning with its pointer and rule, and exits 0 when there is no error", async () => {
    const result = await runCli(["lint", SHOP]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/^warning \/domain\/\S+: .+ \[[a-z-]+\]$/);
    expect(lines.some((line) => line.endsWith("[no-control]"))).toBe(true);
    expect(result.stderr).toBe(`${SHOP}: 0 errors, 3 warnings\n`);
  });

  it("exits 1 when the config has errors (a salt shared by two layers)", async () => {
    const config = JSON.parse(readFileSync(SHOP, "utf8")) as { domain: { layers: { slots: { domain?: { layers: { salt?: string }[] } }[] }[] } };
    const main = config.domain.layers[0]?.slots[2]?.domain;
    for (const layer of main?.layers.slice(1, 3) ?? []) layer.salt = "shared";
    const file = join(tempDir(), "shared-salt.json");
    writeFileSync(file, JSON.stringify(config));
    const result = await runCli(["lint", file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^error \/domain\/layers\/0\/slots\/2\/domain\/layers\/\d\/salt: .*\[[a-z-]+\]$/m);
  });

  it("--json gives errors and warnings", async () => {
    const result = await runCli(["lint", SHOP, "--json"]);
    const body = JSON.parse(result.stdout) as { ok: boolean; errors: unknown[]; warnings: { code: string }[] };
    expect(body.ok).toBe(true);
    expect(body.warnings.map((warning) => warning.code)).toContain("layer-nearly-full");
  });
});
