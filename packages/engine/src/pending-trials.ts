/**
 * `PendingTrials`: the trials of sticky draws whose save failed. The store may still hold such a
 * group (a write can land after its deadline; a Redis store retries it), so the trial is counted
 * when a later request of the unit finds that very group stored, and dropped when it finds another
 * (another server's draw won) or none.
 * @module
 */
import { unitStoreKey } from "./assignment-store.ts";

/** How many pending trials are remembered; beyond it, the oldest are forgotten. */
const LIMIT = 10_000;

/** Groups drawn for units whose save failed, by unit and experiment. */
export class PendingTrials {
  private readonly byKey = new Map<string, string[]>();

  /** Remembers that `group` was drawn for the unit in `experiment` and its save failed (with the unit's earlier such draws: any may land). */
  add(unitType: string, unit: string, experiment: string, group: string): void {
    const key = pendingKey(unitType, unit, experiment);
    const groups = this.byKey.get(key) ?? [];
    this.byKey.delete(key);
    if (!groups.includes(group)) groups.push(group);
    this.byKey.set(key, groups);
    if (this.byKey.size > LIMIT) this.byKey.delete(this.byKey.keys().next().value as string);
  }

  /** The pending groups of the unit in `experiment`, forgotten as they are returned (undefined: none). */
  take(unitType: string, unit: string, experiment: string): readonly string[] | undefined {
    const key = pendingKey(unitType, unit, experiment);
    const groups = this.byKey.get(key);
    if (groups !== undefined) this.byKey.delete(key);
    return groups;
  }

  /** How many trials are pending. */
  get size(): number {
    return this.byKey.size;
  }
}

function pendingKey(unitType: string, unit: string, experiment: string): string {
  return `${unitStoreKey(unitType, unit)}\n${experiment}`;
}
