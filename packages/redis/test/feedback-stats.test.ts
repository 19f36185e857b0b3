/**
 * The Redis feedback statistics against a real Redis: local counts at once, atomic pushes that
 * add up across processes, interval refreshes, immutable snapshots, exactly-once retries, outages.
 * @module
 */
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { RedisConnection, RedisFeedbackStats } from "../src/index.ts";
import { incrementCommand } from "../src/increment-script.ts";
import { CounterDeltas } from "../src/counter-deltas.ts";
import { connectClient } from "./support/clients.ts";
import { describeWithRedis, RedisServer } from "./support/redis-server.ts";
import { expectNoUnhandledRejections } from "./support/unhandled-rejections.ts";
import { waitFor } from "./support/wait-for.ts";

describeWithRedis("RedisFeedbackStats against a real Redis", () => {
  expectNoUnhandledRejections();
  let server: RedisServer;
  let raw: Awaited<ReturnType<typeof connectClient>>;
  const connections: RedisConnection[] = [];
  const stats: RedisFeedbackStats[] = [];

  /** A store on its own connection, as another engine process would have. */
  async function startStore(options: ConstructorParameters<typeof RedisFeedbackStats>[1] = {}): Promise<RedisFeedbackStats> {
    const connection = new RedisConnection({ url: server.url });
    connections.push(connection);
    await waitFor("the connection", () => connection.connected);
    const store = new RedisFeedbackStats(connection, options);
    stats.push(store);
    return store;
  }

  beforeAll(async () => {
    server = await RedisServer.start();
    raw = await connectClient(server.url);
  });
  afterAll(async () => {
    for (const store of stats) await store.close();
    for (const connection of connections) await connection.close();
    await raw?.close();
    await server?.close();
  });
  beforeEach(async () => {
    await raw.flushAll();
  });

  it("counts locally at once and pushes the counts to one hash per experiment", async () => {
    const store = await startStore();
    store.increment("bandit", "a", "trials");
    store.increment("bandit", "a", "trials", 2);
    store.increment("bandit", "b", "successes");
    expect({ ...store.read("bandit") }).toEqual({ a: { trials: 3, successes: 0 }, b: { trials: 0, successes: 1 } });
    await store.sync();
    expect(await raw.hGetAll("strata:feedback:bandit")).toEqual({ "trials:a": "3", "successes:b": "1" });
    expect({ ...store.read("bandit") }).toEqual({ a: { trials: 3, successes: 0 }, b: { trials: 0, successes: 1 } });
    expect(store.status()).toMatchObject({ waitingIncrements: 0, failedFlushes: 0 });
  });

  it("pushes on its own within flushMs, without sync()", async () => {
    const store = await startStore({ flushMs: 10 });
    store.increment("bandit", "a", "trials");
    await waitFor("the push", async () => (await raw.hGet("strata:feedback:bandit", "trials:a")) === "1", 2000);
  });

  it("adds up concurrent increments from several processes atomically", async () => {
    const stores = await Promise.all([startStore(), startStore(), startStore()]);
    for (let i = 0; i < 1000; i++) {
      for (const [n, store] of stores.entries()) {
        store.increment("bandit", i % 2 ? "a" : "b", "trials");
        if (i % 10 === n) store.increment("bandit", "a", "successes");
      }
      if (i % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await Promise.all(stores.map((store) => store.sync()));
    expect(await raw.hGetAll("strata:feedback:bandit")).toEqual({ "trials:a": "1500", "trials:b": "1500", "successes:a": "300" });
    await Promise.all(stores.map((store) => store.sync()));
    for (const store of stores) expect({ ...store.read("bandit") }).toEqual({ a: { trials: 1500, successes: 300 }, b: { trials: 1500, successes: 0 } });
  });

  it("refreshes its snapshot on the interval, so each process sees the others' counts", async () => {
    const reader = await startStore({ refreshMs: 50 });
    const writer = await startStore();
    expect({ ...reader.read("bandit") }).toEqual({});
    writer.increment("bandit", "a", "successes", 7);
    await writer.sync();
    await waitFor("the refresh", () => reader.read("bandit").a?.successes === 7, 2000);
    expect(reader.status().refreshes).toBeGreaterThan(0);
  });

  it("hands out snapshots that never change afterwards", async () => {
    const store = await startStore();
    store.increment("bandit", "a", "trials");
    const before = store.read("bandit");
    store.increment("bandit", "a", "trials");
    expect(before.a).toEqual({ trials: 1, successes: 0 });
    expect(Object.isFrozen(before)).toBe(true);
    expect(store.read("bandit").a).toEqual({ trials: 2, successes: 0 });
    expect(store.read("bandit")).toBe(store.read("bandit"));
  });

  it("applies a batch once even when it is sent again after a lost reply", async () => {
    const deltas = new CounterDeltas();
    deltas.add("bandit", "a", "trials", 5);
    const first = incrementCommand("strata:", "writer-1", { seq: 1, deltas }, undefined);
    expect(await raw.sendCommand([...first])).toEqual([1]);
    expect(await raw.sendCommand([...first])).toEqual([0]);
    const next = incrementCommand("strata:", "writer-1", { seq: 2, deltas }, 120);
    expect(await raw.sendCommand([...next])).toEqual([1]);
    expect(await raw.hGet("strata:feedback:bandit", "trials:a")).toBe("10");
    expect(await raw.ttl("strata:feedback:bandit")).toBeGreaterThan(100);
    const writerTtl = await raw.ttl("strata:writer:writer-1");
    expect(writerTtl).toBeGreaterThan(86_000);
  });

  it("keeps counts while Redis is unreachable and pushes them when it is back", async () => {
    const isolated = await RedisServer.start();
    try {
      const connection = new RedisConnection({ url: isolated.url, onError: () => {} });
      connections.push(connection);
      await waitFor("the connection", () => connection.connected);
      const store = new RedisFeedbackStats(connection, { flushMs: 10 });
      stats.push(store);
      await isolated.kill();
      await waitFor("the disconnect", () => !connection.connected);
      for (let i = 0; i < 500; i++) store.increment("bandit", "a", "trials");
      await expect(store.sync()).rejects.toThrow(/redis: push of 500 feedback increment\(s\) and refresh of 1 experiment\(s\) failed: redis:\/\/127\.0\.0\.1:\d+ is not connected/);
      expect(store.status().waitingIncrements).toBe(500);
      expect(store.read("bandit").a?.trials).toBe(500);
      await isolated.start();
      await waitFor("the counts to reach Redis", () => store.status().waitingIncrements === 0, 10_000);
      const check = await connectClient(isolated.url);
      expect(await check.hGet("strata:feedback:bandit", "trials:a")).toBe("500");
      await check.close();
    } finally {
      await isolated.close();
    }
  });

  it("rejects increments that are not whole numbers >= 0, naming the count", async () => {
    const store = await startStore();
    expect(() => store.increment("bandit", "a", "trials", -1)).toThrow("redis: increment of trials for bandit/a must be a whole number >= 0 (got -1)");
    expect(() => store.increment("bandit", "a", "successes", 0.5)).toThrow("(got 0.5)");
    expect(() => new RedisFeedbackStats(connections[0]!, { refreshMs: -5 })).toThrow("redis: refreshMs must be a positive number of milliseconds (got -5)");
  });
});
