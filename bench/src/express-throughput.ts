/**
 * Throughput of a hello-world Express 5 app with and without the Strata middleware, measured
 * with autocannon on loopback. Each app runs in its own plain Node process on the built
 * packages (as users get them; `--source` runs them on the TypeScript sources through tsx,
 * whose keepNames transform slows every closure down); autocannon runs here.
 *
 * Method, chosen for a small noisy machine (its speed drifts by 10% and more within seconds,
 * and two idle-looking runs a minute apart do not agree):
 * - Pairs run at the same time. Every variant has a hello-world twin, a server process of its
 *   own that serves exactly as many requests as the variant (a single hello world shared by all
 *   variants would serve five times as many and come out a few percent cheaper). Each round runs
 *   every variant together with its twin, both servers pinned to the same CPU (`taskset`, Linux
 *   with two or more CPUs) and each loaded by its own autocannon on the other CPUs, so whatever
 *   the machine does during a run hits both.
 * - The statistic is the server's CPU time per request (which bounds a saturated server's
 *   throughput), as the ratio variant / twin within the pair; per variant, the median ratio over
 *   all rounds. cost = 1 − 1/ratio, the share of throughput lost.
 * - Processes running the same code differ by a few percent for as long as they live (memory
 *   layout, hash seeds), more than rounds of one process differ. So the rounds are split over
 *   generations: each generation starts every server afresh, warms it up and runs its rounds,
 *   and the median over all rounds averages over several processes per variant.
 * - A hello world measured like a variant (A/A) shows the noise floor, a no-op middleware
 *   shows what any `app.use()` layer costs in Express, and a no-op middleware that sets a cookie
 *   like a new visitor's shows what that `Set-Cookie` header costs by itself. The A/A row shows
 *   how much processes running the same code still differ in this run.
 * Without pinning (other systems, or `--no-pin`) the pairs still run together but share all CPUs
 * with autocannon, which is noisier.
 * Exits 1 when the middleware costs the hello-world app more than 10% of its throughput, for
 * returning or for new visitors. Each verdict also gives the lowest and highest figure of the
 * generations, and says when they fall on both sides of the budget (one run cannot decide then).
 *
 *   cd bench && npx tsx --conditions=@strata/source src/express-throughput.ts
 *
 * Needs the packages built (`pnpm build`) unless --source is given.
 * Options: --duration <s> (per run, default 3), --generations <n> (default 3), --rounds <n>
 * (per generation, default 3), --connections <n> (per server, default 16), --node <path> (the
 * servers' Node executable, default this one's; e.g. `--node "$(npx -y node@24 -p
 * process.execPath)"`), --no-pin, --source.
 * @module
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chunkMedians, median } from "./harness/stats.ts";

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

/** What a server runs: the middleware in front (none, a no-op one, a no-op one that sets a cookie, or strata()) and whether the handler reads a parameter. */
interface ServerSpec {
  readonly middleware: "none" | "noop" | "cookie" | "strata";
  readonly readsParam: boolean;
}

/** What every variant is compared with: hello world, no middleware (its twin gets the variant's requests). */
const HELLO_WORLD: ServerSpec = { middleware: "none", readsParam: false };
const VARIANTS = {
  /** Hello world again, measured like a variant: the noise floor (A/A). */
  "hello world again (A/A)": { middleware: "none", readsParam: false, requests: RETURNING },
  /** `app.use((req, res, next) => next())`: what any middleware layer costs in Express. */
  "no-op middleware": { middleware: "noop", readsParam: false, requests: RETURNING },
  /** A middleware that only sets a Set-Cookie header like a new visitor's unit cookie: what the header itself costs. */
  "no-op middleware setting a cookie": { middleware: "cookie", readsParam: false, requests: NEW },
  /** strata() in front, returning visitors: one of the budget's two measures. */
  "strata, returning visitors": { middleware: "strata", readsParam: false, requests: RETURNING },
  /** The handler also reads a parameter, so every request records an exposure and flushes it at the end. */
  "strata, reads a parameter": { middleware: "strata", readsParam: true, requests: RETURNING },
  /** strata() in front, every request a new visitor (a new id and a Set-Cookie): the budget's other measure. */
  "strata, new visitors": { middleware: "strata", readsParam: false, requests: NEW },
} as const satisfies Record<string, ServerSpec & { requests: unknown }>;
type Variant = keyof typeof VARIANTS;

