/**
 * `sync()` and `close()` deliver every waiting count: a batch sent again after a failed push goes
 * alone, and the counts that waited behind it follow in a second push instead of being left
 * behind; what cannot be delivered is reported with its exact number. Deterministic: the test
 * takes Redis "down" and holds writes through a gated client, and no timer of the store fires
 * (flushMs and refreshMs are a minute).
 * @module
 */
import { afterEach, expect, it } from "vitest";
import { RedisConnection, RedisFeedbackStats } from "../src/index.ts";
import { gatedClient, type GatedClient } from "./support/gated-client.ts";
import { describeWithRedis } from "./support/redis-server.ts";
import { useRedisServer } from "./support/shared-redis.ts";
import { expectNoUnhandledRejections } from "./support/unhandled-rejections.ts";

const KEY = "strata:feedback:bandit";
const QUIET = { flushMs: 60_000, refreshMs: 60_000 };

describeWithRedis("sync() and close() deliver every waiting count", () => {
  expectNoUnhandledRejections();
  const redis = useRedisServer();
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  /** Statistics over a gated client of the shared server, on an emptied database; `errors` collects the store's onError. */
  async function gatedStats(timeoutMs = 10_000): Promise<{ gated: GatedClient; store: RedisFeedbackStats; errors: string[] }> {
    await redis.raw.flushAll();
    const gated = gatedClient(redis.raw);
    const connection = new RedisConnection({ client: gated, timeoutMs });
    const errors: string[] = [];
    const store = new RedisFeedbackStats(connection, { ...QUIET, onError: (e, context) => errors.push(`${context}: ${String(e)}`) });
    cleanups.push(async () => {
      gated.releaseWrites();
      await store.close();
      await connection.close();
    });
    return { gated, store, errors };
  }

  /** One increment whose push fails (Redis "down"), then `more` increments waiting behind it. */
  async function countsBehindAFailedPush(gated: GatedClient, store: RedisFeedbackStats, more: number): Promise<void> {
    gated.down = true;
    store.increment("bandit", "a", "trials");
    await expect(store.sync()).rejects.toThrow(/push of 1 feedback increment\(s\)/);
    for (let i = 0; i < more; i++) store.increment("bandit", "a", "trials");
    gated.down = false;
    expect(store.status().waitingIncrements).toBe(1 + more);
  }

  it("sync() pushes the batch sent again and the counts that waited behind it", async () => {
    const { gated, store, errors } = await gatedStats();
    await countsBehindAFailedPush(gated, store, 9);
    await store.sync();
    expect(await redis.raw.hGet(KEY, "trials:a")).toBe("10");
    expect(store.status()).toMatchObject({ waitingIncrements: 0, flushes: 2 });
    expect({ ...store.read("bandit") }).toEqual({ a: { trials: 10, successes: 0 } });
    expect(errors).toEqual([]);
  });

  it("close() pushes the batch sent again and the counts that waited behind it", async () => {
    const { gated, store, errors } = await gatedStats();
    await countsBehindAFailedPush(gated, store, 9);
    await store.close();
    expect(await redis.raw.hGet(KEY, "trials:a")).toBe("10");
    expect(store.status().waitingIncrements).toBe(0);
    expect(errors).toEqual([]);
  });

  it("close() reports exactly the counts it could not deliver, and those Redis may have without a reply", async () => {
    const { gated, store, errors } = await gatedStats(100);
    gated.holdWrites();
    store.increment("bandit", "a", "trials");
    await expect(store.sync()).rejects.toThrow(/no reply from Redis within 100 ms/);
    gated.down = true;
    for (let i = 0; i < 4; i++) store.increment("bandit", "a", "successes");
    await store.close();
    expect(errors).toEqual([
      "redis feedback close: RedisStoreError: redis: final push of feedback counts failed: 5 increment(s) not saved (1 of them were sent without a reply, so Redis may have counted them)",
    ]);
  });
});
