/**
 * `PendingTrials`: the trials of sticky draws whose save failed. The store may still hold such a
 * group (a write can land after its deadline; a Redis store retries it), so the trial is counted
 * when a later request of the unit finds that very group stored, and dropped when it finds another
 * (another server's draw won) or none.
 * @module
 */
import { BoundedUnitMap } from "./bounded-unit-map.ts";

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

  /** How many units have trials pending. */
  get size(): number {
    return this.groups.size;
  }
}
