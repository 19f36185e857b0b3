/**
 * Two servers on one real Redis that answers reads but refuses writes for a while (here
 * `min-replicas-to-write` without replicas: every write gets `NOREPLICAS`, as during a failover's
 * write pause, a read-only replica or a full Redis with `noeviction`). Visitors go back and forth
 * between the servers during the pause and after it. No visitor is ever shown two headlines, each
 * new visitor's bandit trial is counted once, by the server whose draw Redis kept, and a
 * conversion tried during the pause, on one server and again on the other, is counted once when
 * writes are back.
 * @module
 */
import { createEngine, type Decision } from "@strata/engine";
import { expect, it } from "vitest";
import { createRedisStores } from "../src/index.ts";
import { countingFeedback } from "./support/counting-feedback.ts";
import { testConfig, userIds } from "./support/config.ts";
import { describeWithRedis } from "./support/redis-server.ts";
import { useRedisServer } from "./support/shared-redis.ts";
import { waitFor } from "./support/wait-for.ts";
import { expectNoUnhandledRejections } from "./support/unhandled-rejections.ts";

const KEY = "strata:assign:userId:";

describeWithRedis("while Redis refuses writes", () => {
  expectNoUnhandledRejections();
  const redis = useRedisServer();

  /** One server: its stores, the bandit increments it made, and its engine. */
  function server() {
    const errors: string[] = [];
    const stores = createRedisStores({ url: redis.server.url, onError: (e, context) => errors.push(`${context}: ${String(e)}`) });
    const feedback = countingFeedback(stores.feedback);
    const engine = createEngine(testConfig(), { stores: { assignments: stores.assignments, feedback }, onError: (e, context) => errors.push(`${context}: ${String(e)}`) });
    return { stores, feedback, engine, errors };
  }

  it("two servers show each visitor one headline at most, and count one trial per visitor and one conversion tried on both", { timeout: 60_000 }, async () => {
    await redis.raw.flushAll();
    const servers = [server(), server()] as const;
    const [a, b] = servers;
    try {
      for (const { stores } of servers) expect(await stores.ready(5000)).toBe(true);
      const regulars = userIds(20, "regular-");
      const newcomers = userIds(40, "new-");
      const shown = new Map<string, Set<string>>(newcomers.map((user) => [user, new Set()]));
      /** Every newcomer visits both servers in turn, `rounds` times; records the headlines shown (the default counts). */
      async function visits(rounds: number) {
        for (let round = 0; round < rounds; round++) {
          for (const [i, userId] of newcomers.entries()) {
            const decision: Decision = await servers[(round + i) % 2]!.engine.decideWithStore({ units: { userId } });
            shown.get(userId)?.add(decision.get("headline") as string);
          }
        }
      }
      for (const userId of regulars) await a.engine.decideWithStore({ units: { userId } });

      await redis.raw.configSet("min-replicas-to-write", "1");
      try {
        await visits(4);
        // Every draw's save failed: the bandit left the newcomers out, on both servers.
        for (const user of newcomers) expect([...(shown.get(user) as Set<string>)]).toEqual(["h0"]);
        for (const userId of regulars) {
          for (let attempt = 0; attempt < 2; attempt++) {
            // Tried on one server, then on the other: the record is written once Redis is back, and counted then.
            const result = await servers[attempt]!.engine.convertWithStore({ userId }, "headline-bandit");
            expect(result).toEqual({ ok: false, reason: expect.stringContaining("so it needs no retry") });
          }
        }
      } finally {
        await redis.raw.configSet("min-replicas-to-write", "0");
      }
      await Promise.all(servers.map(({ stores }) => stores.assignments.retry()));
      await visits(4);

      for (const user of newcomers) {
        const stored = await redis.raw.hGet(`${KEY}${user}`, "headline-bandit");
        expect(stored === "h1" || stored === "h2").toBe(true);
        // The default during the pause, then the stored headline only: never two headlines.
        expect(new Set([...(shown.get(user) as Set<string>)].filter((h) => h !== "h0"))).toEqual(new Set([stored]));
      }
      const trials = a.feedback.total("headline-bandit", "trials") + b.feedback.total("headline-bandit", "trials");
      expect(trials).toBe(regulars.length + newcomers.length);

      // The conversions tried (twice) during the pause were counted once, as the retry wrote their records; repeats on either server are refused.
      expect(a.feedback.total("headline-bandit", "successes") + b.feedback.total("headline-bandit", "successes")).toBe(regulars.length);
      for (const userId of regulars) {
        for (const { engine } of servers) expect(await engine.convertWithStore({ userId }, "headline-bandit")).toEqual({ ok: false, reason: expect.stringContaining("was counted already") });
      }
      expect(a.feedback.total("headline-bandit", "successes") + b.feedback.total("headline-bandit", "successes")).toBe(regulars.length);
    } finally {
      await Promise.all(servers.map(({ stores }) => stores.close()));
    }
  });

  it("an idle server writes what waits once Redis takes writes again, with no load or save of its own, and counts the trial then", { timeout: 30_000 }, async () => {
    await redis.raw.flushAll();
    const a = server();
    try {
      expect(await a.stores.ready(5000)).toBe(true);
      await redis.raw.configSet("min-replicas-to-write", "1");
      try {
        const decision = await a.engine.decideWithStore({ units: { userId: "idle-1" } });
        expect(decision.get("headline")).toBe("h0");
        expect(a.stores.assignments.status().waitingAssignments).toBe(2);
      } finally {
        await redis.raw.configSet("min-replicas-to-write", "0");
      }
      // Nothing touches this server's stores any more: its timed retry writes the waiting draw.
      await waitFor("the timed retry", async () => (await redis.raw.hGet(`${KEY}idle-1`, "headline-bandit")) !== null, 10_000, 50);
      expect(a.stores.assignments.status()).toMatchObject({ waitingAssignments: 0, retriedAssignments: 2 });
      expect(a.feedback.total("headline-bandit", "trials")).toBe(1);
    } finally {
      await a.stores.close();
    }
  });

  it("stops the timed retry on close: nothing is written after it", { timeout: 30_000 }, async () => {
    await redis.raw.flushAll();
    const a = server();
    expect(await a.stores.ready(5000)).toBe(true);
    await redis.raw.configSet("min-replicas-to-write", "1");
    try {
      await a.engine.decideWithStore({ units: { userId: "closed-1" } });
      expect(a.stores.assignments.status().waitingAssignments).toBe(2);
      await a.stores.assignments.close();
    } finally {
      await redis.raw.configSet("min-replicas-to-write", "0");
    }
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await redis.raw.exists(`${KEY}closed-1`)).toBe(0);
    await a.stores.close();
  });
});
