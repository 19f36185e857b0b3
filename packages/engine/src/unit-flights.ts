/**
 * `UnitFlights`: one store-backed decision at a time per unit within a process, so that two
 * requests of a new unit arriving together do not both draw a group before either has saved one.
 * @module
 */
import { unitStoreKey } from "./assignment-store.ts";

/** How long a request waits for the one ahead of it (its leader) before it goes on anyway, in ms. */
export const LEADER_WAIT_MS = 1000;

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
 * then runs, hearing what they left for it (such as a store error). A task that finds a unit
 * free becomes that unit's leader; tasks arriving while it runs wait for it and then run side by
 * side (they find the leader's saved groups), so a burst of one unit's requests costs one extra
 * round trip, not a queue. A leader that has not ended within `waitMs` (a store call that never
 * answers) is given up: the tasks waiting for it run, and later ones no longer wait for it.
 */
export class UnitFlights<R, N = string> {
  private readonly leaders = new Map<string, Promise<N | undefined>>();
  private readonly noteOf: (result: R) => N | undefined;
  private readonly waitMs: number;

  /** `noteOf` picks what a finished task leaves for the tasks waiting behind it (undefined: nothing). */
  constructor(noteOf: (result: R) => N | undefined, waitMs = LEADER_WAIT_MS) {
    this.noteOf = noteOf;
    this.waitMs = waitMs;
  }

  /** Runs `task` once no earlier task of the same units is in flight (or `waitMs` has passed), with the note its leaders left. */
  async run(keys: readonly string[], task: (heard: N | undefined) => Promise<R>): Promise<R> {
    let waits: Array<[string, Promise<N | undefined>]> | undefined;
    let led: string[] | undefined;
    for (const key of keys) {
      const leader = this.leaders.get(key);
      if (leader !== undefined) (waits ??= []).push([key, leader]);
      else (led ??= []).push(key);
    }
    const result = waits === undefined ? task(undefined) : this.heardFrom(waits).then(task);
    if (led === undefined) return result;
    const settled = result.then(this.noteOf, () => undefined);
    for (const key of led) this.leaders.set(key, settled);
    try {
      return await result;
    } finally {
      for (const key of led) if (this.leaders.get(key) === settled) this.leaders.delete(key);
    }
  }

  /** The first note the leaders leave once all have ended; undefined after `waitMs`, when those still running are given up. */
  private heardFrom(waits: ReadonlyArray<[string, Promise<N | undefined>]>): Promise<N | undefined> {
    return new Promise((resolve) => {
      let ended = false;
      const timer = setTimeout(() => {
        if (ended) return;
        ended = true;
        for (const [key, leader] of waits) if (this.leaders.get(key) === leader) this.leaders.delete(key);
        resolve(undefined);
      }, this.waitMs);
      void Promise.all(waits.map(([, leader]) => leader)).then((notes) => {
        if (ended) return;
        ended = true;
        clearTimeout(timer);
        resolve(notes.find((note) => note !== undefined));
      });
    });
  }
}
