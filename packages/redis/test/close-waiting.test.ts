/**
 * Closing the stores with writes waiting for a retry: `close()` writes the waiting assignments
 * once more while the feedback store is still open, so a conversion answered "the store writes it
 * again" and a draw whose save got no reply are counted; what it cannot write is reported through
 * `onError`, naming the experiments and the conversion records lost; a save after close keeps
 * nothing and says so. A counter push Redis refused is reported as refused, not as maybe counted.
 * Redis refuses writes here through `min-replicas-to-write` without replicas (`NOREPLICAS`).
 * @module
 */
import { createEngine, type NewAssignment } from "@strata/engine";
import { afterEach, expect, it } from "vitest";
import { createRedisStores, RedisAssignmentStore, RedisConnection, RedisStoreError, type RedisClientLike, type RedisStores } from "../src/index.ts";
import { testConfig } from "./support/config.ts";
import { lostRepliesClient } from "./support/lost-replies-client.ts";
import { describeWithRedis } from "./support/redis-server.ts";
import { useRedisServer } from "./support/shared-redis.ts";
import { expectNoUnhandledRejections } from "./support/unhandled-rejections.ts";

const KEY = "strata:assign:userId:";
const COUNTERS = "strata:feedback:headline-bandit";
/** No timed push, refresh or retry fires during a test: only `close()` writes what waits. */
const QUIET = { refreshMs: 60_000, flushMs: 60_000 };

