/**
 * The assignment store interface (sticky assignments) and its in-memory implementation.
 * @module
 */
import type { NewAssignment, StoredAssignments, Units } from "./types.ts";

/** Where sticky assignments live: loaded once before a decision, saved once after it. */
export interface AssignmentStore {
  /** The stored assignments of the request's units (group by experiment id). */
  load(units: Units): StoredAssignments | Promise<StoredAssignments>;
  /** Persists new assignments. */
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

  /** Persists new assignments (the first group of a unit wins; later saves do not overwrite it). */
  save(assignments: readonly NewAssignment[]): void {
    for (const { experiment, group, unitType, unit } of assignments) {
      const key = unitStoreKey(unitType, unit);
      let stored = this.byUnit.get(key);
      if (!stored) this.byUnit.set(key, (stored = new Map()));
      if (!stored.has(experiment)) stored.set(experiment, group);
    }
  }

  /** How many units have stored assignments. */
  get size(): number {
    return this.byUnit.size;
  }
}
