/**
 * A failed save's assignments written all the same are handed to the engine's `onLateWrite`, once
 * each, so the engine counts a bandit draw's trial exactly when its group was written by this
 * process: those acknowledged before another write of the save failed, at once; those a retry
 * writes, then; one whose reply was lost (maybe applied) when a retry finds its own group stored.
 * A write Redis answered with an error applied nothing, so a retry finding the same group stored
 * found another server's write, and reports nothing.
 * @module
 */
import type { NewAssignment } from "@strata/engine";
import { describe, expect, it } from "vitest";
import { RedisAssignmentStore, RedisConnection, RedisStoreError } from "../src/index.ts";
import { failingWritesClient, OOM } from "./support/failing-writes-client.ts";
import { gatedClient } from "./support/gated-client.ts";
import { lostRepliesClient } from "./support/lost-replies-client.ts";
import { waitFor } from "./support/wait-for.ts";
import { describeWithRedis } from "./support/redis-server.ts";
import { useRedisServer } from "./support/shared-redis.ts";
import { expectNoUnhandledRejections } from "./support/unhandled-rejections.ts";

const KEY = "strata:assign:userId:";

/** An assignment of `color-test` for `unit`. */
const colorOf = (unit: string, group: string): NewAssignment => ({ experiment: "color-test", group, unitType: "userId", unit });

describeWithRedis("a failed save's late writes", () => {
  expectNoUnhandledRejections();
  const redis = useRedisServer();

  for (const pipeline of [true, false]) {
    describe(`pipeline: ${pipeline}`, () => {
      it("reports the writes acknowledged before another failed at once, and the retried ones when written; not those kept out", async () => {
        await redis.raw.flushAll();
        await redis.raw.hSet(`${KEY}u-3`, "color-test", "red"); // another server's group
        const failing = failingWritesClient(redis.raw);
        failing.failingKeys.add(`${KEY}u-2`).add(`${KEY}u-3`);
        const connection = new RedisConnection({ client: failing, pipeline, timeoutMs: 10_000 });
        const store = new RedisAssignmentStore(connection);
        const late: string[][] = [];
        try {
          const saving = store.save([colorOf("u-1", "blue"), colorOf("u-2", "blue"), colorOf("u-3", "red")], { onLateWrite: (written) => late.push(written.map((a) => a.unit)) });
          const error = await saving.then(() => undefined, (e: unknown) => e);
          expect(error).toBeInstanceOf(RedisStoreError);
          expect((error as RedisStoreError).reportsLateWrites).toBe(true);
          expect(late).toEqual([["u-1"]]);
          failing.failingKeys.clear();
          expect(await store.retry()).toBe(1);
          // u-2 written by the retry; u-3 found red stored: Redis had answered OOM, so that red is another server's.
          expect(late).toEqual([["u-1"], ["u-2"]]);
          await store.retry();
          expect(late).toHaveLength(2);
        } finally {
          await store.close();
          await connection.close();
        }
      });

      it("reports a write whose reply was lost when the retry finds its own group stored", async () => {
        await redis.raw.flushAll();
        const lossy = lostRepliesClient(redis.raw);
        const connection = new RedisConnection({ client: lossy, pipeline, timeoutMs: 10_000 });
        const store = new RedisAssignmentStore(connection);
        const late: NewAssignment[] = [];
        try {
          lossy.losing = true;
          const assignment = colorOf("u", "blue");
          await expect(store.save([assignment], { onLateWrite: (written) => late.push(...written) })).rejects.toThrow("Socket closed unexpectedly");
          expect(await redis.raw.hGet(`${KEY}u`, "color-test")).toBe("blue"); // applied all the same
          expect(late).toEqual([]);
          lossy.losing = false;
          await store.retry();
          expect(late).toEqual([assignment]);
          // Found stored, not written again: counted apart from the retried ones.
          expect(store.status()).toMatchObject({ waitingAssignments: 0, retriedAssignments: 0, alreadyStoredAssignments: 1 });
        } finally {
          await store.close();
          await connection.close();
        }
      });
    });
  }

  it("reports a write whose retry got no reply in time but landed, when the next retry finds its own group", async () => {
    await redis.raw.flushAll();
    const failing = failingWritesClient(redis.raw);
    const gated = gatedClient(failing);
    const connection = new RedisConnection({ client: gated, timeoutMs: 150 });
    const store = new RedisAssignmentStore(connection, { onError: () => {} });
    const late: NewAssignment[] = [];
    try {
      failing.failingKeys.add(`${KEY}u`);
      const assignment = colorOf("u", "blue");
      await expect(store.save([assignment], { onLateWrite: (written) => late.push(...written) })).rejects.toThrow(OOM); // Redis answered: nothing applied
      failing.failingKeys.clear();
      gated.holdWrites();
      expect(await store.retry()).toBe(0); // no reply within 150 ms
      gated.releaseWrites(); // the held write reaches Redis after all
      await waitFor("the late write", async () => (await redis.raw.hGet(`${KEY}u`, "color-test")) === "blue");
      await store.retry();
      expect(late).toEqual([assignment]);
    } finally {
      gated.releaseWrites();
      await store.close();
      await connection.close();
    }
  });

  it("a save without onLateWrite is not said to report late writes (the engine then watches for them itself)", async () => {
    await redis.raw.flushAll();
    const failing = failingWritesClient(redis.raw);
    failing.failingKeys.add(`${KEY}u`);
    const connection = new RedisConnection({ client: failing, timeoutMs: 10_000 });
    const store = new RedisAssignmentStore(connection);
    try {
      const error = await store.save([colorOf("u", "blue")]).then(() => undefined, (e: unknown) => e);
      expect((error as RedisStoreError).reportsLateWrites).toBe(false);
    } finally {
      await store.close();
      await connection.close();
    }
  });

  it("a listener that throws is reported, and the retry goes on", async () => {
    await redis.raw.flushAll();
    const failing = failingWritesClient(redis.raw);
    failing.failingKeys.add(`${KEY}u-1`);
    const connection = new RedisConnection({ client: failing, timeoutMs: 10_000 });
    const errors: string[] = [];
    const store = new RedisAssignmentStore(connection, { onError: (e, context) => errors.push(`${context}: ${String(e)}`) });
    try {
      await expect(store.save([colorOf("u-1", "blue")], { onLateWrite: () => { throw new Error("listener broke"); } })).rejects.toThrow(OOM);
      failing.failingKeys.clear();
      expect(await store.retry()).toBe(1);
      expect(errors).toEqual(["redis assignment late write: Error: listener broke"]);
      expect(await redis.raw.hGet(`${KEY}u-1`, "color-test")).toBe("blue");
    } finally {
      await store.close();
      await connection.close();
    }
  });
});
