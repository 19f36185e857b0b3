/**
 * Redis store benchmark: decisions per second through `decideWithStore` with @strata/redis
 * against a loopback redis-server, with and without pipelining, one decision in flight and 32,
 * for returning units (one load) and new units (a load and a save of 10 sticky assignments); the
 * in-memory store is the baseline. It is I/O bound, so instead of mitata (made for CPU-bound
 * functions) it runs a timed closed loop: N workers, each deciding one request after another for
 * a fixed time, with per-decision latency percentiles. Uses $REDIS_URL if set, otherwise starts
 * `redis-server` ($REDIS_SERVER_BIN or the PATH) on a free port and stops it afterwards.
 * Run: pnpm --filter @strata/bench exec tsx --conditions=@strata/source src/redis-store.bench.ts [--json] [--seconds=N]
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine, MemoryAssignmentStore, type AssignmentStore } from "@strata/engine";
import { createRedisStores, type RedisStores } from "@strata/redis";
import { layeredConfig } from "./fixtures/layered-config.ts";

const LAYERS = 10;
const RETURNING = 10_000;
const IN_FLIGHT = 32;

/** A free port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts a throwaway redis-server (no persistence) and resolves with its URL and a stop function. */
async function startRedis(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "strata-bench-redis-"));
  const bin = process.env.REDIS_SERVER_BIN ?? "redis-server";
  const child: ChildProcess = spawn(bin, ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.on("error", (error) => reject(new Error(`cannot start ${bin} (install redis-server or set REDIS_URL): ${error.message}`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("Ready to accept connections")) resolve();
    });
  });
  child.stdout!.resume();
  const stop = () => {
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  process.on("exit", stop);
  return { url: `redis://127.0.0.1:${port}`, stop };
}

const redis = process.env.REDIS_URL ? { url: process.env.REDIS_URL, stop: () => {} } : await startRedis();
const config = layeredConfig(LAYERS, { sticky: true });
const returningIds = Array.from({ length: RETURNING }, (_, i) => `user-${i}`);
let rotate = 0;
let fresh = 0;
const returning = () => {
  const id = returningIds[(rotate = (rotate + 1) % RETURNING)]!;
  return { userId: id, cookieId: `c-${id}` };
};
const newcomer = () => ({ userId: `new-${process.pid}-${fresh++}`, cookieId: `c-new-${fresh}` });

const SECONDS = Number(process.argv.find((a) => a.startsWith("--seconds="))?.slice(10) ?? 2);

interface Row {
  readonly store: string;
  readonly units: string;
  readonly inFlight: number;
  readonly decisionsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}
const rows: Row[] = [];

/** The q-quantile of sorted values. */
const quantile = (sorted: Float64Array, q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/** Runs `inFlight` workers deciding one request after another for SECONDS; records throughput and latency. */
async function bench(store: string, assignments: AssignmentStore, units: "returning" | "new", inFlight: number): Promise<void> {
  const engine = createEngine(config, { stores: { assignments } });
  const next = units === "returning" ? returning : newcomer;
  const warmUntil = performance.now() + 200;
  while (performance.now() < warmUntil) await engine.decideWithStore({ units: next() });
  const latencies: number[] = [];
  const started = performance.now();
  const end = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        await engine.decideWithStore({ units: next() });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  rows.push({ store, units, inFlight, decisionsPerSecond: Math.round(latencies.length / elapsed), p50Ms: quantile(sorted, 0.5), p99Ms: quantile(sorted, 0.99) });
}

const memory = new MemoryAssignmentStore();
const variants: Array<[string, RedisStores]> = [
  ["redis, pipelined", createRedisStores({ url: redis.url, prefix: "bench:p:", timeoutMs: 5000 })],
  ["redis, not pipelined", createRedisStores({ url: redis.url, prefix: "bench:s:", timeoutMs: 5000, pipeline: false })],
];
for (const [, stores] of variants) if (!(await stores.ready(5000))) throw new Error(`Redis at ${redis.url} not reachable`);

// Every returning unit gets its assignments stored once before measuring.
for (const assignments of [memory, ...variants.map(([, s]) => s.assignments)]) {
  const engine = createEngine(config, { stores: { assignments } });
  for (const userId of returningIds) await engine.decideWithStore({ units: { userId, cookieId: `c-${userId}` } });
}

for (const units of ["returning", "new"] as const) {
  for (const inFlight of [1, IN_FLIGHT]) {
    await bench("memory (baseline)", memory, units, inFlight);
    for (const [name, stores] of variants) await bench(name, stores.assignments, units, inFlight);
  }
}

for (const [, stores] of variants) {
  const { assignments } = stores.status();
  if (assignments.failedLoads + assignments.failedSaves > 0) throw new Error(`store failures during the benchmark: ${JSON.stringify(assignments)}`);
  await stores.close();
}
redis.stop();

if (process.argv.includes("--json")) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  console.log(`decideWithStore, ${LAYERS} sticky layers, units { userId, cookieId }, Redis at ${redis.url} (loopback)`);
  console.log(`${SECONDS} s per row; latency per decision`);
  console.log("units      in flight  store                   decisions/s    p50 ms   p99 ms");
  for (const r of rows) {
    console.log(
      `${r.units.padEnd(10)} ${String(r.inFlight).padStart(9)}  ${r.store.padEnd(22)} ${r.decisionsPerSecond.toLocaleString("en").padStart(12)}  ${r.p50Ms.toFixed(3).padStart(8)}  ${r.p99Ms.toFixed(3).padStart(7)}`,
    );
  }
}
