/**
 * Clients the tests talk to Redis with: a plain node-redis client to inspect keys, and a wrapper
 * that counts round trips (batches of commands sent in the same tick).
 * @module
 */
import { createClient } from "redis";
import type { RedisClientLike } from "../../src/index.ts";

/** A connected node-redis client, as an application would have one. */
export async function connectClient(url: string) {
  const client = createClient({ url });
  client.on("error", () => {});
  await client.connect();
  return client;
}

/** A client that forwards to `inner` and records every command and every round trip (commands sent in one tick). */
export function countingClient(inner: RedisClientLike): RedisClientLike & { readonly commands: string[][]; readonly roundTrips: number; reset(): void } {
  let roundTrips = 0;
  let inTick = false;
  const commands: string[][] = [];
  return {
    get isOpen() {
      return inner.isOpen;
    },
    get isReady() {
      return inner.isReady;
    },
    get commands() {
      return commands;
    },
    get roundTrips() {
      return roundTrips;
    },
    reset() {
      roundTrips = 0;
      commands.length = 0;
    },
    sendCommand(args: string[]) {
      commands.push(args);
      if (!inTick) {
        inTick = true;
        roundTrips++;
        queueMicrotask(() => (inTick = false));
      }
      return inner.sendCommand(args);
    },
    on: (event, listener) => inner.on(event, listener),
    off: (event, listener) => inner.off(event, listener),
  };
}
