/**
 * `ConnectAttemptWatch` follows node-redis's connect events: an attempt is in flight from
 * `connect()` (and from each "reconnecting") until "connect", "ready" or "error"; waiting for it
 * is bounded.
 * @module
 */
import { EventEmitter } from "node:events";
import { afterEach, expect, it, vi } from "vitest";
import type { OwnedRedisClient } from "../src/client.ts";
import { ConnectAttemptWatch } from "../src/connect-attempt.ts";

/** An event emitter standing in for the client: the watch only listens to its events. */
function fakeClient(): EventEmitter & OwnedRedisClient {
  return new EventEmitter() as EventEmitter & OwnedRedisClient;
}

/** Whether `promise` has settled once pending callbacks ran. */
async function hasSettled(promise: Promise<void>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

afterEach(() => {
  vi.useRealTimers();
});

it.each(["connect", "ready", "error"])("the first attempt is in flight until %s", async (event) => {
  const client = fakeClient();
  const watch = new ConnectAttemptWatch(client);
  const settled = watch.settled(60_000);
  expect(await hasSettled(settled)).toBe(false);
  client.emit(event, event === "error" ? new Error("connect ECONNREFUSED") : undefined);
  expect(await hasSettled(settled)).toBe(true);
  watch.stop();
});

it("a failed attempt leaves nothing in flight until the next one starts (reconnecting)", async () => {
  const client = fakeClient();
  const watch = new ConnectAttemptWatch(client);
  client.emit("error", new Error("connect ECONNREFUSED"));
  expect(await hasSettled(watch.settled(60_000))).toBe(true);
  client.emit("reconnecting");
  const next = watch.settled(60_000);
  expect(await hasSettled(next)).toBe(false);
  client.emit("connect");
  expect(await hasSettled(next)).toBe(true);
  watch.stop();
});

it("waiting ends after the timeout when the attempt never settles", async () => {
  vi.useFakeTimers();
  const watch = new ConnectAttemptWatch(fakeClient());
  let settled = false;
  void watch.settled(2100).then(() => (settled = true));
  await vi.advanceTimersByTimeAsync(2099);
  expect(settled).toBe(false);
  await vi.advanceTimersByTimeAsync(1);
  expect(settled).toBe(true);
  watch.stop();
});

it("stop() ends any wait and stops listening to the client", async () => {
  const client = fakeClient();
  const watch = new ConnectAttemptWatch(client);
  const settled = watch.settled(60_000);
  watch.stop();
  expect(await hasSettled(settled)).toBe(true);
  for (const event of ["reconnecting", "connect", "ready", "error"]) expect(client.listenerCount(event)).toBe(0);
});
