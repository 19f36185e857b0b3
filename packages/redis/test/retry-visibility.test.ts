/**
 * Assignments whose save failed stay visible to loads until Redis acknowledges their retry, also
 * without pipelining (where a retry's commands go one round trip at a time): a request that
 * arrives mid-retry keeps the unit's first group instead of drawing (and saving) another.
 * Deterministic: the test holds the retry's writes while the request runs.
 * @module
 */
import { createEngine } from "@strata/engine";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { RedisAssignmentStore } from "../src/index.ts";
import { stickyColorConfig } from "./support/config.ts";
import type { GatedClient } from "./support/gated-client.ts";
import { gatedStore } from "./support/gated-store.ts";
import { describeWithRedis } from "./support/redis-server.ts";
import { useRedisServer } from "./support/shared-redis.ts";
import { expectNoUnhandledRejections } from "./support/unhandled-rejections.ts";

const KEY = "strata:assign:userId:";

describeWithRedis("retried assignments stay visible until Redis acknowledges them (pipeline: false)", () => {
  expectNoUnhandledRejections();
  const redis = useRedisServer();
  let gated: GatedClient;
  let store: RedisAssignmentStore;
  let close: () => Promise<void>;

  beforeEach(async () => {
    await redis.raw.flushAll();
    ({ gated, store, close } = gatedStore(redis.raw, false));
  });
  afterEach(() => close());

  /** Saves `red` for the users while Redis is "down", so they wait in the store's buffer. */
  async function failedSaves(users: string[]): Promise<void> {
    gated.down = true;
    for (const unit of users) {
      await expect(store.save([{ experiment: "color-test", group: "red", unitType: "userId", unit }])).rejects.toThrow("kept for a retry");
    }
    gated.down = false;
    expect(store.status().waitingAssignments).toBe(users.length);
  }

  it("a request arriving while the retry runs keeps the waiting group, and Redis ends with it", async () => {
    await failedSaves(["u-0", "u-1", "u-2"]);
    // Weights changed since: a fresh draw would now give blue.
    const engine = createEngine(stickyColorConfig({ red: 0, blue: 100 }), { stores: { assignments: store } });
    gated.holdWrites();
    const retrying = store.retry();
    expect(gated.heldWrites).toBe(1); // the retry's first unit's script is on its way; the others follow one by one

    expect({ ...(await store.load({ userId: "u-2" })) }).toEqual({ "color-test": "red" });
    expect(store.status().waitingAssignments).toBe(3);
    const decided = engine.decideWithStore({ units: { userId: "u-2" } });

    gated.releaseWrites();
    expect(await retrying).toBe(3);
    const decision = await decided;
    expect(decision.get("color")).toBe("red");
    expect(decision.assignments[0]!.source).toBe("stored");
    expect(decision.toPersist).toEqual([]);
    for (const unit of ["u-0", "u-1", "u-2"]) expect(await redis.raw.hGetAll(`${KEY}${unit}`)).toEqual({ "color-test": "red" });
    expect(store.status()).toMatchObject({ waitingAssignments: 0, retriedAssignments: 3 });
  });

  it("a retry that fails leaves its assignments waiting, neither lost nor counted twice", async () => {
    await failedSaves(["u-0", "u-1"]);
    gated.holdWrites();
    const retrying = store.retry();
    gated.down = true; // Redis goes away while the retry's first command is on its way
    gated.releaseWrites();
    expect(await retrying).toBe(0);
    expect(store.status().waitingAssignments).toBe(2);
    gated.down = false;
    expect({ ...(await store.load({ userId: "u-0" })) }).toEqual({ "color-test": "red" });
    await store.retry();
    expect(store.status()).toMatchObject({ waitingAssignments: 0, retriedAssignments: 2 });
    expect(await redis.raw.hGetAll(`${KEY}u-1`)).toEqual({ "color-test": "red" });
  });

  it("a replacement of a waiting group saved while its retry is in flight is written after it", async () => {
    await failedSaves(["u"]);
    gated.holdWrites();
    const retrying = store.retry();
    expect({ ...(await store.load({ userId: "u" })) }).toEqual({ "color-test": "red" });
    // red was retired: the engine replaces it; that save fails (a blip), so it joins the waiting red.
    gated.down = true;
    await expect(store.save([{ experiment: "color-test", group: "green", unitType: "userId", unit: "u", replaces: "red" }])).rejects.toThrow("kept for a retry");
    gated.down = false;
    expect({ ...(await store.load({ userId: "u" })) }).toEqual({ "color-test": "green" });
    gated.releaseWrites();
    // red is acknowledged, but the replacement that superseded it stays and is written next.
    expect(await retrying).toBe(2);
    expect(await redis.raw.hGetAll(`${KEY}u`)).toEqual({ "color-test": "green" });
    expect(store.status().waitingAssignments).toBe(0);
  });
});
