/**
 * Durability with appendonly yes: 10,000 acknowledged decisions' assignments are all in Redis
 * after a graceful restart and after a crash (appendfsync always).
 * @module
 */
import { createEngine } from "@strata/engine";
import { afterEach, expect, it } from "vitest";
import { createRedisStores } from "../src/index.ts";
import { connectClient } from "./support/clients.ts";
import { testConfig, userIds } from "./support/config.ts";
import { describeWithRedis, RedisServer, type RedisServerOptions } from "./support/redis-server.ts";
import { expectNoUnhandledRejections } from "./support/unhandled-rejections.ts";

const UNITS = 10_000;
const CONCURRENCY = 100;

/** Decides for every unit through the Redis store; returns the groups each decision reported. */
async function decideAll(url: string, users: readonly string[]) {
  const errors: string[] = [];
  const onError = (error: unknown, context: string) => errors.push(`${context}: ${String(error)}`);
  const stores = createRedisStores({ url, onError });
  expect(await stores.ready()).toBe(true);
  const engine = createEngine(testConfig(), { stores, onError });
  const groups = new Map<string, Record<string, string>>();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < users.length) {
        const userId = users[next++] as string;
        const decision = await engine.decideWithStore({ units: { userId } });
        groups.set(userId, Object.fromEntries(decision.toPersist.map((a) => [a.experiment, a.group])));
      }
    }),
  );
  await stores.close();
  return { groups, errors, status: stores.status() };
}

/** Every unit's stored hash, read in pipelined chunks. */
async function storedGroups(url: string, users: readonly string[]) {
  const client = await connectClient(url);
  const out = new Map<string, Record<string, string>>();
  for (let i = 0; i < users.length; i += 1000) {
    const chunk = users.slice(i, i + 1000);
    const replies = await Promise.all(chunk.map((userId) => client.hGetAll(`strata:assign:userId:${userId}`)));
    chunk.forEach((userId, j) => out.set(userId, { ...replies[j] }));
  }
  await client.close();
  return out;
}

describeWithRedis("durability with appendonly yes", () => {
  expectNoUnhandledRejections();
  let server: RedisServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const cases: Array<[string, RedisServerOptions, "stop" | "kill"]> = [
    ["a graceful restart (appendfsync everysec, SIGTERM)", { appendonly: true, appendfsync: "everysec" }, "stop"],
    ["a crash (appendfsync always, SIGKILL)", { appendonly: true, appendfsync: "always" }, "kill"],
  ];

  it.each(cases)(`keeps all ${UNITS.toLocaleString("en")} acknowledged assignments across %s`, { timeout: 60_000 }, async (_name, options, how) => {
    server = await RedisServer.start(options);
    const users = userIds(UNITS);
    const { groups, errors, status } = await decideAll(server.url, users);
    expect(errors).toEqual([]);
    expect(status.assignments).toMatchObject({ failedSaves: 0, savedAssignments: 2 * UNITS });

    await (how === "stop" ? server.stop() : server.kill());
    await server.start();

    const stored = await storedGroups(server.url, users);
    const missing = users.filter((userId) => JSON.stringify(stored.get(userId)) !== JSON.stringify(groups.get(userId)));
    expect(missing).toEqual([]);
    expect(stored.size).toBe(UNITS);
  });
});
