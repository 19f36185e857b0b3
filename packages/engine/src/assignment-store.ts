/**
 * The assignment store interface (sticky assignments) and its in-memory implementation.
 * @module
 */
import type { NewAssignment, StoredAssignments, Units } from "./types.ts";

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
  /** Persists new assignments: each is written only when the unit has no stored group for it, or still the one it `replaces`. */
  save(assignments: readonly NewAssignment[]): void | Promise<void>;
}

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

  /** Persists new assignments (the first group of a unit wins; a retired group is replaced only while it is still the stored one). */
  save(assignments: readonly NewAssignment[]): void {
    for (const { experiment, group, unitType, unit, replaces } of assignments) {
      const key = unitStoreKey(unitType, unit);
      let stored = this.byUnit.get(key);
      if (!stored) this.byUnit.set(key, (stored = new Map()));
      const current = stored.get(experiment);
      if (current === undefined || (replaces !== undefined && current === replaces)) stored.set(experiment, group);
    }
  }

  /** How many units have stored assignments. */
  get size(): number {
    return this.byUnit.size;
  }
}
