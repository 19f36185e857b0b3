/**
 * `pnpm bench`'s command line: the forms pnpm and turbo hand over (with and without a leading
 * `--`), the errors for a bad one, and the entry point end to end with every step skipped (so
 * nothing is benchmarked).
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { STEPS } from "../src/run-all.ts";
import { parseRunAllArgs } from "../src/run-all-args.ts";

const benchDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const everyStep = STEPS.map((step) => step.name).join(",");

describe("pnpm bench command line", () => {
  it("reads the same options with or without the leading -- that pnpm passes through", () => {
    const expected = { only: [], skip: ["express", "redis"], json: true };
    expect(parseRunAllArgs(["--skip", "express,redis", "--json"])).toEqual(expected);
    expect(parseRunAllArgs(["--", "--skip", "express,redis", "--json"])).toEqual(expected);
    expect(parseRunAllArgs(["--", "--only", " suite , hash "])).toEqual({ only: ["suite", "hash"], skip: [], json: false });
    expect(parseRunAllArgs([])).toEqual({ only: [], skip: [], json: false });
    expect(parseRunAllArgs(["--"])).toEqual({ only: [], skip: [], json: false });
  });

  it("names the argument and the fix when the command line is wrong", () => {
    expect(() => parseRunAllArgs(["suite"])).toThrow(/Unexpected argument 'suite'.*--only or --skip.*usage: /);
    expect(() => parseRunAllArgs(["--", "--", "--json"])).toThrow(/Unexpected argument '--json'.*at most one leading --/);
    expect(() => parseRunAllArgs(["--jsn"])).toThrow(/Unknown option '--jsn'.*usage: /);
    // An empty selection used to mean "no filter", so `--only ""` ran every benchmark.
    expect(() => parseRunAllArgs(["--only", ""])).toThrow(/--only names no step; give at least one step name/);
    expect(() => parseRunAllArgs(["--skip", " , "])).toThrow(/--skip names no step/);
  });

  it("runs from the command line with a leading -- and prints only the JSON document on stdout", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", join(benchDir, "src/run-all.ts"), "--", "--skip", everyStep, "--json"], { cwd: benchDir, encoding: "utf8" });
    expect(run.stderr).not.toMatch(/ERR_PARSE_ARGS|Error/);
    expect(run.status).toBe(0);
    const document = JSON.parse(run.stdout) as { steps: { name: string; status: string }[] };
    expect(document.steps.map((step) => [step.name, step.status])).toEqual(STEPS.map((step) => [step.name, "skipped"]));
    expect(run.stderr).toMatch(/summary/);
  });

  it("exits 2 with the message, not a stack trace, for a bad command line", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", join(benchDir, "src/run-all.ts"), "--only", "nope"], { cwd: benchDir, encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^pnpm bench: unknown step "nope"; steps: suite, engine/);
    expect(run.stderr).not.toMatch(/at main/);
  });
});
