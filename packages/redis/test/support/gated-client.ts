/**
 * A client in front of a real Redis whose reachability and writes the test controls: it can
 * go "down" (not ready, and commands fail at once, as node-redis does without an offline queue
 * during an outage), and it can
 * hold every write (all commands but `HGETALL`) until released, so a test can run a load while
 * a write is provably still on its way.
 * @module
 */
import type { RedisClientLike } from "../../src/index.ts";

/** A controllable client; reads always go straight to Redis. */
export interface GatedClient extends RedisClientLike {
  /** While true, the client is not ready and every command (also a held one, when released) fails. */
  down: boolean;
  /** Holds every write from now until `releaseWrites()`. */
  holdWrites(): void;
  /** Sends the held writes, in order, and stops holding. */
  releaseWrites(): void;
  /** How many writes are being held. */
  readonly heldWrites: number;
}

/** Wraps `inner` (a connected node-redis client). */
export function gatedClient(inner: RedisClientLike): GatedClient {
  let gate: Promise<void> | undefined;
  let open: (() => void) | undefined;
  let held = 0;
  return {
    down: false,
    get isOpen() {
      return inner.isOpen;
    },
    get isReady() {
      return !this.down && inner.isReady;
    },
    get heldWrites() {
      return held;
    },
    holdWrites() {
      gate ??= new Promise<void>((resolve) => (open = resolve));
    },
    releaseWrites() {
      gate = undefined;
      open?.();
      open = undefined;
    },
    sendCommand(args: string[]) {
      const send = () => (this.down ? Promise.reject(new Error("The client is closed")) : inner.sendCommand(args));
      if (gate === undefined || args[0] === "HGETALL") return send();
      held++;
      return gate.then(() => {
        held--;
        return send();
      });
    },
    on: (event, listener) => inner.on(event, listener),
    off: (event, listener) => inner.off(event, listener),
  };
}
