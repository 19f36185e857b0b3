/**
 * A feedback key Redis cannot add to (not a hash, or a counter that is not a whole number) never
 * costs other experiments their counts or their refreshes: the counter script checks every key
 * before writing, applies the healthy experiments, writes nothing to the bad one and names it;
 * its counts wait and land once the key is fixed, and each bad key is reported once.
 * @module
 */
import fc from "fast-check";
import { expect, it } from "vitest";
import { CounterDeltas } from "../src/counter-deltas.ts";
import { incrementCommand, parseIncrementReply } from "../src/increment-script.ts";
import { RedisConnection, RedisFeedbackStats } from "../src/index.ts";
import { describeWithRedis } from "./support/redis-server.ts";
import { useConnections, useRedisServer } from "./support/shared-redis.ts";
import { expectNoUnhandledRejections } from "./support/unhandled-rejections.ts";

const OLD = "strata:feedback:old";
const FRESH = "strata:feedback:fresh";
const QUIET = { flushMs: 60_000, refreshMs: 60_000 };

/** A batch of increments as `[experimentId, group, by]` trials. */
function trials(...counts: Array<[string, string, number]>): CounterDeltas {
  const deltas = new CounterDeltas();
  for (const [experimentId, group, by] of counts) deltas.add(experimentId, group, "trials", by);
  return deltas;
}

