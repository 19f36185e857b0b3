/**
 * `RedisConnection`: the one client both stores share. It sends a batch of commands in one
 * round trip (or one after another when pipelining is off), fails at once while Redis is
 * unreachable, bounds every batch with a deadline, and reports connection loss once per outage.
 * @module
 */
import { createOwnedClient, type OwnedRedisClient, type RedisClientLike } from "./client.ts";
import { BatchesInFlight } from "./batches-in-flight.ts";
import { ConnectAttemptWatch } from "./connect-attempt.ts";
import { report, type ErrorSink } from "./error-sink.ts";
import { checkMs } from "./option-checks.ts";
import { messageOf, RedisStoreError } from "./store-error.ts";

/** One raw Redis command, e.g. `["HGETALL", "strata:assign:userId:u-42"]`. */
export type RedisCommand = readonly string[];

/** Where the connection goes: exactly one of `client` or `url`, plus how commands are sent. */
export interface RedisConnectionOptions {
  /** A node-redis v5 client you already have (connected or connecting); the stores never connect or close it. */
  readonly client?: RedisClientLike;
  /** A `redis://` or `rediss://` URL; the stores create, connect and close their own client. */
  readonly url?: string;
  /** The deadline of one batch of commands, in milliseconds (default 500). */
  readonly timeoutMs?: number;
  /** Send each batch in one round trip (default true); false sends its commands one after another. */
  readonly pipeline?: boolean;
  /** Receives connection errors (once per outage). */
  readonly onError?: ErrorSink;
}

const DEFAULT_TIMEOUT_MS = 500;
const CONNECT_TIMEOUT_MS = 2000;
/** How much longer than the connect timeout `close()` waits for a connect attempt in flight (node-redis's own timeout ends it first). */
const SETTLE_MARGIN_MS = 100;

/** `url` without credentials, for messages. */
function describeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    const redacted = url.replace(/\/\/[^/@]*@/, "//***@");
    throw new TypeError(`redis: url must be a redis:// or rediss:// URL (got ${JSON.stringify(redacted)})`);
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
    throw new TypeError(`redis: url must be a redis:// or rediss:// URL (got protocol ${JSON.stringify(parsed.protocol)})`);
  }
  return `${parsed.protocol}//${parsed.host}`;
}

/** The client shared by the Redis stores, with the failure behaviour they rely on. */
export class RedisConnection {
  /** The node-redis client. */
  readonly client: RedisClientLike;
  /** True when batches go out in one round trip. */
  readonly pipeline: boolean;
  /** The deadline of one batch, in milliseconds. */
  readonly timeoutMs: number;
  /** Where the connection goes (no credentials), for messages. */
  readonly target: string;
  private readonly owned: OwnedRedisClient | undefined;
  private readonly attempts: ConnectAttemptWatch | undefined;
  private readonly onError: ErrorSink | undefined;
  private readonly readyListeners = new Set<() => void>();
  private readonly batchesInFlight = new BatchesInFlight();
  private lastError: string | undefined;
  private down = false;
  private closed = false;
  private errorCount = 0;

  /** Connects to `url` (in the background, retrying forever) or adopts `client`. */
  constructor(options: RedisConnectionOptions) {
    if ((options.client === undefined) === (options.url === undefined)) {
      throw new TypeError("redis: pass exactly one of { url } (the stores own the client) or { client } (a node-redis client you already have)");
    }
    this.timeoutMs = checkMs("timeoutMs", options.timeoutMs, DEFAULT_TIMEOUT_MS);
    this.pipeline = options.pipeline ?? true;
    this.onError = options.onError;
    if (options.url !== undefined) {
      this.target = describeUrl(options.url);
      this.owned = createOwnedClient(options.url, CONNECT_TIMEOUT_MS);
      this.attempts = new ConnectAttemptWatch(this.owned);
      this.client = this.owned;
    } else {
      this.target = "Redis";
      this.client = options.client as RedisClientLike;
    }
    this.client.on("error", this.handleError);
    this.client.on("ready", this.handleReady);
    this.owned?.connect().catch((error: unknown) => {
      if (!this.closed) report(this.onError, new RedisStoreError(`connection to ${this.target}`, messageOf(error), { cause: error }), "redis connection");
    });
  }

  /** True while Redis is reachable and commands can run. */
  get connected(): boolean {
    return !this.closed && this.client.isReady;
  }

  /** How many connection errors the client reported (every failed reconnect attempt counts). */
  get connectionErrors(): number {
    return this.errorCount;
  }

