/**
 * One real redis-server per describe block, with a raw node-redis client to inspect and reset
 * it, and (optionally) fresh `RedisConnection`s to it for every test, on an emptied database.
 * @module
 */
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { RedisConnection } from "../../src/index.ts";
import { connectClient } from "./clients.ts";
import { RedisServer } from "./redis-server.ts";
import { waitFor } from "./wait-for.ts";

/** The block's server and raw client (set once its `beforeAll` has run). */
export interface SharedRedis {
  readonly server: RedisServer;
  readonly raw: Awaited<ReturnType<typeof connectClient>>;
}

/** Starts a redis-server and a raw client for the enclosing describe block, and stops both after it. */
export function useRedisServer(): SharedRedis {
  const shared = {} as { server: RedisServer; raw: SharedRedis["raw"] };
  beforeAll(async () => {
    shared.server = await RedisServer.start();
    shared.raw = await connectClient(shared.server.url);
  });
  afterAll(async () => {
    await shared.raw?.close();
    await shared.server?.close();
  });
  return shared;
}

/** Before every test, empties the database and opens `count` connected `RedisConnection`s (closed after the test); the array is refilled in place. */
export function useConnections(redis: SharedRedis, count: number): RedisConnection[] {
  const connections: RedisConnection[] = [];
  beforeEach(async () => {
    await redis.raw.flushAll();
    connections.splice(0, connections.length, ...Array.from({ length: count }, () => new RedisConnection({ url: redis.server.url })));
    await waitFor("the connections", () => connections.every((c) => c.connected));
  });
  afterEach(async () => {
    for (const connection of connections) await connection.close();
  });
  return connections;
}
