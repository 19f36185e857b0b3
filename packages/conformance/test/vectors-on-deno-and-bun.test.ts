import { execFile } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DecisionRunReport, VectorRunReport } from "../src/index.ts";
import { countDecisionCases, countDecisionCasesBySuite, decisionVectorsPath, readDecisionVectors } from "./support/decision-vector-file.ts";
import { countByCategory, countCases, packageDir, readVectors, vectorsPath } from "./support/vector-file.ts";

interface RuntimeRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command in this package's folder and resolves with its exit code and output, whatever the code. */
function run(command: string, args: string[]): Promise<RuntimeRun> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: packageDir, env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
      resolve({ code, stdout, stderr: stderr || (error?.message ?? "") });
    });
  });
}

const bin = (name: string) => join(packageDir, "node_modules", ".bin", name);

const runtimes = [
  {
    runtime: "deno",
    command: bin("deno"),
    // Read access to the vector file and nothing else; no prompts.
    args: ["run", "--no-prompt", "--conditions=@strata/source", `--allow-read=${vectorsPath}`, "runtimes/deno.ts"],
  },
  {
    runtime: "bun",
    command: bin("bun"),
    args: ["--conditions=@strata/source", "runtimes/bun.ts"],
  },
];

/** The report a runtime printed as the last line of its output. */
function lastReport<Report>({ stdout, stderr }: RuntimeRun, runtime: string): Report & { runtime: string } {
  const lastLine = stdout.trim().split("\n").at(-1) ?? "";
  expect(lastLine, `no JSON report from ${runtime}; stderr:\n${stderr}`).toMatch(/^\{/);
  return JSON.parse(lastLine) as Report & { runtime: string };
}

describe.each(runtimes)("@strata/hash on $runtime", ({ runtime, command, args }) => {
  it("agrees with every hash vector", async () => {
    const vectors = readVectors();
    const result = await run(command, args);
    const report = lastReport<VectorRunReport>(result, runtime);
    expect(report.runtime).toBe(runtime);
    expect(report.mismatches).toEqual([]);
    expect(report.cases).toBe(countCases(vectors));
    expect(report.casesByCategory).toEqual(countByCategory(vectors));
    expect(report.specVersion).toBe(vectors.specVersion);
    expect(result.code, result.stderr).toBe(0);
  }, 120_000);
});

const decisionRuntimes = [
  {
    runtime: "deno",
    command: bin("deno"),
    // Read access to the decision vector file and nothing else; no prompts.
    args: ["run", "--no-prompt", "--conditions=@strata/source", `--allow-read=${decisionVectorsPath}`, "runtimes/deno-decisions.ts"],
  },
  {
    runtime: "bun",
    command: bin("bun"),
    args: ["--conditions=@strata/source", "runtimes/bun-decisions.ts"],
  },
];

describe.each(decisionRuntimes)("@strata/engine on $runtime", ({ runtime, command, args }) => {
  it("decides every decision vector as pinned (the feedback bandits' seeded draws included)", async () => {
    const vectors = readDecisionVectors();
    const result = await run(command, args);
    const report = lastReport<DecisionRunReport>(result, runtime);
    expect(report.runtime).toBe(runtime);
    expect(report.mismatches).toEqual([]);
    expect(report.cases).toBe(countDecisionCases(vectors));
    expect(report.casesBySuite).toEqual(countDecisionCasesBySuite(vectors));
    expect(report.checks).toBe(5 * report.cases);
    expect(report.specVersion).toBe(vectors.specVersion);
    expect(result.code, result.stderr).toBe(0);
  }, 120_000);
});