describeWithRedis("closing the stores with writes waiting", () => {
  expectNoUnhandledRejections();
  const redis = useRedisServer();
  const opened: RedisStores[] = [];
  afterEach(async () => {
    await redis.raw.configSet("min-replicas-to-write", "0");
    for (const stores of opened.splice(0)) await stores.close();
  });

  /** One server on the shared Redis (or through `client`): its stores, engine, and what each `onError` received. */
  async function server(client?: RedisClientLike, retryLimit?: number) {
    const storeErrors: string[] = [];
    const engineErrors: string[] = [];
    const stores = createRedisStores({ ...(client ? { client } : { url: redis.server.url }), ...QUIET, ...(retryLimit === undefined ? {} : { retryLimit }), onError: (e, context) => storeErrors.push(`${context}: ${String(e)}`) });
    opened.push(stores);
    const engine = createEngine(testConfig(), { stores, onError: (e, context) => engineErrors.push(`${context}: ${String(e)}`) });
    expect(await stores.ready(5000)).toBe(true);
    return { stores, engine, storeErrors, engineErrors };
  }

  /** Decides `userId` (its bandit draw and trial saved), then converts it while Redis refuses writes: the engine answers that the store writes it again. */
  async function conversionRefused(stores: RedisStores, engine: ReturnType<typeof createEngine>, userId: string): Promise<void> {
    await engine.decideWithStore({ units: { userId } });
    await stores.feedback.sync();
    await redis.raw.configSet("min-replicas-to-write", "1");
    expect(await engine.convertWithStore({ userId }, "headline-bandit")).toEqual({ ok: false, reason: expect.stringContaining("so it needs no retry") });
    expect(stores.status().assignments.waitingAssignments).toBe(1);
  }

  it("without a retry buffer (retryLimit 0), asks for a refused conversion to be retried, and counts the retry once", async () => {
    await redis.raw.flushAll();
    const { stores, engine } = await server(undefined, 0);
    await engine.decideWithStore({ units: { userId: "buyer-0" } });
    await stores.feedback.sync();
    await redis.raw.configSet("min-replicas-to-write", "1");
    expect(await engine.convertWithStore({ userId: "buyer-0" }, "headline-bandit")).toEqual({ ok: false, reason: expect.stringMatching(/so it was not counted — retry it$/) });
    expect(stores.status().assignments.waitingAssignments).toBe(0);
    await redis.raw.configSet("min-replicas-to-write", "0");
    expect(await engine.convertWithStore({ userId: "buyer-0" }, "headline-bandit")).toMatchObject({ ok: true });
    expect(await engine.convertWithStore({ userId: "buyer-0" }, "headline-bandit")).toMatchObject({ ok: false });
    await stores.close();
    const group = await redis.raw.hGet(`${KEY}buyer-0`, "headline-bandit");
    expect(await redis.raw.hGetAll(COUNTERS)).toEqual({ [`trials:${group}`]: "1", [`successes:${group}`]: "1" });
  });

  it("without a retry buffer (retryLimit 0), counts one trial per unit when another server writes the group its refused draw had", async () => {
    await redis.raw.flushAll();
    const a = await server(undefined, 0);
    const b = await server();
    const units = 20;
    for (let i = 0; i < units; i++) {
      const request = { units: { userId: `visitor-${i}` } };
      await redis.raw.configSet("min-replicas-to-write", "1");
      await a.engine.decideWithStore(request); // refused by Redis: nothing stored, nothing counted
      await redis.raw.configSet("min-replicas-to-write", "0");
      await b.engine.decideWithStore(request); // b draws, writes and counts the unit's one trial
      await a.engine.decideWithStore(request); // a finds b's group stored
    }
    await a.stores.close();
    await b.stores.close();
    const counters = await redis.raw.hGetAll(COUNTERS);
    const trials = Object.entries(counters)
      .filter(([field]) => field.startsWith("trials:"))
      .reduce((sum, [, count]) => sum + Number(count), 0);
    expect(trials).toBe(units);
  });

  it("names the conversion records it drops when more than retryLimit writes wait", async () => {
    await redis.raw.flushAll();
    const { stores, engine, storeErrors } = await server(undefined, 2);
    await conversionRefused(stores, engine, "buyer-3");
    // More draws while Redis refuses writes push the oldest waiting unit, the buyer's, out of the buffer.
    for (let i = 0; i < 3; i++) await engine.decideWithStore({ units: { userId: `later-${i}` } });
    expect(storeErrors).toContainEqual(
      expect.stringMatching(/^redis assignment retry: RedisStoreError: redis: retry of failed saves failed: dropped \d+ assignment\(s\), the oldest waiting: more than retryLimit \(2\) were waiting for Redis, so they will not be written: conversion records of "headline-bandit" \(1\), so those conversions were not counted$/),
    );
  });

  it("writes a conversion refused earlier when Redis takes writes again, and counts it, before the feedback store closes", async () => {
    await redis.raw.flushAll();
    const { stores, engine, storeErrors } = await server();
    await conversionRefused(stores, engine, "buyer-1");
    await redis.raw.configSet("min-replicas-to-write", "0");
    await stores.close();
    const group = await redis.raw.hGet(`${KEY}buyer-1`, "headline-bandit");
    expect(await redis.raw.hGet(`${KEY}buyer-1`, "headline-bandit#converted")).toMatch(new RegExp(`^${group}#`));
    expect(await redis.raw.hGetAll(COUNTERS)).toEqual({ [`trials:${group}`]: "1", [`successes:${group}`]: "1" });
    expect(stores.status().assignments).toMatchObject({ waitingAssignments: 0, retriedAssignments: 1 });
    expect(storeErrors).toEqual([]);
  });

  it("reports the conversion records it could not write, with their experiment and count", async () => {
    await redis.raw.flushAll();
    const { stores, engine, storeErrors } = await server();
    await conversionRefused(stores, engine, "buyer-2");
    await stores.close(); // Redis still refuses writes
    const group = await redis.raw.hGet(`${KEY}buyer-2`, "headline-bandit");
    expect(await redis.raw.hGetAll(COUNTERS)).toEqual({ [`trials:${group}`]: "1" });
    expect(stores.status().assignments.waitingAssignments).toBe(1);
    expect(storeErrors).toEqual([
      expect.stringMatching(
        /^redis assignment close: RedisStoreError: redis: last retry of waiting assignments on close failed: 1 waiting assignment\(s\) not saved \(NOREPLICAS .+\): conversion records of "headline-bandit" \(1\), so those conversions were not counted$/,
      ),
    ]);
  });

  it("counts the trial of a draw whose save got no reply but landed: close's retry finds it stored", async () => {
    await redis.raw.flushAll();
    const lossy = lostRepliesClient(redis.raw);
    const { stores, engine, engineErrors } = await server(lossy);
    lossy.losing = true;
    const decision = await engine.decideWithStore({ units: { userId: "late-1" } });
    lossy.losing = false;
    expect(decision.get("headline")).toBe("h0"); // the save failed: the bandit's default, no trial yet
    expect(engineErrors).toEqual([expect.stringContaining("Socket closed unexpectedly")]);
    const group = await redis.raw.hGet(`${KEY}late-1`, "headline-bandit"); // applied all the same
    expect(group === "h1" || group === "h2").toBe(true);
    await stores.close();
    expect(await redis.raw.hGetAll(COUNTERS)).toEqual({ [`trials:${group}`]: "1" });
    expect(stores.status().assignments).toMatchObject({ waitingAssignments: 0, alreadyStoredAssignments: 2 });
  });

  it("a save after close keeps nothing for a retry and says so", async () => {
    await redis.raw.flushAll();
    const { stores } = await server();
    await stores.close();
    const assignment: NewAssignment = { experiment: "color-test", group: "red", unitType: "userId", unit: "after-1" };
    const error = await stores.assignments.save([assignment], { onLateWrite: () => {} }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(RedisStoreError);
    expect((error as RedisStoreError).message).toBe("redis: save of 1 assignment(s) failed: the Redis stores were closed; not kept for a retry (the store is closed)");
    // Nothing will write it: the engine is told so (a conversion is then answered "retry it"); as it was never sent, there is no late write to watch for either.
    expect((error as RedisStoreError).keptForRetry).toBe(false);
    expect((error as RedisStoreError).reportsLateWrites).toBe(true);
    expect(stores.status().assignments.waitingAssignments).toBe(0);
  });

  it("the assignment store alone writes its waiting assignments on close", async () => {
    await redis.raw.flushAll();
    const connection = new RedisConnection({ url: redis.server.url });
    const errors: string[] = [];
    const store = new RedisAssignmentStore(connection, { onError: (e, context) => errors.push(`${context}: ${String(e)}`) });
    try {
      expect(await connection.ready(5000)).toBe(true);
      await redis.raw.configSet("min-replicas-to-write", "1");
      await expect(store.save([{ experiment: "color-test", group: "red", unitType: "userId", unit: "alone-1" }])).rejects.toThrow(/NOREPLICAS.*kept for a retry when Redis is back \(1 waiting\)/);
      await redis.raw.configSet("min-replicas-to-write", "0");
      await store.close();
      expect(await redis.raw.hGetAll(`${KEY}alone-1`)).toEqual({ "color-test": "red" });
      expect(errors).toEqual([]);
    } finally {
      await store.close();
      await connection.close();
    }
  });

  it("a save on its way when close() starts gets close's retry", async () => {
    await redis.raw.flushAll();
    const lossy = lostRepliesClient(redis.raw);
    const connection = new RedisConnection({ client: lossy });
    const late: NewAssignment[] = [];
    const store = new RedisAssignmentStore(connection);
    try {
      lossy.losing = true;
      const assignment: NewAssignment = { experiment: "color-test", group: "blue", unitType: "userId", unit: "on-its-way" };
      const saving = store.save([assignment], { onLateWrite: (written) => late.push(...written) });
      const closing = store.close();
      lossy.losing = false; // the save's reply is lost already; close's retry gets its reply
      await expect(saving).rejects.toThrow("Socket closed unexpectedly; kept for the last retry of close() (1 waiting; those it cannot write are reported through onError)");
      await closing;
      expect(late).toEqual([assignment]);
      expect(store.status()).toMatchObject({ waitingAssignments: 0, alreadyStoredAssignments: 1 });
    } finally {
      await connection.close();
    }
  });

  it("reports a counter push Redis refused as not counted, not as maybe counted", async () => {
    await redis.raw.flushAll();
    const { stores, storeErrors } = await server();
    await redis.raw.configSet("min-replicas-to-write", "1");
    stores.feedback.increment("headline-bandit", "h1", "trials", 3);
    await expect(stores.feedback.sync()).rejects.toThrow(/NOREPLICAS/);
    await stores.close();
    expect(await redis.raw.exists(COUNTERS)).toBe(0);
    expect(storeErrors).toEqual([
      "redis feedback close: RedisStoreError: redis: final push of feedback counts failed: 3 increment(s) not saved (Redis refused the push with NOREPLICAS and counted none of them)",
    ]);
  });
});
