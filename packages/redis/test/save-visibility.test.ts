/**
 * A save's assignments are visible to loads from the moment `save` is called until Redis
 * answers: acknowledged, they are in Redis; failed, loads stop showing them until a retry wrote them. Without pipelining a save's commands go out one round trip at a time, so a
 * load issued in between used to find a unit neither in Redis nor in any buffer, and a concurrent
 * decision drew (and saved) another group. Deterministic: the test holds the save's writes while
 * the load or decision runs.
 * @module
 */
import { createEngine } from "@strata/engine";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RedisAssignmentStore } from "../src/index.ts";
import { stickyColorConfig } from "./support/config.ts";
import type { GatedClient } from "./support/gated-client.ts";
import { gatedStore } from "./support/gated-store.ts";
import { describeWithRedis } from "./support/redis-server.ts";
import { useRedisServer } from "./support/shared-redis.ts";
import { expectNoUnhandledRejections } from "./support/unhandled-rejections.ts";

const KEY = "strata:assign:userId:";

describeWithRedis("a save's assignments stay visible while they are on their way to Redis", () => {
  expectNoUnhandledRejections();
  const redis = useRedisServer();

  for (const pipeline of [false, true]) {
    describe(`pipeline: ${pipeline}`, () => {
      let gated: GatedClient;
      let store: RedisAssignmentStore;
      let close: () => Promise<void>;

      beforeEach(async () => {
        await redis.raw.flushAll();
        ({ gated, store, close } = gatedStore(redis.raw, pipeline));
      });
      afterEach(() => close());

      it("a decision issued while a save is on its way keeps the saved group, and Redis ends with it", async () => {
        // Weights changed since the save's decision: a fresh draw would now give blue.
        const engine = createEngine(stickyColorConfig({ red: 0, blue: 100 }), { stores: { assignments: store } });
        gated.holdWrites();
        const saving = store.save([
          { experiment: "color-test", group: "red", unitType: "userId", unit: "u-0" },
          { experiment: "color-test", group: "red", unitType: "userId", unit: "u-1" },
        ]);
        // One script per unit key; without pipelining only u-0's is out, and u-1's follows it.
        expect(gated.heldWrites).toBe(pipeline ? 2 : 1);

        expect({ ...(await store.load({ userId: "u-1" })) }).toEqual({ "color-test": "red" });
        const decided = engine.decideWithStore({ units: { userId: "u-1" } });

        gated.releaseWrites();
        await saving;
        const decision = await decided;
        expect(decision.get("color")).toBe("red");
        expect(decision.assignments[0]!.source).toBe("stored");
        expect(decision.toPersist).toEqual([]);
        for (const unit of ["u-0", "u-1"]) expect(await redis.raw.hGetAll(`${KEY}${unit}`)).toEqual({ "color-test": "red" });
        expect(store.status()).toMatchObject({ saves: 1, savedAssignments: 2, waitingAssignments: 0 });
      });

      it("a load during a save shows what Redis holds once the save is acknowledged (first write wins, compare-and-set)", async () => {
        const experiments = ["e0", "e1", "e2"];
        const group = fc.constantFrom("g0", "g1", "g2");
        const assignment = fc.record({ experiment: fc.constantFrom(...experiments), group, replaces: fc.option(group, { nil: undefined }) });
        const stored = fc.dictionary(fc.constantFrom(...experiments), group);
        await fc.assert(
          fc.asyncProperty(stored, fc.array(assignment, { minLength: 1, maxLength: 5 }), async (before, saved) => {
            await redis.raw.del(`${KEY}u`);
            if (Object.keys(before).length > 0) await redis.raw.hSet(`${KEY}u`, before);
            gated.holdWrites();
            const saving = store.save(saved.map(({ experiment, group, replaces }) => ({ experiment, group, unitType: "userId", unit: "u", ...(replaces === undefined ? {} : { replaces }) })));
            expect(gated.heldWrites).toBeGreaterThan(0); // no write of the save has reached Redis yet
            const duringSave = { ...(await store.load({ userId: "u" })) };
            gated.releaseWrites();
            await saving;
            expect(duringSave).toEqual(await redis.raw.hGetAll(`${KEY}u`));
          }),
          { numRuns: 40 },
        );
      });

      it("an acknowledged save leaves nothing behind: later loads read Redis alone", async () => {
        await store.save([{ experiment: "color-test", group: "red", unitType: "userId", unit: "u" }]);
        await redis.raw.del(`${KEY}u`); // e.g. expired by its TTL
        expect({ ...(await store.load({ userId: "u" })) }).toEqual({});
        expect(store.status().waitingAssignments).toBe(0);
      });

      it("a save that fails on its way: its assignments are hidden until the retry writes them, counted once", async () => {
        gated.holdWrites();
        const saving = store.save([
          { experiment: "color-test", group: "red", unitType: "userId", unit: "u-0" },
          { experiment: "color-test", group: "red", unitType: "userId", unit: "u-1" },
        ]);
        gated.down = true; // Redis goes away while the save's commands are on their way
        gated.releaseWrites();
        await expect(saving).rejects.toThrow("kept for a retry");
        expect(store.status()).toMatchObject({ failedSaves: 1, savedAssignments: 0, waitingAssignments: 2 });
        gated.down = false;
        gated.holdWrites(); // the retry the load starts waits, so the load shows what Redis holds: nothing yet
        expect({ ...(await store.load({ userId: "u-1" })) }).toEqual({});
        gated.releaseWrites();
        await store.retry();
        expect(store.status()).toMatchObject({ savedAssignments: 2, retriedAssignments: 2, waitingAssignments: 0 });
        expect({ ...(await store.load({ userId: "u-1" })) }).toEqual({ "color-test": "red" });
        for (const unit of ["u-0", "u-1"]) expect(await redis.raw.hGetAll(`${KEY}${unit}`)).toEqual({ "color-test": "red" });
      });
    });
  }
});
