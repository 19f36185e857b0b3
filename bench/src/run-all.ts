/**
 * `pnpm bench`: every benchmark of the package, one after the other, in this order —
 *
 *   1. suite     Strata against the peers, the floor, scaling (src/suite.ts): the headline table
 *   2. engine    Strata's decide rows in mitata's own output (src/engine.bench.ts)
 *   3. hash      bucket(), UnitHasher, MD5 libraries (src/hash.bench.ts)
 *   4. regret    the feedback bandit against a 50/50 split (src/feedback-regret.ts; a simulation)
 *   5. redis     decideWithStore through @strata/redis (src/redis-store.bench.ts; starts redis-server)
 *   6. express   the Express middleware's throughput cost (src/express-throughput.ts; ~4 minutes)
 *
 * CPU-bound micro-benchmarks first, then the simulation, then the I/O benchmarks that start
 * servers. Each step runs in its own Node process (so one step's JIT state and garbage do not
 * weigh on the next) with sources resolved from packages/*\/src. Nothing is skipped unless
 * asked (--skip name,name or --only name,name), and the summary lists every step: passed,
 * failed (with its exit code) or skipped (and why). Exit code 1 if any step failed, 2 for a bad
 * command line (src/run-all-args.ts; a leading `--` is accepted, so `bench -- --skip x` works too).
 *
 *   pnpm bench                              # in bench/; from the root, turbo also runs @strata/config's bench
 *   pnpm --filter @strata/bench bench --skip express,redis
 *   pnpm -s --filter @strata/bench bench --json > all.json   # one JSON document; text goes to stderr
 * @module
 */
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseRunAllArgs, type RunAllArgs } from "./run-all-args.ts";

const here = dirname(fileURLToPath(import.meta.url));

interface Step {
  readonly name: string;
  readonly file: string;
  readonly args: readonly string[];
  /** Arguments that make the step print JSON on stdout (undefined: it has no JSON output). */
  readonly json?: readonly string[];
  readonly about: string;
}

export const STEPS: readonly Step[] = [
  { name: "suite", file: "suite.ts", args: [], json: ["--json"], about: "Strata vs GrowthBook, Optimizely, Unleash; floor; scaling" },
  { name: "engine", file: "engine.bench.ts", args: [], json: ["--json"], about: "decide rows, mitata's own output" },
  { name: "hash", file: "hash.bench.ts", args: [], json: ["--json"], about: "bucket(), UnitHasher, MD5 libraries" },
  { name: "regret", file: "feedback-regret.ts", args: [], about: "feedback bandit regret (simulation)" },
  { name: "redis", file: "redis-store.bench.ts", args: [], json: ["--json"], about: "decideWithStore with @strata/redis" },
  { name: "express", file: "express-throughput.ts", args: [], about: "Express middleware throughput" },
];

/** Which steps run, from --only / --skip; every step not run gets a reason. */
export function plan(steps: readonly Step[], only: readonly string[], skip: readonly string[]): { run: Step[]; skipped: { name: string; reason: string }[] } {
  const names = new Set(steps.map((s) => s.name));
  for (const name of [...only, ...skip]) if (!names.has(name)) throw new Error(`unknown step "${name}"; steps: ${[...names].join(", ")}`);
  const run: Step[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const step of steps) {
    if (only.length > 0 && !only.includes(step.name)) skipped.push({ name: step.name, reason: "not in --only" });
    else if (skip.includes(step.name)) skipped.push({ name: step.name, reason: "--skip" });
    else run.push(step);
  }
  return { run, skipped };
}

interface Result {
  readonly name: string;
  readonly status: "passed" | "failed" | "skipped";
  readonly reason?: string;
  readonly exitCode?: number | null;
  readonly seconds?: number;
  readonly json?: unknown;
}

function runStep(step: Step, json: boolean): Promise<{ code: number | null; stdout: string; seconds: number }> {
  const started = performance.now();
  const args = ["--expose-gc", "--conditions=@strata/source", "--import", "tsx", join(here, step.file), ...step.args, ...(json && step.json ? step.json : [])];
  return new Promise((resolve, reject) => {
    // With --json, a JSON-capable step's stdout is captured (it is the JSON); everything else streams through to stderr.
    const capture = json && step.json !== undefined;
    const child = spawn(process.execPath, args, { cwd: join(here, ".."), stdio: ["ignore", json ? "pipe" : "inherit", "inherit"] });
    let stdout = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      if (capture) stdout += chunk;
      else process.stderr.write(chunk);
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => resolve({ code: code ?? (signal ? 128 : null), stdout, seconds: (performance.now() - started) / 1000 }));
  });
}

async function main(): Promise<void> {
  let values: RunAllArgs;
  let chosen: ReturnType<typeof plan>;
  try {
    values = parseRunAllArgs(process.argv.slice(2));
    chosen = plan(STEPS, values.only, values.skip);
  } catch (error) {
    process.stderr.write(`pnpm bench: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const { run, skipped } = chosen;
  const log = (s: string) => (values.json ? process.stderr : process.stdout).write(`${s}\n`);
  const results: Result[] = skipped.map((s) => ({ name: s.name, status: "skipped", reason: s.reason }));
  for (const [i, step] of run.entries()) {
    log(`\n━━ ${i + 1}/${run.length} ${step.name}: ${step.about} (src/${step.file}) ━━`);
    const { code, stdout, seconds } = await runStep(step, values.json);
    let json: unknown;
    if (stdout) {
      try {
        json = JSON.parse(stdout);
      } catch {
        json = { unparsedStdout: stdout };
      }
    }
    results.push({ name: step.name, status: code === 0 ? "passed" : "failed", exitCode: code, seconds: Math.round(seconds * 10) / 10, ...(json === undefined ? {} : { json }) });
    log(`━━ ${step.name}: ${code === 0 ? "passed" : `FAILED (exit code ${code})`} in ${seconds.toFixed(1)} s`);
  }
  const order = STEPS.map((s) => s.name);
  results.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  log("\nsummary");
  for (const r of results) log(`  ${r.name.padEnd(8)} ${r.status === "skipped" ? `skipped (${r.reason})` : r.status === "passed" ? `passed  ${r.seconds} s` : `FAILED  exit code ${r.exitCode}, ${r.seconds} s`}`);
  if (values.json) process.stdout.write(`${JSON.stringify({ steps: results }, null, 2)}\n`);
  if (results.some((r) => r.status === "failed")) process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
