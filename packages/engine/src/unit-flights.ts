/**
 * `UnitFlights`: one store-backed decision at a time per unit within a process, so that two
 * requests of a new unit arriving together do not both draw a group before either has saved one.
 * @module
 */
import { unitStoreKey } from "./assignment-store.ts";

/** Resolves when a task is over, whether it succeeded or failed (never rejects). */
type Settled = Promise<void>;

const ignore = (): void => {};

/** The storage keys (`unitType:unitId`) of the units a request carries, as the store would load them. */
export function unitKeysOf(units: unknown): string[] {
  const keys: string[] = [];
  if (units === null || typeof units !== "object") return keys;
  try {
    for (const type of Object.keys(units)) {
      const id = (units as Record<string, unknown>)[type];
      if (typeof id === "string" ? id !== "" : typeof id === "number" && Number.isFinite(id)) keys.push(unitStoreKey(type, String(id)));
    }
  } catch {
    // A units object whose getters throw: the decision reports it; the keys read so far serve.
  }
  return keys;
}

/**
 * Runs tasks keyed by units: a task whose units have a task in flight waits for those to end,
 * then runs. A task that finds a unit free becomes that unit's leader; tasks arriving while it
 * runs wait for it and then run side by side (they find the leader's saved groups), so a burst of
 * one unit's requests costs one extra round trip, not a queue.
 */
export class UnitFlights {
  private readonly leaders = new Map<string, Settled>();

  /** Runs `task` once no earlier task of the same units is in flight. */
  async run<T>(keys: readonly string[], task: () => Promise<T>): Promise<T> {
    let waits: Settled[] | undefined;
    let led: string[] | undefined;
    for (const key of keys) {
      const leader = this.leaders.get(key);
      if (leader !== undefined) (waits ??= []).push(leader);
      else (led ??= []).push(key);
    }
    const result = waits === undefined ? task() : Promise.all(waits).then(task);
    if (led === undefined) return result;
    const settled: Settled = result.then(ignore, ignore);
    for (const key of led) this.leaders.set(key, settled);
    try {
      return await result;
    } finally {
      for (const key of led) if (this.leaders.get(key) === settled) this.leaders.delete(key);
    }
  }
}
