/**
 * The timed retry of waiting assignments, on a stand-in connection and fake timers (the real-Redis
 * side is in write-pause.test.ts): the waits double while Redis refuses, and a new outage starts
 * again at the first wait even when a load, save or reconnect emptied the buffer in between.
 * @module
 */
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { RedisAssignmentStore, type RedisConnection } from "../src/index.ts";

/** A connection whose writes Redis refuses while `refusing`; `batches` counts the batches sent. */
function standIn() {
  const state = { refusing: true, batches: 0 };
  const connection = {
    connected: true,
    onReady: () => () => undefined,
    run: async (commands: readonly unknown[]) => commands.map(() => []),
    runSettled: async (commands: readonly unknown[]) => {
      state.batches++;
      return commands.map(() => (state.refusing ? { status: "rejected", reason: new Error("NOREPLICAS Not enough good replicas to write.") } : { status: "fulfilled", value: [null] }));
    },
  };
  return { state, connection: connection as unknown as RedisConnection };
}

/** The delays of the timers pending now, as `setTimeout` was asked for them. */
function waitsAfter(run: () => Promise<unknown>, spy: { mockClear(): unknown; mock: { calls: ReadonlyArray<readonly unknown[]> } }) {
  spy.mockClear();
  return run().then(() => spy.mock.calls.map((call) => call[1] as number));
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

it("retries waiting writes after 1, 2, 4… s (at most 30 s) while Redis refuses, and starts again at 1 s for the next outage", async () => {
  const { state, connection } = standIn();
  const store = new RedisAssignmentStore(connection, { onError: () => undefined });
  const setTimeoutSpy = vi.spyOn(globalThis, "setTimeout");
  const save = (unit: string) => store.save([{ experiment: "e", group: "g", unitType: "userId", unit }]).catch(() => "refused");
  expect(await waitsAfter(() => save("u1"), setTimeoutSpy)).toEqual([1_000]);
  const waits: number[] = [];
  for (let i = 0; i < 6; i++) waits.push(...(await waitsAfter(() => vi.advanceTimersToNextTimerAsync(), setTimeoutSpy)));
  expect(waits).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  // Writes are back and a load's retry writes what waited; the timer due in 30 s finds nothing and stops.
  state.refusing = false;
  expect(await store.retry()).toBe(1);
  // The next outage starts at the first wait, not at 30 s.
  state.refusing = true;
  expect(await waitsAfter(() => save("u2"), setTimeoutSpy)).toEqual([1_000]);
  const before = state.batches;
  await vi.advanceTimersByTimeAsync(1_000);
  expect(state.batches).toBe(before + 1);
  await store.close();
  expect(vi.getTimerCount()).toBe(0);
});
