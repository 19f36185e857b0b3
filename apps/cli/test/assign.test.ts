import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine } from "@strata/engine";
import { expect, it } from "vitest";
import { describeCli, runCli, SHOP, tempDir } from "./support/cli.ts";

const engine = createEngine(JSON.parse(readFileSync(SHOP, "utf8")));

/** What the engine itself says, as the TSV lines the CLI must print. */
function expectedTsv(ids: readonly string[], unitType = "userId"): string {
  return ids
    .flatMap((id) => engine.decide({ units: { [unitType]: id } }).assignments.map((a) => `${id}\t${a.layer}\t${a.experiment}\t${a.group}\n`))
    .join("");
}

describeCli("strata assign", () => {
  const dir = tempDir();

  it("explains one unit layer by layer, with its parameters", async () => {
    const result = await runCli(["assign", SHOP, "--unit", "u-1", "--attr", "country=DE"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("userId u-1\n");
    expect(result.stdout).toMatch(/^traffic +root +337 +→ domain main$/m);
    expect(result.stdout).toMatch(/^launches \(launch\) +main +335 +free-shipping-launch: on$/m);
    expect(result.stdout).toMatch(/^free_shipping_banner +true +free-shipping-launch \(on\)$/m);
    expect(result.stdout).toContain("note: no cookieId in the request");
  });

  it("--json prints the decision with its explanation", async () => {
    const result = await runCli(["assign", SHOP, "--unit", "u-1", "--unit-type", "userId", "--attr", "country=DE", "--json"]);
    const body = JSON.parse(result.stdout) as { request: unknown; decision: { assignments: unknown[]; params: Record<string, unknown> }; layers: { layer: string }[]; notes: string[] };
    const expected = engine.explain({ units: { userId: "u-1" }, attributes: { country: "DE" } });
    expect(body.request).toEqual({ units: { userId: "u-1" }, attributes: { country: "DE" } });
    expect(body.decision.assignments).toEqual(expected.decision.assignments);
    expect(body.decision.params).toEqual(expected.decision.params);
    expect(body.layers.map((layer) => layer.layer)).toEqual(["traffic", "launches", "color", "size", "checkout-layer"]);
  });

  it("--units FILE --format tsv prints unit, layer, experiment, group for every assignment, as the engine decides", async () => {
    const ids = Array.from({ length: 500 }, (_, i) => `user-${i}`);
    const file = join(dir, "ids.txt");
    writeFileSync(file, `${ids.join("\n")}\n\n`);
    const result = await runCli(["assign", SHOP, "--units", file, "--format", "tsv"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe(expectedTsv(ids));
  });

  it("reads ids of another unit type from stdin", async () => {
    const ids = Array.from({ length: 300 }, (_, i) => `cookie-${i}`);
    const result = await runCli(["assign", SHOP, "--units", "-", "--unit-type", "cookieId", "--format", "tsv"], { input: ids.join("\r\n") });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(expectedTsv(ids, "cookieId"));
    expect(result.stdout).toContain("\tcheckout-layer\theadline-bandit\t");
  });

  it("streams: 300,000 ids through a 10 MB heap (the output alone is 17 MB)", async () => {
    const count = 300_000;
    function* chunks(): Generator<string> {
      for (let start = 0; start < count; start += 10_000) yield Array.from({ length: 10_000 }, (_, i) => `stream-user-${start + i}\n`).join("");
    }
    let lines = 0;
    let bytes = 0;
    let tail = "";
    const result = await runCli(["assign", SHOP, "--units", "-", "--format", "tsv"], {
      input: chunks(),
      nodeFlags: ["--max-old-space-size=10"],
      onStdout: (chunk) => {
        bytes += chunk.length;
        const text = tail + chunk;
        const parts = text.split("\n");
        tail = parts.pop() ?? "";
        lines += parts.length;
      },
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(bytes).toBeGreaterThan(15 * 1024 * 1024);
    expect(lines).toBeGreaterThan(count);
  }, 60_000);

  it("jsonl gives one decision per line", async () => {
    const result = await runCli(["assign", SHOP, "--units", "-", "--format", "jsonl"], { input: "a\nb\n" });
    const rows = result.stdout.trimEnd().split("\n").map((line) => JSON.parse(line) as { unit: string; params: unknown });
    expect(rows.map((row) => row.unit)).toEqual(["a", "b"]);
    expect(rows[0]?.params).toEqual(engine.decide({ units: { userId: "a" } }).params);
  });

  it("exits 2 with the fix for conflicting or wrong arguments", async () => {
    const both = await runCli(["assign", SHOP, "--unit", "a", "--units", "-"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("give either --unit <id> (one unit, explained) or --units <file|-> (many, as TSV), not both");
    const type = await runCli(["assign", SHOP, "--unit", "a", "--unit-type", "deviceId"]);
    expect(type.code).toBe(2);
    expect(type.stderr).toContain('--unit-type "deviceId" is not a unit type of this config; it has "userId", "cookieId"');
    const file = await runCli(["assign", SHOP, "--units", "nope.txt"]);
    expect(file.code).toBe(2);
    expect(file.stderr).toContain("--units nope.txt: cannot read the file: no such file");
    const format = await runCli(["assign", SHOP, "--units", "-", "--format", "csv"], { input: "" });
    expect(format.code).toBe(2);
  });

  it("exits 1 for an invalid config, listing its problems on stderr", async () => {
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ version: 1, units: ["userId"], params: {}, domain: { id: "root", layers: [{ id: "x", params: ["missing"], slots: [] }] } }));
    const result = await runCli(["assign", file, "--unit", "u"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^\/domain\/layers\/0\/params\/0: /m);
    expect(result.stderr).toContain(`strata assign: ${file} is not a valid config`);
  });
});
