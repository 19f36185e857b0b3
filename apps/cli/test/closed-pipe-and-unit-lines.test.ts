/**
 * The built `strata` in shell pipelines and on odd unit files: a reader that goes away (`| head`)
 * ends the output but not the exit code; a bad line in `--units` comes after every earlier unit's
 * output; ids keep Unicode spaces, as `--unit` does; an empty file of ids is no population.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { BIN, describeCli, REPO_ROOT, runCli, SHOP, tempDir } from "./support/cli.ts";

/** Runs `strata <args> | head -1` in bash and gives strata's own exit code and what head printed. */
function pipedIntoHead(args: string): { status: number; firstLine: string } {
  const script = `node ${JSON.stringify(BIN)} ${args} | head -1; echo "status=\${PIPESTATUS[0]}"`;
  const { stdout } = spawnSync("bash", ["-c", script], { cwd: REPO_ROOT, encoding: "utf8" });
  const lines = stdout.trimEnd().split("\n");
  return { status: Number((lines.pop() as string).slice("status=".length)), firstLine: lines[0] ?? "" };
}

describeCli("strata in a pipeline", () => {
  it("keeps a failing command's exit code when the reader goes away (lint, validate | head)", () => {
    for (const command of ["lint", "validate"]) {
      const { status, firstLine } = pipedIntoHead(`${command} apps/cli/test/fixtures/broken.json`);
      expect(firstLine).not.toBe("");
      expect(status, command).toBe(1);
    }
  });

  it("keeps a passing command's exit code when stderr goes into the closed pipe too (2>&1 | head)", () => {
    const { status } = pipedIntoHead(`lint ${JSON.stringify(SHOP)} 2>&1`);
    expect(status).toBe(0);
    expect(pipedIntoHead("hash --unit a 2>&1").status).toBe(2);
  });

  it("fails in one line, without a stack trace, when the output cannot be written (a full disk)", () => {
    const { stderr, status } = spawnSync("bash", ["-c", `node ${JSON.stringify(BIN)} validate ${JSON.stringify(SHOP)} > /dev/full`], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(status).toBe(1);
    expect(stderr.trim()).toBe("strata: cannot write the output: ENOSPC: no space left on device, write");
  });

  it("stops assigning once the reader goes away, and exits 0 (nothing failed)", () => {
    const dir = tempDir();
    const ids = join(dir, "ids.txt");
    writeFileSync(ids, Array.from({ length: 300_000 }, (_, i) => `u-${i}`).join("\n"));
    const { status, firstLine } = pipedIntoHead(`assign ${JSON.stringify(SHOP)} --units ${JSON.stringify(ids)}`);
    expect(firstLine).toBe("u-0\tlaunches\tfree-shipping-launch\ton");
    expect(status).toBe(0);
  });
});

describeCli("strata assign --units: lines", () => {
  it("writes every unit before a bad line, then names the line", async () => {
    const ids = [...Array.from({ length: 5 }, (_, i) => `u-${i}`), "bad\tid"];
    const result = await runCli(["assign", SHOP, "--units", "-"], { input: `${ids.join("\n")}\n` });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("stdin:6: a unit id cannot contain a tab");
    expect(new Set(result.stdout.trimEnd().split("\n").map((line) => line.split("\t")[0]))).toEqual(new Set(["u-0", "u-1", "u-2", "u-3", "u-4"]));
  });

  it("writes every unit before a line that is not UTF-8 too, then names the line", async () => {
    const dir = tempDir();
    const file = join(dir, "ids.txt");
    writeFileSync(file, Buffer.concat([Buffer.from("u-1\nu-2\nu-3\n"), Buffer.from([0xe9, 0x0a])]));
    const fromFile = await runCli(["assign", SHOP, "--units", file]);
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr).toContain("ids.txt:4: not valid UTF-8");
    expect(new Set(fromFile.stdout.trimEnd().split("\n").map((line) => line.split("\t")[0]))).toEqual(new Set(["u-1", "u-2", "u-3"]));
  });

  it("takes a byte order mark (Notepad, PowerShell) as no part of the first id", async () => {
    const dir = tempDir();
    const file = join(dir, "bom.txt");
    writeFileSync(file, "\ufeffu-2\nu-3\n");
    const withBom = await runCli(["assign", SHOP, "--units", file, "--format", "jsonl"]);
    const plain = await runCli(["assign", SHOP, "--units", "-", "--format", "jsonl"], { input: "u-2\nu-3\n" });
    expect(withBom.code).toBe(0);
    expect(withBom.stdout).toBe(plain.stdout);
  });

  it("trims ASCII spaces, tabs and a Windows \\r around an id, but keeps a Unicode space, as --unit does", async () => {
    const result = await runCli(["assign", SHOP, "--units", "-", "--format", "jsonl"], { input: "  u-7\t\r\nu-7\u3000\n" });
    expect(result.code).toBe(0);
    const units = result.stdout.trimEnd().split("\n").map((line) => (JSON.parse(line) as { unit: string }).unit);
    expect(units).toEqual(["u-7", "u-7\u3000"]);
    const single = await runCli(["assign", SHOP, "--unit", "u-7\u3000", "--json"]);
    const fromFile = JSON.parse(result.stdout.trimEnd().split("\n")[1] as string) as { assignments: unknown };
    expect((JSON.parse(single.stdout) as { decision: { assignments: unknown } }).decision.assignments).toEqual(fromFile.assignments);
  });
});

describeCli("strata simulate and report --units FILE", () => {
  it("refuse a file that holds no id (a check of no units proves nothing), with exit code 2", async () => {
    const dir = tempDir();
    const empty = join(dir, "empty.txt");
    writeFileSync(empty, "\n  \n");
    for (const command of ["simulate", "report"]) {
      const result = await runCli([command, SHOP, "--units", empty, ...(command === "report" ? ["--out", join(dir, "r.html")] : [])]);
      expect(result.code, command).toBe(2);
      expect(result.stderr).toContain("holds no unit id (blank lines are skipped)");
    }
  });
});
