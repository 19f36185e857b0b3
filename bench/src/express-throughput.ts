/**
 * Throughput of a hello-world Express 5 app with and without the Strata middleware, measured
 * with autocannon on loopback. Each app runs in its own plain Node process on the built
 * packages (as users get them; `--source` runs them on the TypeScript sources through tsx,
 * whose keepNames transform slows every closure down); autocannon runs here. Each server is warmed up first, then the variants
 * alternate over several rounds. Reported: the median requests per second and the server's CPU
 * time per request (which bounds a saturated server's throughput and, unlike req/s, does not
 * move when other processes share the cores). Exits 1 when the middleware costs more than 10%
 * on returning visitors.
 *
 *   cd bench && npx tsx --conditions=@strata/source src/express-throughput.ts
 *
 * Needs the packages built (`pnpm build`) unless --source is given.
 * Options: --duration <s> (per run, default 5), --rounds <n> (default 5), --connections <n> (default 32), --source.
 * @module
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

/** The part of autocannon's API used here (it ships no types). */
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests: ReadonlyArray<{ method: string; path: string; headers?: Record<string, string> }>;
}) => Promise<{ requests: { average: number; total: number }; non2xx: number; errors: number; timeouts: number }>;

/** 1,000 returning visitors: valid unit cookies, cycled through by every connection. */
const RETURNING = Array.from({ length: 1000 }, (_, i) => ({ method: "GET", path: "/", headers: { cookie: `strata_id=${randomBytes(16).toString("hex")}`, "x-visitor": String(i) } }));
/** New visitors: no cookie, so every request gets a new id and a Set-Cookie. */
const NEW = [{ method: "GET", path: "/" }];

const VARIANTS = {
  /** Hello world, no middleware, the returning visitors' requests. */
  "hello world": { strata: false, requests: RETURNING },
  /** The same app with strata() in front, returning visitors. */
  "strata, returning visitors": { strata: true, requests: RETURNING },
  /** The same app with strata() in front, every request a new visitor. */
  "strata, new visitors": { strata: true, requests: NEW },
} as const;
type Variant = keyof typeof VARIANTS;

const BUDGET = 0.1;
const WARM_UP_S = 3;
const shop = new URL("../../packages/config/examples/shop.json", import.meta.url);

/**
 * The server each variant runs: plain JavaScript in its own Node process, loading express and
 * @strata/express as users get them (the built packages), so that no TypeScript loader sits in
 * the measured process. Prints `{"port":N}`, reports its CPU time when asked, and stops when
 * the parent goes away (or after 15 minutes).
 */
const SERVER = `
import { readFileSync } from "node:fs";
import express from "express";
import { strata } from "@strata/express";
const { strata: withStrata, shop } = JSON.parse(process.argv[1]);
const app = express();
app.set("x-powered-by", false);
if (withStrata) {
  const config = JSON.parse(readFileSync(shop, "utf8"));
  app.use(strata({ config, userId: (req) => req.get("x-user-id"), countryHeader: "cf-ipcountry", onExposure: () => undefined }));
}
app.get("/", (req, res) => {
  res.send("Hello World!");
});
const server = app.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: server.address().port })));
process.on("message", (message) => {
  if (message === "cpu") process.send(process.cpuUsage());
});
process.on("disconnect", () => process.exit(0));
setTimeout(() => process.exit(0), 15 * 60_000).unref();
`;

