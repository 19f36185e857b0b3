/**
 * Failure behaviour: Redis unreachable at start, Redis hanging (SIGSTOP), closing while Redis is down.
 * @module
 */
import { createEngine } from "@strata/engine";
import { afterEach, expect, it } from "vitest";
import { createRedisStores, type RedisStores } from "../src/index.ts";
import { connectClient } from "./support/clients.ts";
import { countingFeedback } from "./support/counting-feedback.ts";
import { testConfig, userIds } from "./support/config.ts";
import { describeWithRedis, freePort, RedisServer } from "./support/redis-server.ts";
import { expectNoUnhandledRejections } from "./support/unhandled-rejections.ts";
import { waitFor } from "./support/wait-for.ts";

describeWithRedis("failure behaviour", () => {
  expectNoUnhandledRejections();
  let server: RedisServer | undefined;
  let stores: RedisStores | undefined;
  afterEach(async () => {
    await stores?.close();
    await server?.close();
    stores = undefined;
    server = undefined;
  });

  it("Redis unreachable at start: decisions go on by hashing alone (the bandit leaves units out), and the engine recovers on its own when Redis starts", { timeout: 30_000 }, async () => {
    const port = await freePort();
    const storeErrors: string[] = [];
    const engineErrors: string[] = [];
    stores = createRedisStores({ url: `redis://127.0.0.1:${port}`, onError: (e, context) => storeErrors.push(`${context}: ${String(e)}`) });
    const feedback = countingFeedback(stores.feedback);
    const engine = createEngine(testConfig(), { stores: { assignments: stores.assignments, feedback }, onError: (e, context) => engineErrors.push(`${context}: ${String(e)}`) });
    expect(await stores.ready(300)).toBe(false);

    const users = userIds(50);
    for (const userId of users) {
      const decision = await engine.decideWithStore({ units: { userId } });
      expect(decision.assignments.map((a) => [a.experiment, a.source])).toEqual([["color-test", "segmenter"]]);
    }
    expect(feedback.total("headline-bandit", "trials")).toBe(0);
    expect(engineErrors.filter((e) => e.startsWith("assignment store load"))).toHaveLength(50);
    expect(engineErrors.filter((e) => e.startsWith("assignment store save"))).toHaveLength(50);
    expect(storeErrors).toEqual([expect.stringMatching(new RegExp(`^redis connection: RedisStoreError: redis: connection to redis://127\\.0\\.0\\.1:${port} failed: .*ECONNREFUSED`))]);
    const loadError = await stores.assignments.load({ userId: "u" }).then(() => undefined, (e: Error) => e.message);
    expect(engine.explain({ units: { userId: "u" }, storeError: loadError }).notes).toEqual([
      `stored assignments not loaded: redis: load of stored assignments (userId) failed: redis://127.0.0.1:${port} is not connected (last error: connect ECONNREFUSED 127.0.0.1:${port})`,
    ]);

    server = await RedisServer.start({ port });
    expect(await stores.ready(10_000)).toBe(true);
    await waitFor("the retried saves", () => stores!.status().assignments.waitingAssignments === 0);
    const raw = await connectClient(server.url);
    expect(await raw.exists(users.map((u) => `strata:assign:userId:${u}`))).toBe(50);
    const decision = await engine.decideWithStore({ units: { userId: users[0] as string } });
    expect(decision.assignments.map((a) => [a.experiment, a.source])).toEqual([
      ["color-test", "stored"],
      ["headline-bandit", "segmenter"],
    ]);
    expect(feedback.total("headline-bandit", "trials")).toBe(1);
    await waitFor("the bandit's waiting counts", () => stores!.status().feedback.waitingIncrements === 0);
    const counters = await raw.hGetAll("strata:feedback:headline-bandit");
    expect(Number(counters["trials:h1"] ?? 0) + Number(counters["trials:h2"] ?? 0)).toBe(feedback.total("headline-bandit", "trials"));
    await raw.close();
  });

  it("Redis hangs: decisions return within the deadline and go on when it answers again", { timeout: 30_000 }, async () => {
    server = await RedisServer.start();
    const engineErrors: string[] = [];
    stores = createRedisStores({ url: server.url, timeoutMs: 150, onError: () => {} });
    expect(await stores.ready()).toBe(true);
    const engine = createEngine(testConfig(), { stores, onError: (e, context) => engineErrors.push(`${context}: ${String(e)}`) });

    server.pause();
    const started = performance.now();
    const decision = await engine.decideWithStore({ units: { userId: "hung" } });
    const elapsed = performance.now() - started;
    expect(decision.assignments.map((a) => a.experiment)).toEqual(["color-test"]);
    expect(elapsed).toBeLessThan(1000);
    expect(engineErrors[0]).toMatch(/^assignment store load: RedisStoreError: redis: load of stored assignments \(userId\) failed: no reply from redis:\/\/127\.0\.0\.1:\d+ within 150 ms$/);

    server.resume();
    await waitFor("the store to answer again", async () => {
      try {
        await stores!.assignments.load({ userId: "hung" });
        return true;
      } catch {
        return false;
      }
    });
    await waitFor("the retried save", () => stores!.status().assignments.waitingAssignments === 0);
    const again = await engine.decideWithStore({ units: { userId: "hung" } });
    expect(again.assignments.map((a) => [a.group, a.source])).toEqual([...decision.assignments.map((a) => [a.group, "stored"]), [expect.any(String), "segmenter"]]);
  });

  it("closing while Redis is down neither hangs nor throws, and reports the counts it could not save", { timeout: 30_000 }, async () => {
    server = await RedisServer.start();
    const storeErrors: string[] = [];
    stores = createRedisStores({ url: server.url, onError: (e, context) => storeErrors.push(`${context}: ${String(e)}`) });
    expect(await stores.ready()).toBe(true);
    await server.kill();
    await waitFor("the disconnect", () => !stores!.status().connected);
    stores.feedback.increment("bandit", "a", "trials", 3);
    await stores.close();
    expect(storeErrors.at(-1)).toMatch(/^redis feedback close: RedisStoreError: redis: final push of feedback counts failed: 3 increment\(s\) not saved$/);
  });
});