  /** Resolves true once Redis is reachable, or false after `timeoutMs` (never rejects; decisions work either way). */
  ready(timeoutMs: number): Promise<boolean> {
    if (this.connected) return Promise.resolve(true);
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (connected: boolean) => {
        clearTimeout(timer);
        unsubscribe();
        resolve(connected);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      const unsubscribe = this.onReady(() => done(true));
    });
  }

  /** Calls `listener` each time the connection becomes ready (first connect and every reconnect); returns an unsubscribe function. */
  onReady(listener: () => void): () => void {
    this.readyListeners.add(listener);
    return () => this.readyListeners.delete(listener);
  }

  /**
   * Runs `commands` as one batch and returns their replies in order. Rejects with a
   * RedisStoreError naming `operation` when Redis is unreachable, replies with an error or
   * misses the deadline.
   */
  run(commands: readonly RedisCommand[], operation: string): Promise<unknown[]> {
    const unavailable = this.unavailable(operation);
    if (unavailable) return Promise.reject(unavailable);
    const state = { expired: false };
    const work = this.pipeline ? Promise.all(commands.map((command) => this.send(command))) : this.oneByOne(commands, state);
    return this.withDeadline(work, operation, state);
  }

  /**
   * Runs `commands` as one batch and settles each on its own: resolves with every command's reply
   * or error, in order, so an error reply to one command (e.g. a key of another type) leaves the
   * others' replies readable. Rejects as a whole, like `run`, only when Redis is unreachable or the
   * batch misses the deadline.
   */
  runSettled(commands: readonly RedisCommand[], operation: string): Promise<Array<PromiseSettledResult<unknown>>> {
    const unavailable = this.unavailable(operation);
    if (unavailable) return Promise.reject(unavailable);
    const state = { expired: false };
    const work = this.pipeline ? Promise.allSettled(commands.map((command) => this.send(command))) : this.oneByOneSettled(commands, state);
    return this.withDeadline(work, operation, state);
  }

  /**
   * Stops listening to the client; closes it when the stores created it. While that client's
   * connect attempt is in flight, first waits for it to connect or fail (at most the 2 s connect
   * timeout): node-redis cannot abort it, and a socket connecting after `destroy()` stays open.
   * Replies still owed to a batch are waited for until that batch's deadline at most (a hanging
   * Redis never holds `close()` longer than `timeoutMs`), then the socket is dropped.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.client.off("error", this.handleError);
    this.client.off("ready", this.handleReady);
    this.readyListeners.clear();
    const owned = this.owned;
    if (!owned) return;
    // A client that owns its socket keeps failing reconnects silently after close unless someone listens.
    owned.on("error", ignore);
    const attempts = this.attempts as ConnectAttemptWatch;
    await attempts.settled(CONNECT_TIMEOUT_MS + SETTLE_MARGIN_MS);
    attempts.stop();
    // node-redis's graceful close() waits for every owed reply, however long Redis hangs, and its
    // destroy() cannot follow it; so the owed replies are awaited here, within their deadlines.
    await this.batchesInFlight.settled();
    try {
      owned.destroy();
    } catch {
      // Already closed (e.g. by the application through `connection.client`).
    }
  }

  /** Sends one command; a client that throws instead of rejecting gives a rejected promise (so none is left unhandled). */
  private send(command: RedisCommand): Promise<unknown> {
    try {
      return this.client.sendCommand([...command]);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private async oneByOne(commands: readonly RedisCommand[], state: { expired: boolean }): Promise<unknown[]> {
    const replies: unknown[] = [];
    for (const command of commands) {
      if (state.expired) break;
      replies.push(await this.send(command));
    }
    return replies;
  }

  private async oneByOneSettled(commands: readonly RedisCommand[], state: { expired: boolean }): Promise<Array<PromiseSettledResult<unknown>>> {
    const results: Array<PromiseSettledResult<unknown>> = [];
    for (const command of commands) {
      if (state.expired) break;
      try {
        results.push({ status: "fulfilled", value: await this.send(command) });
      } catch (reason) {
        results.push({ status: "rejected", reason });
      }
    }
    return results;
  }

  /** Why a batch cannot be sent now (closed, or Redis not ready), as the error to reject it with; undefined when it can. */
  private unavailable(operation: string): RedisStoreError | undefined {
    if (this.closed) return new RedisStoreError(operation, "the Redis stores were closed", { unsent: true });
    if (!this.client.isReady) return new RedisStoreError(operation, this.unavailableReason(), { unsent: true });
    return undefined;
  }

  /** `work`'s result, or a RedisStoreError naming `operation` when it fails or misses the deadline (then `state.expired` stops sending the rest). */
  private withDeadline<T>(work: Promise<T>, operation: string, state: { expired: boolean }): Promise<T> {
    const deadline = Date.now() + this.timeoutMs;
    this.batchesInFlight.add(work, deadline);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        state.expired = true;
        reject(new RedisStoreError(operation, `no reply from ${this.target} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      work.then(
        (replies) => {
          clearTimeout(timer);
          resolve(replies);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(new RedisStoreError(operation, messageOf(error), { cause: error }));
        },
      );
    });
  }

  private unavailableReason(): string {
    if (!this.client.isOpen) return `the client of ${this.target} is closed${this.owned ? "" : " (call client.connect() before using the stores)"}`;
    return `${this.target} is not connected${this.lastError ? ` (last error: ${this.lastError})` : " (connecting)"}`;
  }

  private readonly handleError = (error: unknown): void => {
    this.errorCount++;
    this.lastError = messageOf(error);
    if (this.down || this.closed) return;
    this.down = true;
    report(this.onError, new RedisStoreError(`connection to ${this.target}`, `${this.lastError}; decisions go on by hashing alone until it is back`, { cause: error }), "redis connection");
  };

  private readonly handleReady = (): void => {
    this.down = false;
    for (const listener of this.readyListeners) listener();
  };
}

function ignore(): void {}
