/**
 * Where does the time of a row go? Runs one row in a tight loop under the V8 CPU profiler and
 * prints the functions with the most self time (and, with --lines, the hottest source lines).
 *
 *   pnpm --filter @strata/bench bench:profile [--row decide10] [--seconds 5] [--top 25]
 *   pnpm --filter @strata/bench bench:profile --lines [--row decide10]     # node --cpu-prof on an unminified bundle
 *   pnpm --filter @strata/bench bench:profile --summarize file.cpuprofile   # any profile, e.g. from node --cpu-prof
 *
 * Rows: decide1, decide10, floor10, floor20, growthbook10.
 *
 * Default mode profiles in-process with node:inspector (the profiler `node --cpu-prof` uses,
 * same file format), started after set-up and warm-up, so the profile holds the hot loop only.
 * Under tsx every module is transformed onto one line, so that profile has functions but no
 * line numbers. `--lines` therefore bundles this script, unminified, with the esbuild that tsx
 * ships, runs the bundle with `node --cpu-prof`, and prints the hottest lines with their text
 * and the source file they come from. V8 charges an inlined callee's time to its caller's
 * call line; add --no-inlining to see the callees separately (slower, but the split is telling).
 * Profiles go to bench/.tmp/profiles (ignored by git).
 * @module
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { lineTicks, selfTimes, shortUrl, type CpuProfile } from "./harness/cpuprofile.ts";
import { installOfflineGuard } from "./harness/offline-guard.ts";
import { floor10, floor20, nextId, strataEngines } from "./rows.ts";

const here = dirname(fileURLToPath(import.meta.url));
const benchDir = resolve(here, "..");
const { values } = parseArgs({
  options: {
    row: { type: "string", default: "decide10" },
    seconds: { type: "string", default: "5" },
    top: { type: "string", default: "25" },
    out: { type: "string", default: join(benchDir, ".tmp", "profiles") },
    interval: { type: "string", default: "100" },
    summarize: { type: "string" },
    lines: { type: "boolean", default: false },
    "no-inlining": { type: "boolean", default: false },
    // Internal: set in the bundled child, which is profiled by node --cpu-prof instead.
    child: { type: "boolean", default: false },
  },
});
const top = Number(values.top);
const out = resolve(values.out as string);

function printFunctions(profile: CpuProfile, title: string): void {
  const { total, functions } = selfTimes(profile);
  console.log(`${title}: ${total.toFixed(0)} ms sampled; top ${top} functions by self time`);
  console.log("  self ms   share  function (file:line)");
  for (const f of functions.slice(0, top)) console.log(`${f.ms.toFixed(1).padStart(9)}  ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.where}`);
}

/** For each line of an esbuild bundle, the source file it came from (from esbuild's `// path` comments). */
function sourceFiles(bundleText: string): string[] {
  const files: string[] = [];
  let current = "?";
  for (const line of bundleText.split("\n")) {
    const m = /^\/\/ ((?:\.\.\/)*(?:packages|bench|src|node_modules)\/\S+)$/.exec(line) ?? /^\/\/ (src\/\S+)$/.exec(line);
    if (m) current = (m[1] as string).replace(/^(\.\.\/)+/, "");
    files.push(current);
  }
  return files;
}

function printLines(profile: CpuProfile, bundleFile: string): void {
  const text = readFileSync(bundleFile, "utf8");
  const lines = text.split("\n");
  const files = sourceFiles(text);
  const bundleUrl = `file://${bundleFile}`;
  console.log(`\nhottest source lines (share of all ticks; file = the module esbuild took the line from)`);
  for (const t of lineTicks(profile).slice(0, top)) {
    const inBundle = t.url === bundleUrl;
    const source = inBundle ? (lines[t.line - 1] ?? "").trim() : "";
    const file = inBundle ? (files[t.line - 1] ?? "?") : shortUrl(t.url);
    console.log(`${(t.share * 100).toFixed(1).padStart(6)}%  ${file.padEnd(44)} ${t.functions.join(",").slice(0, 28).padEnd(28)} ${source.slice(0, 110)}`);
  }
}

