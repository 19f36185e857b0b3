/**
 * The Redis client the stores talk through: the slice of a node-redis v5 client they use, and
 * the client they create themselves from a URL (never giving up on reconnecting).
 * @module
 */
import { createClient } from "redis";

/** The part of a node-redis v5 client the stores use; any `createClient()` result fits. */
export interface RedisClientLike {
  /** True once `connect()` was called and until `close()`/`destroy()`. */
  readonly isOpen: boolean;
  /** True while connected and able to run commands. */
  readonly isReady: boolean;
  /** Sends one raw command; commands sent in the same tick go out in one write (auto-pipelining). */
  sendCommand(args: string[]): Promise<unknown>;
  /** Subscribes to a client event ("error", "ready", "end"; the stores' own client also "connect", "reconnecting"). */
  on(event: string, listener: (...args: any[]) => void): unknown;
  /** Unsubscribes from a client event. */
  off(event: string, listener: (...args: any[]) => void): unknown;
}

/** A client created by the stores: they connect it and close it. */
export interface OwnedRedisClient extends RedisClientLike {
  /** Starts connecting; resolves once connected (retrying for as long as it takes). */
  connect(): Promise<unknown>;
  /** Closes gracefully, waiting for replies already on their way. */
  close(): Promise<unknown>;
  /** Closes at once, failing commands still waiting. */
  destroy(): void;
}

/** The delay before reconnect attempt `retries`: 50 ms doubling to 1 s, plus up to 100 ms of jitter. */
export function reconnectDelay(retries: number): number {
  return Math.min(50 * 2 ** retries, 1000) + Math.floor(Math.random() * 100);
}

/**
 * A node-redis client for `url` that fails commands at once while disconnected (so a decision
 * never waits for Redis to come back) and reconnects forever with a capped backoff.
 */
export function createOwnedClient(url: string, connectTimeoutMs: number): OwnedRedisClient {
  return createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: connectTimeoutMs, reconnectStrategy: reconnectDelay },
  }) as unknown as OwnedRedisClient;
}