const BUDGET = 0.1;
/** The variants the budget applies to: the hello-world app as it is, with the middleware in front, for returning and for new visitors. */
const BUDGET_VARIANTS: readonly Variant[] = ["strata, returning visitors", "strata, new visitors"];
const WARM_UP_S = 3;
const shop = new URL("../../packages/config/examples/shop.json", import.meta.url);

/**
 * The server each variant runs: plain JavaScript in its own Node process, loading express and
 * @strata/express as users get them (the built packages), so that no TypeScript loader sits in
 * the measured process. Prints `{"port":N}`, reports its CPU time when asked, and stops when
 * the parent goes away (or after 30 minutes).
 */
const SERVER = `
import { readFileSync } from "node:fs";
import express from "express";
import { strata } from "@strata/express";
const { middleware, readsParam, shop } = JSON.parse(process.argv[1]);
const app = express();
app.set("x-powered-by", false);
if (middleware === "noop") app.use((req, res, next) => next());
if (middleware === "cookie") {
  // Values made in advance: building one per request (toString(16), padStart) took about 1 µs
  // on Node 24, more than the header, and this row is to show what the header costs.
  const values = Array.from({ length: 1024 }, (_, i) => "strata_id=" + i.toString(16).padStart(32, "0") + "; Max-Age=31536000; Path=/; HttpOnly; SameSite=Lax");
  let n = 0;
  app.use((req, res, next) => {
    res.setHeader("Set-Cookie", values[n++ & 1023]);
    next();
  });
}
if (middleware === "strata") {
  const config = JSON.parse(readFileSync(shop, "utf8"));
  app.use(strata({ config, userId: (req) => req.get("x-user-id"), countryHeader: "cf-ipcountry", onExposure: () => undefined }));
}
if (readsParam) {
  app.get("/", (req, res) => {
    res.send(req.strata.get("button_color") === "green" ? "Hello Green World!" : "Hello World!");
  });
} else {
  app.get("/", (req, res) => {
    res.send("Hello World!");
  });
}
const server = app.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: server.address().port })));
process.on("message", (message) => {
  if (message === "cpu") process.send(process.cpuUsage());
});
process.on("disconnect", () => process.exit(0));
setTimeout(() => process.exit(0), 30 * 60_000).unref();
`;

/** Which CPUs the servers and the load generator get: the last CPU for the servers, the rest for autocannon; null when pinning is off or unavailable. */
function pinning(enabled: boolean): { server: string; load: string } | null {
  const cpus = availableParallelism();
  if (!enabled || process.platform !== "linux" || cpus < 2) return null;
  if (spawnSync("taskset", ["-V"], { stdio: "ignore" }).status !== 0) return null;
  return { server: String(cpus - 1), load: cpus === 2 ? "0" : `0-${cpus - 2}` };
}

/** A running server: its URL and its process. */
interface Server {
  readonly url: string;
  readonly child: ChildProcess;
}

/** How server processes are started: the Node executable, whether they run the TypeScript sources, and the CPUs they are pinned to. */
interface Launch {
  readonly node: string;
  readonly source: boolean;
  readonly serverCpus: string | undefined;
}

