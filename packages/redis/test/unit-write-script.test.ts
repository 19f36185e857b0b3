/**
 * A save or a retry writes each unit's assignments with one script per unit key, whatever their
 * number (it used to cost two commands per first assignment, one per replacement and one more for
 * the TTL, each its own round trip without pipelining), and the script applies each write exactly
 * as the in-memory store does: a first assignment only where no group is stored, a replacement
 * only while a retired group (or none) is stored, answering the group the unit keeps otherwise.
 * @module
 */
import { MemoryAssignmentStore, type NewAssignment } from "@strata/engine";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RedisAssignmentStore, RedisConnection } from "../src/index.ts";
import { pendingAssignment, type PendingAssignment } from "../src/pending-saves.ts";
import { groupsKept } from "../src/unit-write-script.ts";
import { AssignmentWriteBatch } from "../src/write-batch.ts";
import { countingClient } from "./support/clients.ts";
import { gatedClient } from "./support/gated-client.ts";
import { describeWithRedis } from "./support/redis-server.ts";
import { useRedisServer } from "./support/shared-redis.ts";
import { expectNoUnhandledRejections } from "./support/unhandled-rejections.ts";

const KEY = "strata:assign:";

/** An assignment of experiment `e<i>` for the user `unit`. */
function nth(unit: string, i: number, group: string, replaces?: string, unitType = "userId"): NewAssignment {
  return { experiment: `e${i}`, group, unitType, unit, ...(replaces === undefined ? {} : { replaces }) };
}

