/**
 * A save some of whose writes fail for now (one unit key's script fails with `OOM`) keeps only
 * those for a retry: the writes Redis acknowledged are counted as saved at once, the retry writes
 * the failed ones and counts only them. Loads in between show the groups Redis holds, not the
 * failed write (another server could not see it either), until the retry wrote it.
 * The save used to keep every write Redis did not refuse, so its retry found the acknowledged
 * ones stored and `savedAssignments` ended below the number of assignments written.
 * @module
 */
import { describe, expect, it } from "vitest";
import { RedisAssignmentStore, RedisConnection } from "../src/index.ts";
import { failingWritesClient, OOM } from "./support/failing-writes-client.ts";
import { gatedClient } from "./support/gated-client.ts";
import { describeWithRedis } from "./support/redis-server.ts";
import { useRedisServer } from "./support/shared-redis.ts";
import { expectNoUnhandledRejections } from "./support/unhandled-rejections.ts";

const KEY = "strata:assign:userId:";

/** Three assignments to u-1 (a first one, a replacement of its retired group, one it already has another group of) and one to u-2. */
const ASSIGNMENTS = [
  { experiment: "color-test", group: "red", unitType: "userId", unit: "u-1" },
  { experiment: "color-test", group: "blue", unitType: "userId", unit: "u-2" },
  { experiment: "size-test", group: "big", unitType: "userId", unit: "u-1", replaces: "retired" },
  { experiment: "shape-test", group: "square", unitType: "userId", unit: "u-1" },
];

/** What u-1 holds before the save. */
const U1_BEFORE = { "size-test": "retired", "shape-test": "round" };
/** Every unit's groups once all assignments are written. */
const U1_AFTER = { "color-test": "red", "size-test": "big", "shape-test": "round" };
const U2_AFTER = { "color-test": "blue" };

describeWithRedis("a save whose writes to one unit key fail for now", () => {
  expectNoUnhandledRejections();
  const redis = useRedisServer();

  for (const pipeline of [true, false]) {
    describe(`pipeline: ${pipeline}`, () => {
      /** A store whose writes to u-2 fail with `OOM` (through a gate the test can hold), its reported errors, and `close`. */
      async function storeFailingU2() {
        await redis.raw.flushAll();
        await redis.raw.hSet(`${KEY}u-1`, U1_BEFORE);
        const failing = failingWritesClient(redis.raw);
        failing.failingKeys.add(`${KEY}u-2`);
        const gated = gatedClient(failing);
        const connection = new RedisConnection({ client: gated, pipeline, timeoutMs: 10_000 });
        const errors: string[] = [];
        const store = new RedisAssignmentStore(connection, { onError: (e, context) => errors.push(`${context}: ${String(e)}`) });
        const close = async () => {
          gated.releaseWrites();
          gated.releaseReads();
          await store.close();
          await connection.close();
        };
        return { failing, gated, store, errors, close };
      }

      it("counts the acknowledged writes as saved, retries only the failed one, and shows its group once written", async () => {
        const { failing, store, errors, close } = await storeFailingU2();
        try {
          await expect(store.save(ASSIGNMENTS)).rejects.toThrow(
            `redis: save of 4 assignment(s) failed: ${OOM}; 1 assignment(s) kept for a retry when Redis is back (1 waiting); the other 3 assignment(s) were saved`,
          );
          expect(store.status()).toMatchObject({ failedSaves: 1, savedAssignments: 2, retriedAssignments: 0, waitingAssignments: 1, droppedAssignments: 0 });
          expect(await redis.raw.hGetAll(`${KEY}u-1`)).toEqual(U1_AFTER);
          expect(await redis.raw.exists(`${KEY}u-2`)).toBe(0);

          expect({ ...(await store.load({ userId: "u-1" })) }).toEqual(U1_AFTER);
          expect({ ...(await store.load({ userId: "u-2" })) }).toEqual({});
          expect(await store.retry()).toBe(0); // the retries the loads start fail too: u-2 still cannot be written
          expect(errors.length).toBeGreaterThan(0);
          for (const error of errors) expect(error).toContain(`${OOM}; 1 assignment(s) kept for the next retry (1 waiting)`);

          failing.failingKeys.clear();
          expect(await store.retry()).toBe(1);
          expect(await redis.raw.hGetAll(`${KEY}u-1`)).toEqual(U1_AFTER);
          expect(await redis.raw.hGetAll(`${KEY}u-2`)).toEqual(U2_AFTER);
          expect(store.status()).toMatchObject({ failedSaves: 1, savedAssignments: 3, retriedAssignments: 1, waitingAssignments: 0, droppedAssignments: 0 });
          expect({ ...(await store.load({ userId: "u-2" })) }).toEqual(U2_AFTER);
        } finally {
          await close();
        }
      });

      it("a load issued while the save is on its way shows its writes, unless its reply is read after they failed", async () => {
        const { gated, store, close } = await storeFailingU2();
        try {
          gated.holdWrites();
          const saving = store.save(ASSIGNMENTS);
          // Answered while the writes are on their way: they may land, so the load shows them.
          expect({ ...(await store.load({ userId: "u-2" })) }).toEqual(U2_AFTER);
          gated.holdReads();
          const loading = store.load({ userId: "u-2" });
          gated.releaseWrites();
          await expect(saving).rejects.toThrow("1 assignment(s) kept for a retry");
          gated.releaseReads();
          // Sent while u-2's write was on its way, read after it failed: Redis does not hold it, so neither does the load.
          expect({ ...(await loading) }).toEqual({});
          expect({ ...(await store.load({ userId: "u-1" })) }).toEqual(U1_AFTER);
          expect({ ...(await store.load({ userId: "u-2" })) }).toEqual({});
        } finally {
          await close();
        }
      });
    });
  }
});
