/**
 * `PendingTrials`: the trials of sticky draws whose save failed. The store may still hold such a
 * group (a write can land after its deadline; a Redis store retries it), so the trial is counted
 * when a later request of the unit finds that very group stored (or a later save learns the store
 * kept it), and dropped when it finds another (another server's draw won), none, or a later save
 * of the unit is written (its own trial is counted).
 * @module
 */
import type { NewAssignment } from "./types.ts";
import { BoundedUnitMap } from "./bounded-unit-map.ts";

/** Pending groups taken while a write for their units is out, with the assignment written. */
export type TakenTrials = Array<[assignment: NewAssignment, groups: readonly string[]]>;

/** Groups drawn for units whose save failed, by unit and experiment (the 10,000 latest). */
export class PendingTrials {
  private readonly groups = new BoundedUnitMap<string[]>();

  /** Remembers that `group` was drawn for the unit in `experiment` and its save failed (with the unit's earlier such draws: any may land). */
  add(unitType: string, unit: string, experiment: string, group: string): void {
    const groups = this.groups.get(unitType, unit, experiment) ?? [];
    if (!groups.includes(group)) groups.push(group);
    this.groups.set(unitType, unit, experiment, groups);
  }

  /** The pending groups of the unit in `experiment`, forgotten as they are returned (undefined: none). */
  take(unitType: string, unit: string, experiment: string): readonly string[] | undefined {
    const groups = this.groups.get(unitType, unit, experiment);
    if (groups !== undefined) this.groups.delete(unitType, unit, experiment);
    return groups;
  }

  /**
   * Takes the pending groups of the units and experiments of `assignments` (a write for them goes
   * out), so that no request decided meanwhile counts them; `putBack` returns those still pending.
   */
  takeFor(assignments: readonly NewAssignment[]): TakenTrials {
    const taken: TakenTrials = [];
    for (const a of assignments) {
      const groups = this.take(a.unitType, a.unit, a.experiment);
      if (groups !== undefined) taken.push([a, groups]);
    }
    return taken;
  }

  /** Puts back taken pending groups, of every experiment or of those `stillPending` names. */
  putBack(taken: TakenTrials, stillPending?: Readonly<Record<string, unknown>>): void {
    for (const [a, groups] of taken) {
      if (stillPending !== undefined && !Object.hasOwn(stillPending, a.experiment)) continue;
      for (const group of groups) this.add(a.unitType, a.unit, a.experiment, group);
    }
  }

  /** How many units have trials pending. */
  get size(): number {
    return this.groups.size;
  }
}