describeWithRedis("the unit write script", () => {
  expectNoUnhandledRejections();
  const redis = useRedisServer();

  for (const pipeline of [true, false]) {
    describe(`pipeline: ${pipeline}`, () => {
      /** A store with a TTL over a counting client of the test's Redis, which the test can take "down". */
      function countingStore() {
        const gated = gatedClient(redis.raw);
        const counting = countingClient(gated);
        const connection = new RedisConnection({ client: counting, pipeline, timeoutMs: 10_000 });
        const store = new RedisAssignmentStore(connection, { ttl: 3600 });
        return { gated, counting, store, close: async () => (await store.close(), await connection.close()) };
      }

      it("a save of ten assignments for one unit sends one command, and one per unit key for several", async () => {
        await redis.raw.flushAll();
        await redis.raw.hSet(`${KEY}userId:u`, { e0: "old", e1: "kept" });
        const { counting, store, close } = countingStore();
        try {
          // Two replacements (one of a group still stored, one of a group already replaced), eight first assignments (one already stored).
          const kept = await store.save([nth("u", 0, "new", "old"), nth("u", 1, "new", "old"), ...Array.from({ length: 8 }, (_, i) => nth("u", i + 2, "a"))]);
          expect(kept).toEqual({ e1: "kept" });
          expect(counting.commands).toHaveLength(1);
          expect(counting.commands[0]!.slice(0, 1)).toEqual(["EVAL"]);
          expect(counting.commands[0]![3]).toBe(`${KEY}userId:u`);
          expect(counting.roundTrips).toBe(1);
          expect(await redis.raw.hGetAll(`${KEY}userId:u`)).toEqual({ e0: "new", e1: "kept", e2: "a", e3: "a", e4: "a", e5: "a", e6: "a", e7: "a", e8: "a", e9: "a" });
          expect(await redis.raw.ttl(`${KEY}userId:u`)).toBeGreaterThan(3590);

          counting.reset();
          const units = ["v", "w", "x"];
          await store.save(units.flatMap((unit) => [...Array.from({ length: 5 }, (_, i) => nth(unit, i, "b")), nth(`c-${unit}`, 0, "b", undefined, "cookieId")]));
          expect(counting.commands.map((command) => command[3])).toEqual(units.flatMap((unit) => [`${KEY}userId:${unit}`, `${KEY}cookieId:c-${unit}`]));
          expect(counting.roundTrips).toBe(pipeline ? 1 : 6);
          expect(store.status()).toMatchObject({ saves: 2, savedAssignments: 9 + 18 });
        } finally {
          await close();
        }
      });

      it("a retry of several failed saves sends one command per unit key", async () => {
        await redis.raw.flushAll();
        const { gated, counting, store, close } = countingStore();
        try {
          gated.down = true;
          await expect(store.save(Array.from({ length: 5 }, (_, i) => nth("u", i, "a")))).rejects.toThrow("kept for a retry");
          await expect(store.save([...Array.from({ length: 5 }, (_, i) => nth("u", i + 5, "b")), nth("v", 0, "c")])).rejects.toThrow("kept for a retry");
          gated.down = false;
          counting.reset();
          expect(await store.retry()).toBe(11);
          expect(counting.commands.map((command) => command[3])).toEqual([`${KEY}userId:u`, `${KEY}userId:v`]);
          expect(counting.roundTrips).toBe(pipeline ? 1 : 2);
          expect(Object.keys(await redis.raw.hGetAll(`${KEY}userId:u`))).toHaveLength(10);
        } finally {
          await close();
        }
      });
    });
  }

  it("replaces any of several retired groups (a retry's merged replacements), and keeps another", async () => {
    await redis.raw.flushAll();
    await redis.raw.hSet(`${KEY}userId:u`, { e0: "g1", e1: "g3" });
    const writes: PendingAssignment[] = ["e0", "e1"].map((experiment) => ({
      ...pendingAssignment(`${KEY}userId:u`, { experiment, group: "g4", unitType: "userId", unit: "u" }),
      replaces: ["g0", "g1"],
    }));
    const [command] = new AssignmentWriteBatch(writes, undefined).commands;
    expect(groupsKept(await redis.raw.sendCommand([...command!]), 2)).toEqual([undefined, "g3"]);
    expect(await redis.raw.hGetAll(`${KEY}userId:u`)).toEqual({ e0: "g4", e1: "g3" });
    expect(await redis.raw.ttl(`${KEY}userId:u`)).toBe(-1);
  });

  it("answers and stores, write by write, what the in-memory store does, for any stored groups, writes and TTL", async () => {
    const units = ["u0", "u1", "u2"];
    const experiment = fc.constantFrom("e0", "e1", "e2");
    const group = fc.constantFrom("g0", "g1", "g2");
    const unit = fc.constantFrom(...units);
    const stored = fc.dictionary(unit, fc.dictionary(experiment, group));
    const write = fc.record({ unit, experiment, group, replaces: fc.option(group, { nil: undefined }) });
    const ttl = fc.option(fc.integer({ min: 60, max: 3600 }), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(stored, fc.array(write, { minLength: 1, maxLength: 10 }), ttl, async (before, drawn, seconds) => {
        await redis.raw.del(units.map((u) => `${KEY}userId:${u}`));
        const memory = new MemoryAssignmentStore();
        for (const [u, groups] of Object.entries(before)) {
          if (Object.keys(groups).length === 0) continue;
          await redis.raw.hSet(`${KEY}userId:${u}`, groups);
          memory.save(Object.entries(groups).map(([e, g]) => ({ experiment: e, group: g, unitType: "userId", unit: u })));
        }
        const assignments = drawn.map(({ unit: u, experiment: e, group: g, replaces }) => nth(u, Number(e.slice(1)), g, replaces));
        // The in-memory store's answer to each write on its own, in order: the group kept, or undefined when written.
        const expected = assignments.map((a) => memory.save([a])[a.experiment]);

        const batch = new AssignmentWriteBatch(
          assignments.map((a) => pendingAssignment(`${KEY}userId:${a.unit}`, a)),
          seconds,
        );
        const touched = [...new Set(drawn.map((w) => w.unit))];
        expect(batch.commands).toHaveLength(touched.length);
        const results = await Promise.allSettled(batch.commands.map((command) => redis.raw.sendCommand([...command])));
        // Each unit's script answers for its writes, in their order.
        touched.forEach((u, i) => {
          const ofUnit = expected.filter((_, w) => drawn[w]!.unit === u);
          expect(groupsKept((results[i] as PromiseFulfilledResult<unknown>).value, ofUnit.length)).toEqual(ofUnit);
        });
        const outcomes = batch.outcomes(results);
        const kept: Record<string, string> = {};
        for (const [w, a] of assignments.entries()) if (expected[w] !== undefined) kept[a.experiment] = expected[w];
        expect(outcomes).toMatchObject({ written: expected.filter((g) => g === undefined).length, kept, refused: [], failed: [] });
        expect(outcomes.acknowledged).toHaveLength(assignments.length);
        for (const u of units) {
          expect(await redis.raw.hGetAll(`${KEY}userId:${u}`)).toEqual({ ...memory.load({ userId: u }) });
          const ttlLeft = await redis.raw.ttl(`${KEY}userId:${u}`);
          if (seconds !== undefined && touched.includes(u)) expect(ttlLeft).toBeGreaterThan(seconds - 5);
          else expect(ttlLeft).toBeLessThan(0); // no TTL, or no key
        }
      }),
      { numRuns: 100 },
    );
  });
});
