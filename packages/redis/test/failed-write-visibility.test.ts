/**
 * Assignments whose save failed wait for a retry, and loads do not show them until Redis holds
 * them, also while the retry is on its way (without pipelining its commands go one round trip at a
 * time): another server cannot see them either, so showing them here could show a unit two groups
 * on two servers. A request arriving mid-retry decides on what Redis holds, and whichever write
 * lands first is the group it shows. Deterministic: the test holds the retry's writes while the
 * request runs.
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

describeWithRedis("failed writes are shown once a retry wrote them (pipeline: false)", () => {
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

  it("a request arriving while the retry runs decides on what Redis holds, and shows the group Redis ends with", async () => {
    await failedSaves(["u-0", "u-1", "u-2"]);
    // Weights changed since: a fresh draw now gives blue.
    const engine = createEngine(stickyColorConfig({ red: 0, blue: 100 }), { stores: { assignments: store } });
    gated.holdWrites();
    const retrying = store.retry();
    expect(gated.heldWrites).toBe(1); // the retry's first unit's script is on its way; the others follow one by one

    // Redis holds nothing for u-2 yet: the waiting red is not shown (another server would not see it).
    expect({ ...(await store.load({ userId: "u-2" })) }).toEqual({});
    expect(store.status().waitingAssignments).toBe(3);
    const decided = engine.decideWithStore({ units: { userId: "u-2" } });
    await new Promise((resolve) => setTimeout(resolve, 20)); // the decision's blue write joins the held ones

    gated.releaseWrites();
    await retrying;
    const decision = await decided;
    // The decision's blue went out with the retry's first write, before the retry reached u-2: blue
    // stands, the retry's red for u-2 is not written, and the unit is shown the group Redis holds.
    expect(decision.get("color")).toBe("blue");
    expect(decision.errors).toEqual([]);
    expect(await redis.raw.hGetAll(`${KEY}u-2`)).toEqual({ "color-test": "blue" });
    expect({ ...(await store.load({ userId: "u-2" })) }).toEqual({ "color-test": "blue" });
    for (const unit of ["u-0", "u-1"]) expect(await redis.raw.hGetAll(`${KEY}${unit}`)).toEqual({ "color-test": "red" });
    expect(store.status()).toMatchObject({ waitingAssignments: 0, retriedAssignments: 2 });
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
    expect({ ...(await store.load({ userId: "u-0" })) }).toEqual({});
    await store.retry();
    expect(store.status()).toMatchObject({ waitingAssignments: 0, retriedAssignments: 2 });
    expect({ ...(await store.load({ userId: "u-0" })) }).toEqual({ "color-test": "red" });
    expect(await redis.raw.hGetAll(`${KEY}u-1`)).toEqual({ "color-test": "red" });
  });

  it("a replacement of a waiting group saved while its retry is in flight is written after it", async () => {
    await failedSaves(["u"]);
    gated.holdWrites();
    const retrying = store.retry();
    expect({ ...(await store.load({ userId: "u" })) }).toEqual({});
    // red was retired: the engine replaces it; that save fails (a blip), so it joins the waiting red.
    gated.down = true;
    await expect(store.save([{ experiment: "color-test", group: "green", unitType: "userId", unit: "u", replaces: "red" }])).rejects.toThrow("kept for a retry");
    gated.down = false;
    expect({ ...(await store.load({ userId: "u" })) }).toEqual({});
    gated.releaseWrites();
    // red is acknowledged, but the replacement that superseded it stays and is written next.
    expect(await retrying).toBe(2);
    expect(await redis.raw.hGetAll(`${KEY}u`)).toEqual({ "color-test": "green" });
    expect(store.status().waitingAssignments).toBe(0);
  });
});
