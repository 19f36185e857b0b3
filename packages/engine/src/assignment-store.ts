/**
 * The assignment store interface (sticky assignments) and its in-memory implementation.
 * @module
 */
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
  /** The stored assignments of the request's units (group by experiment id). */
  load(units: Units): StoredAssignments | Promise<StoredAssignments>;
  /**
   * Persists new assignments: each is written only when the unit has no stored group for it, or
   * still the one it `replaces`. A store that can tell returns the groups it kept instead of
   * those not written (`KeptGroups`), so the engine shows the unit the stored group at once; a
   * store returning nothing is taken to have written every assignment.
   */
  save(assignments: readonly NewAssignment[]): void | KeptGroups | Promise<void | KeptGroups>;
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

  /** The stored assignments of the request's units. */
  load(units: Units): StoredAssignments {
    const out: Record<string, string> = {};
    for (const unitType of Object.keys(units)) {
      const id = units[unitType];
      if (id === undefined || id === null) continue;
      const stored = this.byUnit.get(unitStoreKey(unitType, String(id)));
      if (stored) for (const [experiment, group] of stored) out[experiment] = group;
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