describeWithRedis("feedback keys Redis cannot add to", () => {
  expectNoUnhandledRejections();
  const redis = useRedisServer();
  const connections = useConnections(redis, 1);
  /** This test's connection. */
  const connection = (): RedisConnection => connections[0]!;
  const sendBatch = async (seq: number, deltas: CounterDeltas) => parseIncrementReply(await redis.raw.sendCommand([...incrementCommand("strata:", "writer-1", { seq, deltas }, undefined)]));

  it("the script applies the healthy experiments, writes nothing to one with a counter that is not a whole number, and names it", async () => {
    await redis.raw.hSet(OLD, { "trials:b": "4", "trials:a": "1.5" });
    // old/b comes first: it would be incremented before the bad counter stops the script.
    const batch = trials(["old", "b", 2], ["old", "a", 1], ["fresh", "x", 3]);
    const skipped = [{ key: OLD, problem: 'its field "trials:a" holds "1.5", not a whole number of at most 18 digits; set that field to a whole number or delete it' }];
    expect(await sendBatch(1, batch)).toEqual({ applied: true, skipped });
    expect(await redis.raw.hGetAll(OLD)).toEqual({ "trials:b": "4", "trials:a": "1.5" });
    expect(await redis.raw.hGetAll(FRESH)).toEqual({ "trials:x": "3" });
    // Sent again after a lost reply: nothing counted twice, and the same key named.
    expect(await sendBatch(1, batch)).toEqual({ applied: false, skipped });
    expect(await redis.raw.hGetAll(FRESH)).toEqual({ "trials:x": "3" });
    expect(await sendBatch(2, trials(["fresh", "x", 1]))).toEqual({ applied: true, skipped: [] });
    expect(await redis.raw.hGetAll(FRESH)).toEqual({ "trials:x": "4" });
  });

  it("the script leaves a key of another type alone and names its type", async () => {
    await redis.raw.set(OLD, "not a hash");
    await redis.raw.rPush("strata:feedback:listed", "x");
    const reply = await sendBatch(1, trials(["old", "a", 1], ["listed", "a", 1], ["fresh", "x", 3]));
    expect(reply).toEqual({
      applied: true,
      skipped: [
        { key: OLD, problem: "it holds a string, not a hash of counters; delete or rename that key" },
        { key: "strata:feedback:listed", problem: "it holds a list, not a hash of counters; delete or rename that key" },
      ],
    });
    expect(await redis.raw.get(OLD)).toBe("not a hash");
    expect(await redis.raw.hGetAll(FRESH)).toEqual({ "trials:x": "3" });
  });

  it("whatever a counter holds, the script never fails, and refuses exactly the keys with a counter it cannot add to, leaving them untouched", async () => {
    const counterValue = fc.oneof(
      fc.bigInt({ min: -(10n ** 18n), max: 10n ** 19n }).map(String),
      fc.double({ noNaN: true }).map(String),
      fc.string({ maxLength: 24 }),
      fc.constantFrom("0", "-0", "+1", " 1", "1 ", "007", "1e3", "9223372036854775807", "-9223372036854775808", ""),
    );
    let seq = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom("e1", "e2", "e3"), fc.constantFrom("a", "b"), counterValue), { maxLength: 6 }), async (stored) => {
        await redis.raw.flushAll();
        for (const [experimentId, group, value] of stored) await redis.raw.hSet(`strata:feedback:${experimentId}`, `trials:${group}`, value);
        const before = await Promise.all(["e1", "e2", "e3"].map((id) => redis.raw.hGetAll(`strata:feedback:${id}`)));
        const batch = trials(["e1", "a", 1], ["e1", "b", 2], ["e2", "a", 3], ["e3", "b", 4]);
        const { applied, skipped } = await sendBatch(++seq, batch);
        expect(applied).toBe(true);
        const skippedKeys = new Set(skipped.map((s) => s.key));
        for (const [i, id] of ["e1", "e2", "e3"].entries()) {
          // Refused exactly when a counter the batch adds to holds something other than a whole number of at most 18 digits.
          const refused = [...batch.of(id)!.keys()].some((group) => {
            const value = before[i]![`trials:${group}`];
            return value !== undefined && !/^(0|-?[1-9]\d{0,17})$/.test(value);
          });
          expect(skippedKeys.has(`strata:feedback:${id}`)).toBe(refused);
          const after = await redis.raw.hGetAll(`strata:feedback:${id}`);
          if (refused) {
            expect(after).toEqual(before[i]);
            continue;
          }
          const expected = { ...before[i] };
          for (const [group, arm] of batch.of(id)!) expected[`trials:${group}`] = String(BigInt(expected[`trials:${group}`] ?? "0") + BigInt(arm.trials));
          expect(after).toEqual(expected);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("a store keeps a refused experiment's counts waiting, reports the key once, and delivers them once it is fixed", async () => {
    await redis.raw.hSet(OLD, "trials:a", "1.5");
    const errors: string[] = [];
    const store = new RedisFeedbackStats(connection(), { ...QUIET, onError: (e, context) => errors.push(`${context}: ${String(e)}`) });
    try {
      for (let round = 0; round < 3; round++) {
        store.increment("old", "a", "trials");
        store.increment("fresh", "x", "trials");
        await store.sync();
      }
      expect(await redis.raw.hGetAll(FRESH)).toEqual({ "trials:x": "3" });
      expect(await redis.raw.hGetAll(OLD)).toEqual({ "trials:a": "1.5" });
      expect(store.status()).toMatchObject({ waitingIncrements: 3, failedFlushes: 0 });
      expect(errors).toEqual([
        `redis feedback push: RedisStoreError: redis: push of feedback counts for experiment "old" failed: Redis cannot add to key "${OLD}": its field "trials:a" holds "1.5", not a whole number of at most 18 digits; set that field to a whole number or delete it. Nothing was written to it; its 1 increment(s) wait in this process and are sent again with every push, and the other experiments' counts are saved`,
      ]);
      await redis.raw.hSet(OLD, "trials:a", "10");
      await store.sync();
      expect(await redis.raw.hGetAll(OLD)).toEqual({ "trials:a": "13" });
      expect(store.status().waitingIncrements).toBe(0);
      expect({ ...store.read("old") }).toEqual({ a: { trials: 13, successes: 0 } });
    } finally {
      await store.close();
    }
  });

  it("a key of another type does not stop the other experiments' refreshes, and is reported once", async () => {
    await redis.raw.set("strata:feedback:legacy", "not a hash");
    const errors: string[] = [];
    const writer = new RedisFeedbackStats(connection(), QUIET);
    const reader = new RedisFeedbackStats(connection(), { ...QUIET, onError: (e, context) => errors.push(`${context}: ${String(e)}`) });
    try {
      expect({ ...reader.read("legacy") }).toEqual({});
      expect({ ...reader.read("fresh") }).toEqual({});
      for (let round = 1; round <= 3; round++) {
        writer.increment("fresh", "x", "trials");
        await writer.sync();
        await reader.sync();
        expect({ ...reader.read("fresh") }).toEqual({ x: { trials: round, successes: 0 } });
      }
      expect(reader.status()).toMatchObject({ refreshes: 3, failedRefreshes: 0 });
      expect(errors).toEqual([
        'redis feedback refresh: RedisStoreError: redis: refresh of experiment "legacy" failed: key "strata:feedback:legacy" holds a string, not a hash of counters; delete or rename that key (the other experiments are refreshed, this one keeps its last counts until the key is fixed)',
      ]);
      await redis.raw.del("strata:feedback:legacy");
      await redis.raw.hSet("strata:feedback:legacy", "successes:a", "2");
      await reader.sync();
      expect({ ...reader.read("legacy") }).toEqual({ a: { trials: 0, successes: 2 } });
      expect(errors).toHaveLength(1);
    } finally {
      await writer.close();
      await reader.close();
    }
  });
});
