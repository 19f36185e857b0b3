/**
 * Conversions of a sticky bandit on servers sharing one real Redis: each unit counts one
 * success (its one trial), whichever server takes its repeated conversions.
 * @module
 */
import { createEngine } from "@strata/engine";
import { expect, it } from "vitest";
import { RedisAssignmentStore } from "../src/index.ts";
import { describeWithRedis } from "./support/redis-server.ts";
import { useConnections, useRedisServer } from "./support/shared-redis.ts";
import { expectNoUnhandledRejections } from "./support/unhandled-rejections.ts";

/** One layer with the feedback bandit `headline` (sticky, as every bandit). */
const BANDIT_CONFIG = {
  version: 1,
  units: ["userId"],
  params: { headline: "Welcome" },
  domain: {
    id: "root",
    layers: [
      {
        id: "headlines",
        params: ["headline"],
        slots: [
          {
            ranges: [[0, 1000]],
            experiment: {
              id: "headline",
              status: "running",
              groups: [{ id: "welcome" }, { id: "deals", params: { headline: "Deals" } }],
              segmenter: { type: "feedback", groups: [{ id: "welcome" }, { id: "deals" }] },
            },
          },
        ],
      },
    ],
  },
};

describeWithRedis("conversions of a sticky bandit in Redis", () => {
  expectNoUnhandledRejections();
  const redis = useRedisServer();
  /** Two servers' connections to the same Redis. */
  const connections = useConnections(redis, 2);

  it("count once per unit, whichever server takes the repeats", async () => {
    const [a, b] = connections.map((connection) => createEngine(BANDIT_CONFIG, { stores: { assignments: new RedisAssignmentStore(connection) } }));
    const successes = () => [a!, b!].reduce((n, engine) => n + Object.values(engine.feedback.read("headline")).reduce((m, arm) => m + arm.successes, 0), 0);
    const shown = (await a!.decideWithStore({ units: { userId: "u-1" } })).assignments[0]!.group;
    expect(await b!.convertWithStore({ userId: "u-1" }, "headline", { name: "buy" })).toEqual({ ok: true, group: shown });
    for (const engine of [a!, b!, a!]) {
      expect(await engine.convertWithStore({ userId: "u-1" }, "headline", { name: "buy" })).toMatchObject({ ok: false, reason: expect.stringContaining("counted already") });
    }
    expect(successes()).toBe(1);
    expect(await redis.raw.hGetAll("strata:assign:userId:u-1")).toEqual({ headline: shown, "headline#converted": expect.stringMatching(new RegExp(`^${shown}#`)) });
    // Two conversions of another unit at once, one on each server: one is counted.
    await a!.decideWithStore({ units: { userId: "u-2" } });
    const both = await Promise.all([a!.convertWithStore({ userId: "u-2" }, "headline"), b!.convertWithStore({ userId: "u-2" }, "headline")]);
    expect(both.filter((result) => result.ok)).toHaveLength(1);
    expect(successes()).toBe(2);
    // The record changes no decision.
    expect((await b!.decideWithStore({ units: { userId: "u-1" } })).assignments.map((x) => x.group)).toEqual([shown]);
  });
});
