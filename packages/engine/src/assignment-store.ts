/**
 * The assignment store interface (sticky assignments) and its in-memory implementation.
 * @module
 */
import type { StoredByUnit } from "./stored-by-unit.ts";
import type { NewAssignment, StoredAssignments, Units } from "./types.ts";

/**
 * What a save may report: for each assignment the store did not write because the unit already
 * had a group of that experiment (another server saved one first, maybe the same group), the
 * experiment id and the group the store keeps. Empty when every assignment was written.
 */
export type KeptGroups = Readonly<Record<string, string>>;

/**
 * Where sticky assignments live: loaded once before a decision, saved once after it.
 *
 * `save` must keep concurrent servers consistent, so each write is conditional:
 * - an assignment without `replaces` is written only when the unit has no stored group for the
 *   experiment (the first group wins; a later save never overwrites it);
 * - an assignment with `replaces` (its stored group was retired from the experiment) is written
 *   when the unit's stored group is still `replaces`, or there is none; if another server has
 *   already replaced it, that server's group stays (compare-and-set, atomic per assignment).
 */
export interface AssignmentStore {
  /** The stored assignments of the request's units (group by experiment id), merged over the units. */
  load(units: Units): StoredAssignments | Promise<StoredAssignments>;
  /**
   * Optional, and used instead of `load` when present: the same read with each unit type's
   * assignments apart (`{ userId: {…}, cookieId: {…} }`), so that a group stored under a unit type
   * its experiment no longer diverts on (its diversion was changed) is not used. With `load` alone,
   * such a group still wins.
   */
  loadByUnit?(units: Units): StoredByUnit | Promise<StoredByUnit>;
  /**
   * Persists new assignments: each is written only when the unit has no stored group for it, or
   * still the one it `replaces`. A store that can tell returns the groups it kept instead of
   * those not written (`KeptGroups`), so the engine shows the unit the stored group at once; a
   * store returning nothing is taken to have written every assignment.
   */
  save(assignments: readonly NewAssignment[], options?: SaveOptions): void | KeptGroups | Promise<void | KeptGroups>;
}

/**
 * What the engine passes to `AssignmentStore.save` besides the assignments. A store may ignore it;
 * the engine then counts the bandit trial of a draw whose save failed when a later request of the
 * unit, on this engine, finds that group stored.
 */
export interface SaveOptions {
  /**
   * For a store that keeps the writes of a failed save and writes them later (`@strata/redis`
   * retries them): call it with the assignments of this save that were written although the save
   * failed (by a retry, or acknowledged before another write of the save failed), not those the
   * store found another group stored for, so their bandit trials are counted exactly once. A store
   * that calls it rejects such a save with an error whose `reportsLateWrites` is `true`.
   */
  readonly onLateWrite?: (written: readonly NewAssignment[]) => void;
}

/** True when a failed save's error says the store reports the save's late writes through `SaveOptions.onLateWrite`. */
export function reportsLateWrites(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { reportsLateWrites?: unknown }).reportsLateWrites === true;
}

/**
 * False when a failed save's error says the store keeps none of its writes for a retry
 * (`keptForRetry: false`, e.g. a store without a retry buffer, or one closed): then nothing writes
 * them later, and a conversion must be retried by the caller. True otherwise.
 */
export function keptForRetry(error: unknown): boolean {
  return !(typeof error === "object" && error !== null && (error as { keptForRetry?: unknown }).keptForRetry === false);
}

/** The answer of a save that wrote everything. */
const NOTHING_KEPT: KeptGroups = Object.freeze({});

/** The storage key of one unit: `unitType:unitId`. */
export function unitStoreKey(unitType: string, unit: string): string {
  return `${unitType}:${unit}`;
}

/** An in-memory assignment store (one process; tests, demos, single servers). */
export class MemoryAssignmentStore implements AssignmentStore {
  private readonly byUnit = new Map<string, Map<string, string>>();

  /** The stored assignments of the request's units, merged over the units. */
  load(units: Units): StoredAssignments {
    const out = Object.create(null) as Record<string, string>;
    for (const stored of Object.values(this.loadByUnit(units))) Object.assign(out, stored);
    return out;
  }

  /** The stored assignments of the request's units, per unit type. */
  loadByUnit(units: Units): StoredByUnit {
    const out = Object.create(null) as Record<string, StoredAssignments>;
    for (const unitType of Object.keys(units)) {
      const id = units[unitType];
      if (id === undefined || id === null) continue;
      const stored = this.byUnit.get(unitStoreKey(unitType, String(id)));
      if (stored) out[unitType] = Object.fromEntries(stored);
    }
    return out;
  }

  /** Persists new assignments (the first group of a unit wins; a retired group is replaced only while it is still the stored one); returns the groups kept instead of those not written. */
  save(assignments: readonly NewAssignment[]): KeptGroups {
    let kept: Record<string, string> | undefined;
    for (const { experiment, group, unitType, unit, replaces } of assignments) {
      const key = unitStoreKey(unitType, unit);
      let stored = this.byUnit.get(key);
      if (!stored) this.byUnit.set(key, (stored = new Map()));
      const current = stored.get(experiment);
      if (current === undefined || (replaces !== undefined && current === replaces)) stored.set(experiment, group);
      else (kept ??= {})[experiment] = current;
    }
    return kept ?? NOTHING_KEPT;
  }

  /** How many units have stored assignments. */
  get size(): number {
    return this.byUnit.size;
  }
}