/** Starts a server process for the variant and resolves with its URL; `source` runs it on the TypeScript sources through this process's loader. */
function startServer(variant: Variant, source: boolean): Promise<{ url: string; child: ChildProcess }> {
  const args = [...(source ? process.execArgv : []), "--input-type=module", "-e", SERVER, JSON.stringify({ strata: VARIANTS[variant].strata, shop: fileURLToPath(shop) })];
  const child = spawn(process.execPath, args, { cwd: fileURLToPath(new URL("..", import.meta.url)), stdio: ["ignore", "pipe", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve({ url: `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}/`, child });
    });
    child.once("exit", (code) => reject(new Error(`the ${variant} server exited with ${code}${source ? "" : " (are the packages built? run pnpm build, or pass --source)"}`)));
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { source: { type: "boolean" }, duration: { type: "string" }, rounds: { type: "string" }, connections: { type: "string" } } });
  const source = values.source === true;
  const duration = Number(values.duration ?? 5);
  const rounds = Number(values.rounds ?? 5);
  const connections = Number(values.connections ?? 32);
  const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;
  const results = new Map<Variant, { rps: number[]; cpu: number[] }>(Object.keys(VARIANTS).map((v) => [v as Variant, { rps: [], cpu: [] }]));
  console.log(`Express ${createRequire(import.meta.url)("express/package.json").version}, Node ${process.version}, ${source ? "TypeScript sources (tsx)" : "built packages"}; autocannon: ${connections} connections, ${duration} s per run, ${rounds} rounds after a ${WARM_UP_S} s warm-up per server`);
  // One server per variant for the whole run, each warmed up (JIT) before any measurement;
  // then the variants alternate round by round, so drift on a shared machine hits them alike.
  const servers = new Map<Variant, { url: string; child: ChildProcess }>();
  try {
    for (const variant of Object.keys(VARIANTS) as Variant[]) servers.set(variant, await startServer(variant, source));
    const load = (variant: Variant, seconds: number) => {
      return autocannon({ url: (servers.get(variant) as { url: string }).url, connections, duration: seconds, requests: VARIANTS[variant].requests });
    };
    for (const variant of servers.keys()) await load(variant, WARM_UP_S);
    for (let round = 1; round <= rounds; round++) {
      for (const [variant, { child }] of servers) {
        const before = await cpuOf(child);
        const run = await load(variant, duration);
        const after = await cpuOf(child);
        if (run.non2xx || run.errors || run.timeouts) throw new Error(`${variant}: ${run.non2xx} non-2xx, ${run.errors} errors, ${run.timeouts} timeouts`);
        const cpu = (after.user + after.system - before.user - before.system) / run.requests.total;
        results.get(variant)?.rps.push(run.requests.average);
        results.get(variant)?.cpu.push(cpu);
        console.log(`  round ${round}  ${variant.padEnd(27)} ${Math.round(run.requests.average).toLocaleString("en-US").padStart(7)} req/s  ${cpu.toFixed(1).padStart(6)} µs server CPU per request`);
      }
    }
  } finally {
    for (const { child } of servers.values()) await stopServer(child);
  }
  const hello = results.get("hello world") as { rps: number[]; cpu: number[] };
  const helloRps = median(hello.rps);
  const helloCpu = median(hello.cpu);
  console.log("\nmedians                      req/s   cost   server CPU/request   throughput cost from CPU");
  for (const [variant, runs] of results) {
    const rps = median(runs.rps);
    const cpu = median(runs.cpu);
    const base = variant === "hello world";
    const rpsCost = base ? "" : `${((1 - rps / helloRps) * 100).toFixed(1)}%`;
    const cpuCost = base ? "" : `${((1 - helloCpu / cpu) * 100).toFixed(1)}%`;
    console.log(`  ${variant.padEnd(27)} ${Math.round(rps).toLocaleString("en-US").padStart(7)} ${rpsCost.padStart(6)}   ${cpu.toFixed(1).padStart(8)} µs          ${cpuCost.padStart(6)}`);
  }
  // Server CPU per request is what bounds a saturated server's throughput, and unlike req/s it
  // does not move when other processes take the machine's cores; the verdict uses it.
  const returning = results.get("strata, returning visitors") as { rps: number[]; cpu: number[] };
  const cost = 1 - helloCpu / median(returning.cpu);
  const verdict = cost <= BUDGET ? "within" : "OVER";
  console.log(`\nstrata() on returning visitors costs ${(cost * 100).toFixed(1)}% of hello-world throughput (server CPU per request; ${((1 - median(returning.rps) / helloRps) * 100).toFixed(1)}% by req/s): ${verdict} the ${BUDGET * 100}% budget`);
  if (cost > BUDGET) process.exitCode = 1;
}

/** The server's CPU time so far, in µs. */
function cpuOf(child: ChildProcess): Promise<NodeJS.CpuUsage> {
  return new Promise((resolve) => {
    child.once("message", (usage) => resolve(usage as NodeJS.CpuUsage));
    child.send("cpu");
  });
}

await main();
