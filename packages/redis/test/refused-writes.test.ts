/**
 * Assignment writes Redis refuses (their unit key holds another type than a hash) never hold back
 * the others: each unit key's writes of a save or a retry are settled on their own, a refused
 * key's writes are dropped (the key left untouched), counted and named with the key and the fix,
 * and the rest are written.
 * @module
 */
import { describe, expect, it } from "vitest";
import { RedisAssignmentStore, RedisConnection } from "../src/index.ts";
import { gatedClient } from "./support/gated-client.ts";
import { describeWithRedis } from "./support/redis-server.ts";
import { useRedisServer } from "./support/shared-redis.ts";
import { expectNoUnhandledRejections } from "./support/unhandled-rejections.ts";

const KEY = "strata:assign:userId:";
const JUNK = `${KEY}junk`;
const WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

describeWithRedis("assignment writes Redis refuses", () => {
  expectNoUnhandledRejections();
  const redis = useRedisServer();

  for (const pipeline of [true, false]) {
    describe(`pipeline: ${pipeline}`, () => {
      /** A store over a client the test can take "down", reporting to `errors`; a long deadline, so a retry of 600 one by one fits. */
      function storeWithErrors(ttl?: number) {
        const gated = gatedClient(redis.raw);
        const connection = new RedisConnection({ client: gated, pipeline, timeoutMs: 10_000 });
        const errors: string[] = [];
        const store = new RedisAssignmentStore(connection, { ttl, onError: (e, context) => errors.push(`${context}: ${String(e)}`) });
        return { gated, store, errors, close: async () => (await store.close(), await connection.close()) };
      }

      it("a retry drops the writes to a unit key that is not a hash, reports them once, and writes all the others", async () => {
        await redis.raw.flushAll();
        const { gated, store, errors, close } = storeWithErrors();
        try {
          const units = Array.from({ length: 600 }, (_, i) => `u-${i}`);
          gated.down = true; // the saves fail, and their assignments wait for a retry: the junk unit's first
          await expect(
            store.save([
              { experiment: "color-test", group: "red", unitType: "userId", unit: "junk" },
              { experiment: "shape-test", group: "round", unitType: "userId", unit: "junk", replaces: "square" },
            ]),
          ).rejects.toThrow("kept for a retry");
          await expect(store.save(units.map((unit) => ({ experiment: "color-test", group: "blue", unitType: "userId", unit })))).rejects.toThrow("kept for a retry");
          gated.down = false;
          await redis.raw.set(JUNK, "not a hash"); // meanwhile the junk unit's key became a string

          // The junk unit's writes lead the first chunk of 500; they used to fail it whole, and every retry after it.
          expect(await store.retry()).toBe(600);
          expect(store.status()).toMatchObject({ waitingAssignments: 0, droppedAssignments: 2, retriedAssignments: 600 });
          for (const unit of units) expect(await redis.raw.hGet(`${KEY}${unit}`, "color-test")).toBe("blue");
          expect(await redis.raw.get(JUNK)).toBe("not a hash");
          expect(errors).toHaveLength(1);
          expect(errors[0]).toMatch(
            new RegExp(
              `^redis assignment retry: RedisStoreError: redis: retry of 500 saved assignment\\(s\\) failed: Redis refused 2 assignment write\\(s\\), dropped and not retried: key "${JUNK}" \\("color-test", "shape-test"\\): ${WRONGTYPE}.*\\. A unit key must be a hash of group by experiment id: delete or rename the key\\(s\\), and the units get stored groups again$`,
            ),
          );
          expect(await store.retry()).toBe(0);
          expect(errors).toHaveLength(1);
        } finally {
          await close();
        }
      });

      it("a save writes the others, drops the refused write instead of keeping it for a retry, and names the key", async () => {
        await redis.raw.flushAll();
        await redis.raw.set(JUNK, "not a hash");
        const { store, errors, close } = storeWithErrors();
        try {
          const saving = store.save([
            { experiment: "color-test", group: "red", unitType: "userId", unit: "junk" },
            { experiment: "color-test", group: "red", unitType: "userId", unit: "fine" },
          ]);
          await expect(saving).rejects.toThrow(
            `redis: save of 2 assignment(s) failed: Redis refused 1 assignment write(s), dropped and not retried: key "${JUNK}" ("color-test"): ${WRONGTYPE}. A unit key must be a hash of group by experiment id: delete or rename the key(s), and the units get stored groups again; the other 1 assignment(s) were saved`,
          );
          expect(store.status()).toMatchObject({ failedSaves: 1, savedAssignments: 1, waitingAssignments: 0, droppedAssignments: 1 });
          expect(await redis.raw.hGetAll(`${KEY}fine`)).toEqual({ "color-test": "red" });
          expect(await store.retry()).toBe(0);
          expect(errors).toEqual([]);
        } finally {
          await close();
        }
      });

      it("refuses all of a save's writes to a unit key that is not a hash, leaves that key untouched (no TTL), and writes the other unit's", async () => {
        await redis.raw.flushAll();
        await redis.raw.set(JUNK, "not a hash");
        const { store, close } = storeWithErrors(3600);
        try {
          const saving = store.save([
            { experiment: "color-test", group: "red", unitType: "userId", unit: "junk" },
            { experiment: "size-test", group: "big", unitType: "userId", unit: "fine" },
            { experiment: "shape-test", group: "round", unitType: "userId", unit: "junk", replaces: "square" },
            { experiment: "color-test", group: "red", unitType: "userId", unit: "fine" },
          ]);
          await expect(saving).rejects.toThrow(
            `Redis refused 2 assignment write(s), dropped and not retried: key "${JUNK}" ("color-test", "shape-test"): ${WRONGTYPE}. A unit key must be a hash of group by experiment id: delete or rename the key(s), and the units get stored groups again; the other 2 assignment(s) were saved`,
          );
          expect(store.status()).toMatchObject({ failedSaves: 1, savedAssignments: 2, waitingAssignments: 0, droppedAssignments: 2 });
          expect(await redis.raw.hGetAll(`${KEY}fine`)).toEqual({ "size-test": "big", "color-test": "red" });
          expect(await redis.raw.ttl(`${KEY}fine`)).toBeGreaterThan(3590);
          expect(await redis.raw.get(JUNK)).toBe("not a hash");
          expect(await redis.raw.ttl(JUNK)).toBe(-1);
        } finally {
          await close();
        }
      });
    });
  }
});
