/**
 * A client in front of a real Redis whose reachability and writes the test controls: it can
 * go "down" (not ready, and commands fail at once, as node-redis does without an offline queue
 * during an outage), and it can
 * hold every write (all commands but `HGETALL`) until released, so a test can run a load while
 * a write is provably still on its way, and it can hold the replies of loads, so a test can have
 * a load's reply read after something else happened.
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
  /** Holds the replies of loads (`HGETALL`, sent at once) from now until `releaseReads()`. */
  holdReads(): void;
  /** Hands the held load replies over and stops holding. */
  releaseReads(): void;
}

/** Wraps `inner` (a connected node-redis client). */
export function gatedClient(inner: RedisClientLike): GatedClient {
  let gate: Promise<void> | undefined;
  let open: (() => void) | undefined;
  let held = 0;
  let readGate: Promise<void> | undefined;
  let openReads: (() => void) | undefined;
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
    holdReads() {
      readGate ??= new Promise<void>((resolve) => (openReads = resolve));
    },
    releaseReads() {
      readGate = undefined;
      openReads?.();
      openReads = undefined;
    },
    sendCommand(args: string[]) {
      const send = () => (this.down ? Promise.reject(new Error("The client is closed")) : inner.sendCommand(args));
      if (args[0] === "HGETALL") {
        const reading = readGate;
        return reading === undefined ? send() : send().then((reply) => reading.then(() => reply));
      }
      if (gate === undefined) return send();
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