if (values.summarize) {
  printFunctions(JSON.parse(readFileSync(values.summarize, "utf8")) as CpuProfile, values.summarize);
  process.exit(0);
}

if (values.lines && !values.child) {
  // Bundle this very script (sources of @strata/* included, peers and mitata left external).
  // The esbuild that tsx depends on (not a dependency of the bench itself); only `build` is used.
  type Build = (options: Record<string, unknown>) => Promise<unknown>;
  const esbuild = createRequire(createRequire(import.meta.url).resolve("tsx"))("esbuild") as { build: Build };
  const dir = join(benchDir, ".tmp");
  mkdirSync(out, { recursive: true });
  const bundle = join(dir, "profile.bundle.mjs");
  await esbuild.build({
    entryPoints: [fileURLToPath(import.meta.url)],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: bundle,
    conditions: ["@strata/source"],
    external: ["mitata", "@growthbook/growthbook", "@optimizely/optimizely-sdk", "unleash-client"],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: "warning",
  });
  const before = new Set(readdirSync(out));
  const flags = ["--cpu-prof", "--cpu-prof-dir", out, "--cpu-prof-interval", String(values.interval)];
  if (values["no-inlining"]) flags.push("--no-turbo-inlining");
  const run = spawnSync(process.execPath, [...flags, bundle, "--child", "--row", values.row as string, "--seconds", values.seconds as string], { stdio: "inherit" });
  if (run.status !== 0) process.exit(run.status ?? 1);
  const fresh = readdirSync(out).filter((f) => f.endsWith(".cpuprofile") && !before.has(f));
  const file = fresh.map((f) => join(out, f)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!file) throw new Error("node --cpu-prof wrote no profile");
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  console.log(`node ${flags.join(" ")} ${relative(process.cwd(), bundle)} --row ${values.row}\nprofile: ${file}`);
  printFunctions(profile, `${values.row}${values["no-inlining"] ? " (--no-turbo-inlining)" : ""}`);
  printLines(profile, bundle);
  process.exit(0);
}

const engines = strataEngines();
const rows: Record<string, () => Promise<() => unknown>> = {
  decide1: async () => () => engines.one.decide({ units: { userId: nextId() } }),
  decide10: async () => () => engines.ten.decide({ units: { userId: nextId() } }),
  floor10: async () => floor10,
  floor20: async () => floor20,
  growthbook10: async () => {
    const guard = installOfflineGuard();
    const { loadGrowthBook } = await import("./peers/index.ts");
    const api = (await loadGrowthBook()).apis[0]!;
    process.on("exit", () => guard.restore());
    return () => api.ten(nextId());
  },
};
const make = rows[values.row as string];
if (!make) throw new Error(`unknown --row ${values.row}; one of ${Object.keys(rows).join(", ")}`);
const fn = await make();

let sink: unknown;
const warmUntil = performance.now() + 500;
while (performance.now() < warmUntil) for (let i = 0; i < 100; i++) sink = fn();

const session = values.child ? undefined : new Session();
if (session) {
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: Number(values.interval) });
  await session.post("Profiler.start");
}
const end = performance.now() + Number(values.seconds) * 1000;
let calls = 0;
const cpu0 = process.cpuUsage();
while (performance.now() < end) {
  for (let i = 0; i < 100; i++) sink = fn();
  calls += 100;
}
const cpu = process.cpuUsage(cpu0);
void sink;
console.log(`${values.row}: ${calls.toLocaleString("en")} calls, ${(((cpu.user + cpu.system) * 1000) / calls).toFixed(0)} ns CPU per call`);
if (session) {
  const { profile } = (await session.post("Profiler.stop")) as { profile: CpuProfile };
  session.disconnect();
  mkdirSync(out, { recursive: true });
  const file = join(out, `${values.row}-${new Date().toISOString().replace(/[:.]/g, "-")}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  console.log(`profile: ${file}`);
  printFunctions(profile, values.row as string);
}
