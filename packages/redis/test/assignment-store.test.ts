/**
 * The Redis assignment store against a real Redis: one hash per unit, first group wins, prefix,
 * TTL, one round trip per load and save, a client the application already has, named errors.
 * @module
 */
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { createEngine } from "@strata/engine";
import { createRedisStores, RedisAssignmentStore, RedisConnection, RedisStoreError } from "../src/index.ts";
import { connectClient, countingClient } from "./support/clients.ts";
import { testConfig } from "./support/config.ts";
import { describeWithRedis, RedisServer } from "./support/redis-server.ts";
import { expectNoUnhandledRejections } from "./support/unhandled-rejections.ts";
import { waitFor } from "./support/wait-for.ts";

describeWithRedis("RedisAssignmentStore against a real Redis", () => {
  expectNoUnhandledRejections();
  let server: RedisServer;
  let raw: Awaited<ReturnType<typeof connectClient>>;
  let connection: RedisConnection;

  beforeAll(async () => {
    server = await RedisServer.start();
    raw = await connectClient(server.url);
    connection = new RedisConnection({ url: server.url });
    await waitFor("the connection", () => connection.connected);
  });
  afterAll(async () => {
    await connection?.close();
    await raw?.close();
    await server?.close();
  });
  beforeEach(async () => {
    await raw.flushAll();
  });

  it("saves a unit's assignments in one hash per unit and loads them back across unit types", async () => {
    const store = new RedisAssignmentStore(connection);
    await store.save([
      { experiment: "e1", group: "a", unitType: "userId", unit: "u-1" },
      { experiment: "e2", group: "b", unitType: "userId", unit: "u-1" },
      { experiment: "e3", group: "c", unitType: "cookieId", unit: "c-9" },
    ]);
    expect(await raw.hGetAll("strata:assign:userId:u-1")).toEqual({ e1: "a", e2: "b" });
    expect(await raw.hGetAll("strata:assign:cookieId:c-9")).toEqual({ e3: "c" });
    expect({ ...(await store.load({ userId: "u-1", cookieId: "c-9", deviceId: null })) }).toEqual({ e1: "a", e2: "b", e3: "c" });
    expect({ ...(await store.load({ userId: "nobody" })) }).toEqual({});
    expect({ ...(await store.load({})) }).toEqual({});
  });

  it("loads each unit type's assignments apart (loadByUnit), so an engine leaves out a group stored under an experiment's former unit type", async () => {
    const store = new RedisAssignmentStore(connection);
    await store.save([
      { experiment: "color-test", group: "red", unitType: "cookieId", unit: "device-1" },
      { experiment: "color-test", group: "blue", unitType: "userId", unit: "u-1" },
    ]);
    expect(await store.loadByUnit({ userId: "u-1", cookieId: "device-1", deviceId: undefined })).toEqual({ userId: { "color-test": "blue" }, cookieId: { "color-test": "red" } });
    expect({ ...(await store.loadByUnit({ userId: "nobody" })) }).toEqual({});
    // Merged, the unit type listed last wins: the cookie's group, stored while color-test diverted by cookie.
    expect({ ...(await store.load({ userId: "u-1", cookieId: "device-1" })) }).toEqual({ "color-test": "red" });
    // color-test diverts by userId now: the engine takes the group stored under the user id.
    const engine = createEngine({ ...testConfig(), units: ["userId", "cookieId"] }, { stores: { assignments: store } });
    const decision = await engine.decideWithStore({ units: { userId: "u-1", cookieId: "device-1" } });
    expect(decision.get("color")).toBe("blue");
    expect(decision.assignments.find((a) => a.experiment === "color-test")?.source).toBe("stored");
  });

  it("keeps the first group a unit got: a later save never overwrites it", async () => {
    const store = new RedisAssignmentStore(connection);
    await store.save([{ experiment: "e", group: "first", unitType: "userId", unit: "u" }]);
    await store.save([{ experiment: "e", group: "second", unitType: "userId", unit: "u" }]);
    expect({ ...(await store.load({ userId: "u" })) }).toEqual({ e: "first" });
  });

  it("keeps keys under the configured prefix, isolated from other prefixes", async () => {
    const a = new RedisAssignmentStore(connection, { prefix: "app-a:" });
    const b = new RedisAssignmentStore(connection, { prefix: "app-b:" });
    await a.save([{ experiment: "e", group: "x", unitType: "userId", unit: "u" }]);
    expect(await raw.keys("*")).toEqual(["app-a:assign:userId:u"]);
    expect({ ...(await b.load({ userId: "u" })) }).toEqual({});
  });

  it("sets the optional TTL on a unit's hash when it gets a new assignment", async () => {
    const store = new RedisAssignmentStore(connection, { ttl: 3600 });
    await store.save([{ experiment: "e", group: "x", unitType: "userId", unit: "u" }]);
    const ttl = await raw.ttl("strata:assign:userId:u");
    expect(ttl).toBeGreaterThan(3590);
    expect(ttl).toBeLessThanOrEqual(3600);
    await new RedisAssignmentStore(connection).save([{ experiment: "e", group: "x", unitType: "userId", unit: "v" }]);
    expect(await raw.ttl("strata:assign:userId:v")).toBe(-1);
  });

  it("costs one round trip per load and per save when pipelining, one per unit key when not", async () => {
    for (const pipeline of [true, false]) {
      const counting = countingClient(raw);
      const pipelined = new RedisConnection({ client: counting, pipeline });
      const store = new RedisAssignmentStore(pipelined, { ttl: 60 });
      const kept = await store.save([
        { experiment: "e1", group: "a", unitType: "userId", unit: `u-${pipeline}` },
        { experiment: "e2", group: "b", unitType: "userId", unit: `u-${pipeline}` },
        { experiment: "e3", group: "c", unitType: "cookieId", unit: `c-${pipeline}` },
      ]);
      expect(kept).toEqual({});
      // One script per unit key writes its assignments, answers the groups kept instead, and sets the TTL.
      expect(counting.commands.map((c) => [c[0], c[3]])).toEqual([
        ["EVAL", `strata:assign:userId:u-${pipeline}`],
        ["EVAL", `strata:assign:cookieId:c-${pipeline}`],
      ]);
      expect(counting.roundTrips).toBe(pipeline ? 1 : 2);
      counting.reset();
      expect({ ...(await store.load({ userId: `u-${pipeline}`, cookieId: `c-${pipeline}` })) }).toEqual({ e1: "a", e2: "b", e3: "c" });
      expect(counting.roundTrips).toBe(pipeline ? 1 : 2);
      await pipelined.close();
    }
  });

  it("accepts a client the application already has, and leaves it open on close", async () => {
    const stores = createRedisStores({ client: raw, prefix: "mine:" });
    await stores.assignments.save([{ experiment: "e", group: "x", unitType: "userId", unit: "u" }]);
    expect({ ...(await stores.assignments.load({ userId: "u" })) }).toEqual({ e: "x" });
    await stores.close();
    expect(raw.isReady).toBe(true);
    expect(await raw.hGet("mine:assign:userId:u", "e")).toBe("x");
  });

  it("names the option that is wrong", () => {
    expect(() => new RedisAssignmentStore(connection, { ttl: 1.5 })).toThrow("redis: ttl must be a whole number of seconds > 0 (got 1.5)");
    expect(() => new RedisAssignmentStore(connection, { retryLimit: -1 })).toThrow("retryLimit must be a whole number >= 0");
    expect(() => new RedisConnection({ url: "http://localhost" })).toThrow('url must be a redis:// or rediss:// URL (got protocol "http:")');
    expect(() => new RedisConnection({ url: "redis://:hunter2@exa mple:6379" })).toThrow('url must be a redis:// or rediss:// URL (got "redis://***@exa mple:6379")');
    expect(() => new RedisConnection({})).toThrow("pass exactly one of { url }");
    expect(() => new RedisConnection({ url: server.url, timeoutMs: 0 })).toThrow("timeoutMs must be a positive number of milliseconds (got 0)");
  });

  it("rejects with an error naming the operation when the client is closed", async () => {
    const own = await connectClient(server.url);
    const closedConnection = new RedisConnection({ client: own });
    await own.close();
    const store = new RedisAssignmentStore(closedConnection);
    const error = await store.load({ userId: "u" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisStoreError);
    expect((error as Error).message).toBe("redis: load of stored assignments (userId) failed: the client of Redis is closed (call client.connect() before using the stores)");
    await closedConnection.close();
  });
});
