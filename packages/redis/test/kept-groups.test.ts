/**
 * A save resolves with the group kept for each assignment it did not write because the unit
 * already had one (the engine's `KeptGroups`), against a real Redis: when two servers save the
 * same new unit at once, the one that lost learns the group that won, in the save's single round
 * trip, so both show one group.
 * @module
 */
import { MemoryAssignmentStore, type NewAssignment } from "@strata/engine";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RedisAssignmentStore, RedisConnection } from "../src/index.ts";
import { describeWithRedis } from "./support/redis-server.ts";
import { useConnections, useRedisServer } from "./support/shared-redis.ts";
import { expectNoUnhandledRejections } from "./support/unhandled-rejections.ts";
import { waitFor } from "./support/wait-for.ts";

const KEY = "strata:assign:userId:";

/** An assignment of `color-test` for `unit`. */
function colorOf(unit: string, group: string, replaces?: string): NewAssignment {
  return replaces === undefined ? { experiment: "color-test", group, unitType: "userId", unit } : { experiment: "color-test", group, unitType: "userId", unit, replaces };
}

describeWithRedis("a save's answer: the groups kept where it wrote nothing", () => {
  expectNoUnhandledRejections();
  const redis = useRedisServer();
  const connections = useConnections(redis, 1);

  for (const pipeline of [true, false]) {
    describe(`pipeline: ${pipeline}`, () => {
      /** Two servers' stores, each on its own connection to the same Redis. */
      async function twoServers(): Promise<{ stores: [RedisAssignmentStore, RedisAssignmentStore]; close(): Promise<void> }> {
        const own = [0, 1].map(() => new RedisConnection({ url: redis.server.url, pipeline, timeoutMs: 10_000 }));
        await waitFor("both connections", () => own.every((c) => c.connected));
        return {
          stores: own.map((c) => new RedisAssignmentStore(c)) as [RedisAssignmentStore, RedisAssignmentStore],
          close: async () => {
            for (const connection of own) await connection.close();
          },
        };
      }

      it("two servers saving the same new units at once: one writes, the other learns the group Redis keeps", async () => {
        const { stores, close } = await twoServers();
        try {
          const [a, b] = stores;
          const units = Array.from({ length: 200 }, (_, i) => `u-${i}`);
          // Alternate which server starts first, so either can win.
          const answers = await Promise.all(
            units.map(async (unit, i) => {
              const saveA = () => a.save([colorOf(unit, "red")]);
              const saveB = () => b.save([colorOf(unit, "blue")]);
              if (i % 2 === 0) return Promise.all([saveA(), saveB()]);
              const [fromB, fromA] = await Promise.all([saveB(), saveA()]);
              return [fromA, fromB] as const;
            }),
          );
          for (const [i, unit] of units.entries()) {
            const stored = await redis.raw.hGet(`${KEY}${unit}`, "color-test");
            const [fromA, fromB] = answers[i]!;
            // Each server shows what Redis keeps: its own group when written, else the group in its answer.
            expect([fromA["color-test"] ?? "red", fromB["color-test"] ?? "blue"]).toEqual([stored, stored]);
            expect([fromA, fromB].filter((answer) => Object.keys(answer).length === 0)).toHaveLength(1);
            for (const store of [a, b]) expect({ ...(await store.load({ userId: unit })) }).toEqual({ "color-test": stored });
          }
          // status() counts what was written: one assignment per unit, not two.
          expect(a.status().savedAssignments + b.status().savedAssignments).toBe(units.length);
        } finally {
          await close();
        }
      });

      it("two servers replacing the same retired group at once: the one whose compare-and-set lost learns the replacement that won", async () => {
        const { stores, close } = await twoServers();
        try {
          const [a, b] = stores;
          const units = Array.from({ length: 100 }, (_, i) => `u-${i}`);
          for (const unit of units) await redis.raw.hSet(`${KEY}${unit}`, "color-test", "red");
          const answers = await Promise.all(units.map((unit) => Promise.all([a.save([colorOf(unit, "green", "red")]), b.save([colorOf(unit, "blue", "red")])])));
          for (const [i, unit] of units.entries()) {
            const stored = await redis.raw.hGet(`${KEY}${unit}`, "color-test");
            const [fromA, fromB] = answers[i]!;
            expect([fromA["color-test"] ?? "green", fromB["color-test"] ?? "blue"]).toEqual([stored, stored]);
          }
        } finally {
          await close();
        }
      });
    });
  }

  it("two saves of one process racing on a unit: the later learns the earlier one's group", async () => {
    const store = new RedisAssignmentStore(connections[0]!);
    const [first, second] = await Promise.all([store.save([colorOf("u", "red")]), store.save([colorOf("u", "blue")])]);
    expect([first, second]).toEqual([{}, { "color-test": "red" }]);
    expect({ ...(await store.load({ userId: "u" })) }).toEqual({ "color-test": "red" });
  });

  it("answers what the in-memory store answers, for any stored groups and saves, and loads show the group it names", async () => {
    const store = new RedisAssignmentStore(connections[0]!);
    const experiment = fc.constantFrom("e0", "e1", "e2");
    const group = fc.constantFrom("g0", "g1", "g2");
    const unit = fc.constantFrom("u0", "u1");
    const stored = fc.dictionary(unit, fc.dictionary(experiment, group));
    const saved = fc.array(fc.record({ unit, experiment, group, replaces: fc.option(group, { nil: undefined }) }), { minLength: 1, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(stored, saved, async (before, saves) => {
        await redis.raw.del(["u0", "u1"].map((u) => `${KEY}${u}`));
        const memory = new MemoryAssignmentStore();
        for (const [u, groups] of Object.entries(before)) {
          if (Object.keys(groups).length === 0) continue;
          await redis.raw.hSet(`${KEY}${u}`, groups);
          memory.save(Object.entries(groups).map(([e, g]) => ({ experiment: e, group: g, unitType: "userId", unit: u })));
        }
        const assignments: NewAssignment[] = saves.map(({ unit: u, experiment: e, group: g, replaces }) => ({ experiment: e, group: g, unitType: "userId", unit: u, ...(replaces === undefined ? {} : { replaces }) }));
        const answer = await store.save(assignments);
        expect({ ...answer }).toEqual({ ...memory.save(assignments) });
        for (const u of ["u0", "u1"]) expect(await redis.raw.hGetAll(`${KEY}${u}`)).toEqual({ ...memory.load({ userId: u }) });
        // An experiment saved once: this process's loads show the group the answer names, or the saved one.
        for (const { experiment: e, group: g, unit: u } of saves) {
          if (saves.filter((s) => s.experiment === e).length > 1) continue;
          expect((await store.load({ userId: u }))[e]).toBe(answer[e] ?? g);
        }
      }),
      { numRuns: 80 },
    );
  });
});
