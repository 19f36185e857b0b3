/**
 * `createRedisStores`: both Redis stores on one connection, ready to hand to `createEngine`:
 * `createEngine(config, { stores: createRedisStores({ url: process.env.REDIS_URL }) })`.
 * @module
 */
import { RedisAssignmentStore, type AssignmentStoreStatus } from "./assignment-store.ts";
import type { RedisClientLike } from "./client.ts";
import { RedisConnection } from "./connection.ts";
import type { ErrorSink } from "./error-sink.ts";
import { RedisFeedbackStats, type FeedbackStatsStatus } from "./feedback-stats.ts";

/** Options of `createRedisStores`. */
export interface RedisStoresOptions {
  /** A node-redis v5 client you already have (connected or connecting); it is never closed by the stores. */
  readonly client?: RedisClientLike;
  /** A `redis://` URL; the stores create the client, connect in the background (retrying forever) and close it. */
  readonly url?: string;
  /** The key prefix (default `strata:`). */
  readonly prefix?: string;
  /** Seconds a unit's sticky assignments live after its last new assignment (default: forever). */
  readonly ttl?: number;
  /** Seconds an experiment's bandit counters live after their last increment (default: forever). */
  readonly feedbackTtl?: number;
  /** How often each engine re-reads the bandit statistics, in milliseconds (default 1000). */
  readonly refreshMs?: number;
  /** How long bandit increments are gathered before one atomic push, in milliseconds (default 50). */
  readonly flushMs?: number;
  /** The deadline of one round trip, in milliseconds (default 500): each load, save, push or refresh waits at most this long for Redis. */
  readonly timeoutMs?: number;
  /** One round trip per load and per save (default true); false sends their commands one after another. */
  readonly pipeline?: boolean;
  /** How many assignments whose save failed are kept for a retry when Redis is back (default 10,000). */
  readonly retryLimit?: number;
  /** Receives what cannot be returned to a caller: connection loss (once per outage), failed background pushes, dropped retries. */
  readonly onError?: ErrorSink;
}

/** The health of the Redis stores. */
export interface RedisStoresStatus {
  /** True while Redis is reachable. */
  readonly connected: boolean;
  /** Connection errors seen (each failed reconnect attempt counts). */
  readonly connectionErrors: number;
  /** The assignment store's counters. */
  readonly assignments: AssignmentStoreStatus;
  /** The feedback statistics' counters. */
  readonly feedback: FeedbackStatsStatus;
}

/** The Redis stores of one engine process; pass the object itself as `createEngine`'s `stores`. */
export interface RedisStores {
  /** Sticky assignments. */
  readonly assignments: RedisAssignmentStore;
  /** Bandit statistics. */
  readonly feedback: RedisFeedbackStats;
  /** The shared connection. */
  readonly connection: RedisConnection;
  /** Resolves true once Redis is reachable, or false after `timeoutMs` (default 5000); decisions work either way. */
  ready(timeoutMs?: number): Promise<boolean>;
  /** The stores' health and counters. */
  status(): RedisStoresStatus;
  /**
   * Writes the assignments waiting for a retry once more (their late trials and conversions are
   * counted), then pushes waiting bandit counts; what it could not save is reported through
   * `onError` ("redis assignment close", "redis feedback close"). Then closes the connection if the
   * stores opened it (after its connect attempt in flight, if any, settles: at most the connect
   * timeout; replies still owed are awaited until their `timeoutMs` deadline at most). Never rejects.
   */
  close(): Promise<void>;
}

/** Creates the assignment store and the feedback statistics on one Redis connection (from `url` or your `client`). */
export function createRedisStores(options: RedisStoresOptions): RedisStores {
  const { onError, prefix } = options;
  const connection = new RedisConnection({
    ...(options.client !== undefined ? { client: options.client } : {}),
    ...(options.url !== undefined ? { url: options.url } : {}),
    timeoutMs: options.timeoutMs,
    pipeline: options.pipeline,
    onError,
  });
  let assignments: RedisAssignmentStore;
  let feedback: RedisFeedbackStats;
  try {
    assignments = new RedisAssignmentStore(connection, { prefix, ttl: options.ttl, retryLimit: options.retryLimit, onError });
    feedback = new RedisFeedbackStats(connection, { prefix, ttl: options.feedbackTtl, refreshMs: options.refreshMs, flushMs: options.flushMs, onError });
  } catch (error) {
    // A rejected option must not leave a client reconnecting in the background.
    void connection.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    assignments,
    feedback,
    connection,
    ready: (timeoutMs = 5000) => connection.ready(timeoutMs),
    status: () => ({ connected: connection.connected, connectionErrors: connection.connectionErrors, assignments: assignments.status(), feedback: feedback.status() }),
    close: () =>
      (closing ??= (async () => {
        // The assignments first, while the feedback store is open: the trials and conversions their
        // last retry writes late are counted, then pushed by the feedback store's close.
        await assignments.close();
        await feedback.close();
        await connection.close();
      })()),
  };
}
