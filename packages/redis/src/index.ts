/**
 * @strata/redis — sticky assignments and bandit statistics in Redis, for Strata engines running
 * on many servers. Decisions never fail because of Redis, and each Redis call waits at most
 * `timeoutMs`: while it is unreachable they go on by hashing alone, with the reason in `explain`,
 * and the stores catch up when it is back.
 *
 * @example
 * ```ts
 * import { createEngine } from "@strata/engine";
 * import { createRedisStores } from "@strata/redis";
 * const stores = createRedisStores({ url: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", onError: console.error });
 * const engine = createEngine(config, { stores, onError: console.error });
 * const decision = await engine.decideWithStore({ units: { userId: "u-42" } });
 * ```
 * @module
 */
export { RedisAssignmentStore, type AssignmentStoreStatus, type RedisAssignmentStoreOptions } from "./assignment-store.ts";
export type { RedisClientLike } from "./client.ts";
export { RedisConnection, type RedisCommand, type RedisConnectionOptions } from "./connection.ts";
export type { ErrorSink } from "./error-sink.ts";
export { RedisFeedbackStats, type FeedbackStatsStatus, type RedisFeedbackStatsOptions } from "./feedback-stats.ts";
export { assignmentKey, counterField, DEFAULT_PREFIX, feedbackKey, type CounterField } from "./keys.ts";
export { RedisStoreError } from "./store-error.ts";
export { createRedisStores, type RedisStores, type RedisStoresOptions, type RedisStoresStatus } from "./stores.ts";
