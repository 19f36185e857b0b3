/**
 * Redis killed during a run of 5,000 decisions and restarted: every decision returns, failures
 * are counted and reported, and saving (and the bandit's counting) resumes on its own.
 * @module
 */
import { createEngine, type Decision } from "@strata/engine";
import { afterAll, expect, it } from "vitest";
import { createRedisStores, type RedisStores } from "../src/index.ts";
import { connectClient } from "./support/clients.ts";
import { countingFeedback } from "./support/counting-feedback.ts";
import { testConfig, userIds } from "./support/config.ts";
import { describeWithRedis, RedisServer } from "./support/redis-server.ts";
import { expectNoUnhandledRejections } from "./support/unhandled-rejections.ts";
import { waitFor } from "./support/wait-for.ts";

const DECISIONS = 5000;
const STOP_AT = 1500;
const RESTART_AT = 3500;
const WORKERS = 20;

describeWithRedis("Redis stopped during a run of 5,000 decisions", () => {
  const unhandled = expectNoUnhandledRejections();
  let server: RedisServer | undefined;
  let stores: RedisStores | undefined;
  afterAll(async () => {
    await stores?.close();
    await server?.close();
  });

  it("every decision returns, failures are counted and reported, and saving resumes when Redis is back", { timeout: 60_000 }, async () => {
    server = await RedisServer.start({ appendonly: true, appendfsync: "always" });
    const storeErrors: Array<{ context: string; message: string }> = [];
    const engineErrors: Array<{ context: string; message: string }> = [];
    stores = createRedisStores({ url: server.url, onError: (e, context) => storeErrors.push({ context, message: String(e) }) });
    expect(await stores.ready()).toBe(true);
    const feedback = countingFeedback(stores.feedback);
    const engine = createEngine(testConfig(), { stores: { assignments: stores.assignments, feedback }, onError: (e, context) => engineErrors.push({ context, message: String(e) }) });
    const users = userIds(DECISIONS);
    const decisions = new Array<Decision | undefined>(DECISIONS);
    let explained: string[] = [];
    let errorsBeforeRestart = 0;
    let next = 0;
    // The kill lands while other workers' decisions are in flight; the restart holds every worker until Redis is back.
    let killed: Promise<void> | undefined;
    let restarted: Promise<void> | undefined;

    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (next < DECISIONS) {
          const i = next++;
          if (i === STOP_AT) await (killed = server!.kill());
          if (i === STOP_AT + 200) {
            // While Redis is down, explain says why no stored assignment was used.
            const units = { userId: users[i] as string };
            const storeError = await stores!.assignments.load(units).then(() => undefined, (e: unknown) => (e as Error).message);
            explained = [...engine.explain({ units, storeError }).notes];
          }
          if (i === RESTART_AT) {
            restarted = (async () => {
              await killed;
              await server!.start();
              expect(await stores!.ready()).toBe(true);
              errorsBeforeRestart = engineErrors.length;
            })();
          }
          if (i >= RESTART_AT) await restarted;
          decisions[i] = await engine.decideWithStore({ units: { userId: users[i] as string } });
        }
      }),
    );

    // Every decision returned: with a group from both experiments when the store answered, and
    // during the outage from the hashing experiment alone (the bandit leaves the unit out).
    const inBoth = decisions.filter((d) => d?.assignments.length === 2);
    // A decision whose load worked but whose save failed (Redis went down in between) is made again as during the outage.
    const outage = decisions.filter((d) => d?.errors.some((e) => e.startsWith("stored assignments not loaded") || e.startsWith("new sticky assignments not saved")));
    expect(outage.length).toBeGreaterThan(100);
    expect(outage.every((d) => d?.assignments.map((a) => a.experiment).join() === "color-test")).toBe(true);
    expect(inBoth.length + outage.length).toBe(DECISIONS);

    // Failures were counted by the store and reported through the engine's onError, one report per failure.
    const status = stores.status();
    const failedLoads = engineErrors.filter((e) => e.context === "assignment store load");
    const failedSaves = engineErrors.filter((e) => e.context === "assignment store save");
    expect(failedLoads.length).toBeGreaterThan(100);
    expect(failedLoads.length + 1).toBe(status.assignments.failedLoads); // + the load made for explain below
    expect(failedSaves.length).toBe(status.assignments.failedSaves);
    expect(engineErrors.length).toBe(failedLoads.length + failedSaves.length);
    expect(failedLoads[0]!.message).toMatch(/^RedisStoreError: redis: load of stored assignments \(userId\) failed: /);
    expect(failedSaves[0]!.message).toMatch(/kept for a retry when Redis is back/);
    // The connection loss itself is reported once, not once per reconnect attempt.
    expect(storeErrors.filter((e) => e.context === "redis connection")).toHaveLength(1);
    expect(explained).toEqual([expect.stringMatching(/^stored assignments not loaded: redis: load of stored assignments \(userId\) failed: redis:\/\/127\.0\.0\.1:\d+ is not connected \(last error: .+\)$/)]);

    // Once Redis is back, decisions load and save without failures again.
    expect(engineErrors.length).toBe(errorsBeforeRestart);

    // After Redis is back, the failed saves are written again and the bandit's waiting counts pushed.
    await waitFor("the retries", () => stores!.status().assignments.waitingAssignments === 0 && stores!.status().feedback.waitingIncrements === 0);
    // Each failed save says how many assignments it kept (two, or one while the bandit left the unit out).
    const kept = failedSaves.map((e) => Number(/save of (\d+) assignment\(s\)/.exec(e.message)?.[1]));
    expect(kept.every((n) => n === 1 || n === 2)).toBe(true);
    // Written by a retry, or found stored already: Redis applied a save that got no reply in time (a busy machine) or lost it to the kill.
    const { retriedAssignments, alreadyStoredAssignments } = stores.status().assignments;
    expect(retriedAssignments + alreadyStoredAssignments).toBe(kept.reduce((sum, n) => sum + n, 0));
    const raw = await connectClient(server.url);
    const stored = await Promise.all(users.map((userId) => raw.hGetAll(`strata:assign:userId:${userId}`)));
    const unsaved = users.filter((_, i) => {
      // What the decision showed is stored; so may be a bandit's draw that was left out because its save failed (the retry wrote it).
      const expected: Record<string, string> = Object.fromEntries(decisions[i]!.assignments.map((a) => [a.experiment, a.group]));
      if (stored[i]?.["headline-bandit"] !== undefined && expected["headline-bandit"] === undefined && decisions[i]!.errors.some((e) => e.startsWith("new sticky assignments not saved"))) {
        expected["headline-bandit"] = stored[i]!["headline-bandit"] as string;
      }
      return JSON.stringify({ ...stored[i] }) !== JSON.stringify(expected);
    });
    expect(unsaved).toEqual([]);
    // Every bandit trial counted exactly once, despite the crash and the retried pushes.
    const counters = await raw.hGetAll("strata:feedback:headline-bandit");
    await raw.close();
    expect(Number(counters["trials:h1"] ?? 0) + Number(counters["trials:h2"] ?? 0)).toBe(feedback.total("headline-bandit", "trials"));
    expect(unhandled.reasons).toEqual([]);
  });
});
