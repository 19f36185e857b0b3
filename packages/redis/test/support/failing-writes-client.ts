/**
 * A client in front of a real Redis that fails the unit write script of chosen unit keys the way
 * a Redis that cannot write for now does (an `OOM` error reply: worth a retry, unlike a refusal),
 * and passes every other command through, so a test can fail some writes of one save.
 * @module
 */
import type { RedisClientLike } from "../../src/index.ts";

/** Redis's error reply to a write while it is over `maxmemory`. */
export const OOM = "OOM command not allowed when used memory > 'maxmemory'.";

/** A client whose unit writes to the keys in `failingKeys` fail for now. */
export interface FailingWritesClient extends RedisClientLike {
  /** The unit keys whose write script fails (empty: every command goes to Redis). */
  readonly failingKeys: Set<string>;
}

/** Wraps `inner` (a connected node-redis client). */
export function failingWritesClient(inner: RedisClientLike): FailingWritesClient {
  const failingKeys = new Set<string>();
  return {
    failingKeys,
    get isOpen() {
      return inner.isOpen;
    },
    get isReady() {
      return inner.isReady;
    },
    sendCommand(args: string[]) {
      // A unit write is `EVAL script 1 key …`.
      if (args[0] === "EVAL" && failingKeys.has(args[3] as string)) return Promise.reject(new Error(OOM));
      return inner.sendCommand(args);
    },
    on: (event, listener) => inner.on(event, listener),
    off: (event, listener) => inner.off(event, listener),
  };
}