/** Starts a server process running `spec` and resolves with its URL; `source` runs it on the TypeScript sources through this process's loader. */
function startServer({ middleware, readsParam }: ServerSpec, { node, source, serverCpus }: Launch): Promise<Server> {
  const nodeArgs = [...(source ? process.execArgv : []), "--input-type=module", "-e", SERVER, JSON.stringify({ middleware, readsParam, shop: fileURLToPath(shop) })];
  const [command, args] = serverCpus === undefined ? [node, nodeArgs] : ["taskset", ["-c", serverCpus, node, ...nodeArgs]];
  const child = spawn(command, args, { cwd: fileURLToPath(new URL("..", import.meta.url)), stdio: ["ignore", "pipe", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve({ url: `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}/`, child });
    });
    child.once("exit", (code) => reject(new Error(`the ${middleware} server exited with ${code}${source ? "" : " (are the packages built? run pnpm build, or pass --source)"}`)));
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** One load run: CPU time per request on the server and requests per second. */
interface Run {
  readonly cpu: number;
  readonly rps: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      source: { type: "boolean" },
      "no-pin": { type: "boolean" },
      duration: { type: "string" },
      generations: { type: "string" },
      rounds: { type: "string" },
      connections: { type: "string" },
      node: { type: "string" },
    },
  });
  const source = values.source === true;
  const duration = Number(values.duration ?? 3);
  const generations = Number(values.generations ?? 3);
  const rounds = Number(values.rounds ?? 3);
  const connections = Number(values.connections ?? 16);
  for (const [name, value] of Object.entries({ duration, generations, rounds, connections })) {
    if (!Number.isInteger(value) || value < 1) throw new TypeError(`--${name} must be a whole number of at least 1`);
  }
  // Checked before the pinning below narrows this process to the load generator's CPUs.
  if (availableParallelism() < 2) {
    console.warn(`warning: this process may use only ${availableParallelism()} CPU (see \`taskset -p ${process.pid}\`), so the servers and autocannon share it and the figures are far noisier; run it with two CPUs or more`);
  }
  const pin = pinning(values["no-pin"] !== true);
  const node = values.node ?? process.execPath;
  const nodeVersion = spawnSync(node, ["--version"], { encoding: "utf8" });
  if (nodeVersion.status !== 0) throw new TypeError(`--node ${node} is not a Node executable that runs (try: --node "$(npx -y node@24 -p process.execPath)")`);
  const launch: Launch = { node, source, serverCpus: pin?.server };
  // autocannon runs in this process: keep it (all its threads) off the servers' CPU.
  if (pin) spawnSync("taskset", ["-a", "-p", "-c", pin.load, String(process.pid)], { stdio: "ignore" });
  const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;
  const expressVersion = (createRequire(import.meta.url)("express/package.json") as { version: string }).version;
  console.log(
    `Express ${expressVersion}, servers on Node ${nodeVersion.stdout.trim()}, ${source ? "TypeScript sources (tsx)" : "built packages"}; ` +
      `each round runs every variant and its own hello-world twin at the same time for ${duration} s, autocannon with ${connections} connections each; ` +
      `${generations} generations of fresh server processes, ${rounds} rounds each; ${pin ? `servers pinned together to CPU ${pin.server}, autocannon to CPU ${pin.load}` : "no CPU pinning"}`,
  );
  const variants = Object.keys(VARIANTS) as Variant[];
  /** Per variant: [its hello-world twin, its own server]. */
  const pairs = new Map<Variant, readonly [Server, Server]>();
  const ratios = new Map<Variant, { cpu: number[]; rps: number[] }>();
  const run = async (server: Server, variant: Variant, seconds: number): Promise<Run> => {
    const before = await cpuOf(server.child);
    const result = await autocannon({ url: server.url, connections, duration: seconds, requests: VARIANTS[variant].requests });
    const after = await cpuOf(server.child);
    if (result.non2xx || result.errors || result.timeouts) throw new Error(`${variant}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
    return { cpu: (after.user + after.system - before.user - before.system) / result.requests.total, rps: result.requests.average };
  };
  /** Loads a variant and its twin at the same time, the twin's load started first or second; resolves with [twin's run, variant's run]. */
  const runPair = async (variant: Variant, seconds: number, twinFirst: boolean): Promise<readonly [Run, Run]> => {
    const [twin, server] = pairs.get(variant) as readonly [Server, Server];
    if (twinFirst) return Promise.all([run(twin, variant, seconds), run(server, variant, seconds)]);
    const [measured, base] = await Promise.all([run(server, variant, seconds), run(twin, variant, seconds)]);
    return [base, measured];
  };
  let round = 0;
  for (let generation = 1; generation <= generations; generation++) {
    try {
      for (const variant of variants) {
        pairs.set(variant, [await startServer(HELLO_WORLD, launch), await startServer(VARIANTS[variant], launch)]);
      }
      // Warm-up (JIT): every pair alone.
      for (const variant of variants) await runPair(variant, WARM_UP_S, true);
      for (let inGeneration = 1; inGeneration <= rounds; inGeneration++) {
        round++;
        const line: string[] = [];
        for (const variant of variants) {
          // Which of the two is loaded first alternates by round, so neither gets a head start throughout.
          const [base, measured] = await runPair(variant, duration, round % 2 === 1);
          const entry = ratios.get(variant) ?? { cpu: [], rps: [] };
          entry.cpu.push(measured.cpu / base.cpu);
          entry.rps.push(measured.rps / base.rps);
          ratios.set(variant, entry);
          line.push(`${variant} ${base.cpu.toFixed(1)} → ${measured.cpu.toFixed(1)}`);
        }
        console.log(`  generation ${generation}, round ${round}, µs server CPU per request (hello-world twin → variant): ${line.join("; ")}`);
      }
    } finally {
      for (const pair of pairs.values()) for (const { child } of pair) await stopServer(child);
      pairs.clear();
    }
  }
  console.log("\nvariant (against its hello-world twin, run at the same time)   CPU/request ratio   throughput cost   req/s ratio   ratios per round, by generation");
  const costOf = (variant: Variant) => 1 - 1 / median(ratios.get(variant)?.cpu ?? []);
  const percent = (cost: number) => `${(cost * 100).toFixed(1)}%`;
  for (const [variant, { cpu, rps }] of ratios) {
    const byGeneration = Array.from({ length: generations }, (_, g) => cpu.slice(g * rounds, (g + 1) * rounds).map((r) => r.toFixed(3)).join(" "));
    console.log(`  ${variant.padEnd(61)} ${median(cpu).toFixed(3).padStart(8)}   ${percent(costOf(variant)).padStart(14)}   ${median(rps).toFixed(3).padStart(11)}   ${byGeneration.join(" | ")}`);
  }
  const floor = `noise floor, A/A: ${percent(costOf("hello world again (A/A)"))}; any no-op middleware: ${percent(costOf("no-op middleware"))}`;
  console.log(`\nThe hello-world app with strata() in front, against the ${BUDGET * 100}% budget (${floor}):`);
  for (const variant of BUDGET_VARIANTS) {
    const cost = costOf(variant);
    // Each generation is its own set of processes: how far their figures spread shows how firm the verdict is.
    const byGeneration = chunkMedians(ratios.get(variant)?.cpu ?? [], rounds).map((ratio) => 1 - 1 / ratio);
    const low = Math.min(...byGeneration);
    const high = Math.max(...byGeneration);
    const firmness = high <= BUDGET ? "every generation within it" : low > BUDGET ? "every generation over it" : "generations on both sides of it: too close to call in one run";
    console.log(`  ${variant}: costs ${percent(cost)} of hello-world throughput (generations: ${percent(low)} to ${percent(high)}), ${cost <= BUDGET ? "within" : "OVER"} the budget; ${firmness}`);
    if (cost > BUDGET) process.exitCode = 1;
  }
}

/** The server's CPU time so far, in µs. */
function cpuOf(child: ChildProcess): Promise<NodeJS.CpuUsage> {
  return new Promise((resolve) => {
    child.once("message", (usage) => resolve(usage as NodeJS.CpuUsage));
    child.send("cpu");
  });
}

await main();
