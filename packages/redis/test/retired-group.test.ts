/**
 * A stored group retired from its experiment, against a real Redis: the engine's replacement is
 * written by compare-and-set (only while the retired group is still stored), so the unit gets
 * one new group, stored once, that every server then serves; first assignments are written only where no group is stored.
 * @module
 */
import { createEngine, type NewAssignment } from "@strata/engine";
import { expect, it } from "vitest";
import { RedisAssignmentStore, RedisConnection } from "../src/index.ts";
import { countingClient } from "./support/clients.ts";
import { stickyColorConfig } from "./support/config.ts";
import { describeWithRedis } from "./support/redis-server.ts";
import { useConnections, useRedisServer } from "./support/shared-redis.ts";
import { expectNoUnhandledRejections } from "./support/unhandled-rejections.ts";

const KEY = "strata:assign:userId:";

/** An assignment of `color-test`. */
function colorOf(unit: string, group: string, replaces?: string): NewAssignment {
  return replaces === undefined ? { experiment: "color-test", group, unitType: "userId", unit } : { experiment: "color-test", group, unitType: "userId", unit, replaces };
}

describeWithRedis("a retired stored group in Redis", () => {
  expectNoUnhandledRejections();
  const redis = useRedisServer();
  /** Two servers' connections to the same Redis. */
  const connections = useConnections(redis, 2);

  it("is replaced only while it is still the stored group; first assignments never overwrite", async () => {
    const store = new RedisAssignmentStore(connections[0]!);
    await redis.raw.hSet(`${KEY}u`, "color-test", "red");
    await store.save([colorOf("u", "green", "red")]);
    expect(await redis.raw.hGetAll(`${KEY}u`)).toEqual({ "color-test": "green" });
    // Another server saw red too and replaces it later: green, already stored, stays.
    await store.save([colorOf("u", "blue", "red")]);
    expect(await redis.raw.hGetAll(`${KEY}u`)).toEqual({ "color-test": "green" });
    // A first assignment never overwrites.
    await store.save([colorOf("u", "blue")]);
    expect(await redis.raw.hGetAll(`${KEY}u`)).toEqual({ "color-test": "green" });
    // Nothing stored (e.g. expired meanwhile): the replacement is written like a first assignment.
    await store.save([colorOf("v", "green", "red")]);
    expect(await redis.raw.hGetAll(`${KEY}v`)).toEqual({ "color-test": "green" });
    // Other experiments of the unit are untouched.
    await redis.raw.hSet(`${KEY}w`, { "color-test": "red", other: "x" });
    await store.save([colorOf("w", "green", "red")]);
    expect(await redis.raw.hGetAll(`${KEY}w`)).toEqual({ "color-test": "green", other: "x" });
  });

  it("writes a replacement with one atomic script in the save's single round trip, and refreshes the TTL", async () => {
    const counting = countingClient(redis.raw);
    const connection = new RedisConnection({ client: counting });
    const store = new RedisAssignmentStore(connection, { ttl: 3600 });
    await redis.raw.hSet(`${KEY}u`, "color-test", "red");
    await store.save([colorOf("u", "green", "red"), { experiment: "shape-test", group: "round", unitType: "userId", unit: "u" }]);
    // The unit's replacement, its first assignment and its TTL: one script for the unit key.
    expect(counting.commands.map((c) => c[0])).toEqual(["EVAL"]);
    expect(counting.roundTrips).toBe(1);
    expect(await redis.raw.hGetAll(`${KEY}u`)).toEqual({ "color-test": "green", "shape-test": "round" });
    expect(await redis.raw.ttl(`${KEY}u`)).toBeGreaterThan(3590);
    await connection.close();
  });

  it("of many units replaced by two servers at once: each unit ends with exactly one of the two replacements", async () => {
    const [a, b] = connections.map((c) => new RedisAssignmentStore(c)) as [RedisAssignmentStore, RedisAssignmentStore];
    const units = Array.from({ length: 200 }, (_, i) => `u-${i}`);
    for (const unit of units) await redis.raw.hSet(`${KEY}${unit}`, "color-test", "red");
    await Promise.all(units.flatMap((unit) => [a.save([colorOf(unit, "green", "red")]), b.save([colorOf(unit, "blue", "red")])]));
    for (const unit of units) {
      const stored = await redis.raw.hGet(`${KEY}${unit}`, "color-test");
      expect(["green", "blue"]).toContain(stored);
      // Both servers now read the same group, and neither can replace it again with red's replacement.
      await a.save([colorOf(unit, "green", "red")]);
      await b.save([colorOf(unit, "blue", "red")]);
      expect(await redis.raw.hGet(`${KEY}${unit}`, "color-test")).toBe(stored);
    }
  });

  it("through two engines: the unit gets one new group, stored once, and keeps it on both servers", async () => {
    const [storeA, storeB] = connections.map((c) => new RedisAssignmentStore(c)) as [RedisAssignmentStore, RedisAssignmentStore];
    const serverA = createEngine(stickyColorConfig({ red: 100, blue: 0 }), { stores: { assignments: storeA } });
    expect((await serverA.decideWithStore({ units: { userId: "u" } })).get("color")).toBe("red");
    // red is retired; mid-rollout the two servers weigh the remaining groups differently.
    expect(serverA.update(stickyColorConfig({ blue: 0, green: 100 })).ok).toBe(true);
    const serverB = createEngine(stickyColorConfig({ blue: 100, green: 0 }), { stores: { assignments: storeB } });

    const first = await serverA.decideWithStore({ units: { userId: "u" } });
    expect(first.get("color")).toBe("green");
    expect(first.toPersist).toEqual([colorOf("u", "green", "red")]);
    for (let i = 0; i < 10; i++) {
      for (const server of [serverA, serverB]) {
        const decision = await server.decideWithStore({ units: { userId: "u" } });
        expect(decision.get("color")).toBe("green");
        expect(decision.assignments[0]!.source).toBe("stored");
      }
    }
    expect(await redis.raw.hGetAll(`${KEY}u`)).toEqual({ "color-test": "green" });
    expect(storeA.status().saves + storeB.status().saves).toBe(2); // the first assignment and its one replacement
  });

  it("through two engines deciding at once: both serve the one replacement that won from then on", async () => {
    const [storeA, storeB] = connections.map((c) => new RedisAssignmentStore(c)) as [RedisAssignmentStore, RedisAssignmentStore];
    const units = Array.from({ length: 50 }, (_, i) => `u-${i}`);
    for (const unit of units) await redis.raw.hSet(`${KEY}${unit}`, "color-test", "red");
    const serverA = createEngine(stickyColorConfig({ blue: 0, green: 100 }), { stores: { assignments: storeA } });
    const serverB = createEngine(stickyColorConfig({ blue: 100, green: 0 }), { stores: { assignments: storeB } });
    await Promise.all(units.flatMap((userId) => [serverA.decideWithStore({ units: { userId } }), serverB.decideWithStore({ units: { userId } })]));
    for (const userId of units) {
      const stored = await redis.raw.hGet(`${KEY}${userId}`, "color-test");
      for (const server of [serverA, serverB]) {
        const decision = await server.decideWithStore({ units: { userId } });
        expect(decision.get("color")).toBe(stored);
        expect(decision.assignments[0]!.source).toBe("stored");
      }
    }
  });
});
