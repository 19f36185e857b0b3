/**
 * Two real engine processes on one Redis: sticky groups survive a weight change across
 * processes, and conversions from both add up in the bandit's statistics.
 * @module
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { connectClient } from "./support/clients.ts";
import { userIds } from "./support/config.ts";
import { startEngineProcess, type EngineProcess } from "./support/engine-process.ts";
import { describeWithRedis, RedisServer } from "./support/redis-server.ts";
import { expectNoUnhandledRejections } from "./support/unhandled-rejections.ts";
import { waitFor } from "./support/wait-for.ts";

type Decided = Record<string, Record<string, { group: string; source: string }>>;
type Counts = Record<string, { trials: number; successes: number }>;

describeWithRedis("two engine processes on one Redis", () => {
  expectNoUnhandledRejections();
  let server: RedisServer;
  const processes: EngineProcess[] = [];

  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(async () => {
    for (const child of processes) child.kill();
    await server?.close();
  });

  it("a unit keeps its group in the second process after the weights change, and conversions from both add up", { timeout: 60_000 }, async () => {
    const users = userIds(300);
    const [first, second] = await Promise.all([
      startEngineProcess({ url: server.url, weights: { red: 50, blue: 50 } }),
      startEngineProcess({ url: server.url, weights: { red: 10, blue: 90 } }),
    ]);
    processes.push(first, second);

    // The first process assigns every unit afresh and saves the sticky assignments.
    const before = await first.call<Decided>("decide", { users });
    const colors = users.map((u) => before[u]!["color-test"]!);
    expect(colors.every((c) => c.source === "segmenter")).toBe(true);
    expect(new Set(colors.map((c) => c.group))).toEqual(new Set(["red", "blue"]));

    // The second process runs with other weights: known units keep their groups, new ones follow the new weights.
    const after = await second.call<Decided>("decide", { users });
    for (const user of users) {
      expect(after[user]!["color-test"]).toEqual({ group: before[user]!["color-test"]!.group, source: "stored" });
      expect(after[user]!["headline-bandit"]).toEqual({ group: before[user]!["headline-bandit"]!.group, source: "stored" });
    }
    const newcomers = await second.call<Decided>("decide", { users: userIds(400, "new-") });
    const blue = Object.values(newcomers).filter((d) => d["color-test"]!.group === "blue").length;
    expect(blue / 400).toBeGreaterThan(0.8);

    // Both processes convert every one of the first 300 units at the same time.
    const [fromFirst, fromSecond] = await Promise.all([
      first.call<Record<string, string>>("convert", { users, experiment: "headline-bandit" }),
      second.call<Record<string, string>>("convert", { users, experiment: "headline-bandit" }),
    ]);
    expect(fromSecond).toEqual(fromFirst);
    const expected: Counts = {};
    for (const user of users) {
      const group = before[user]!["headline-bandit"]!.group;
      expected[group] ??= { trials: 0, successes: 0 };
      expected[group].successes += 2;
    }
    await Promise.all([first.call("sync"), second.call("sync")]);

    // Redis holds the sum of both processes' counts: one trial per unit assigned, two conversions per unit.
    const raw = await connectClient(server.url);
    const stored = await raw.hGetAll("strata:feedback:headline-bandit");
    await raw.close();
    const totalTrials = Object.entries(stored).filter(([k]) => k.startsWith("trials:")).reduce((sum, [, v]) => sum + Number(v), 0);
    expect(totalTrials).toBe(300 + 400);
    for (const [group, counts] of Object.entries(expected)) expect(Number(stored[`successes:${group}`])).toBe(counts.successes);

    // Each process's snapshot (refreshed on its interval) shows the other's conversions too.
    for (const child of [first, second]) {
      await waitFor("the snapshot refresh", async () => {
        const counts = await child.call<Counts>("read", { experiment: "headline-bandit" });
        return Object.entries(expected).every(([group, c]) => counts[group]?.successes === c.successes);
      });
    }

    for (const child of [first, second]) {
      const { errors, unhandled } = await child.close();
      expect(errors).toEqual([]);
      expect(unhandled).toEqual([]);
    }
  });
});
