/**
 * `PendingSaves`: assignments whose save failed, kept (up to a limit, oldest dropped first) to be
 * written again when Redis is back, and overlaid on loads meanwhile so this process stays sticky.
 * @module
 */
import type { NewAssignment } from "@strata/engine";

interface PendingUnit {
  readonly unitType: string;
  readonly unit: string;
  /** Group by experiment id. */
  readonly groups: Map<string, string>;
}

/** A bounded buffer of assignments waiting to be saved again, keyed by the unit's Redis key. */
export class PendingSaves {
  private readonly byKey = new Map<string, PendingUnit>();
  private count = 0;

  /** Keeps at most `limit` assignments. */
  constructor(private readonly limit: number) {}

  /** How many assignments are waiting. */
  get size(): number {
    return this.count;
  }

  /**
   * Adds assignments under their unit keys (an experiment's first pending group wins, as in
   * Redis); returns how many of the oldest were dropped to stay within the limit.
   */
  add(assignments: readonly NewAssignment[], keyOf: (a: NewAssignment) => string): number {
    for (const assignment of assignments) {
      const key = keyOf(assignment);
      let pending = this.byKey.get(key);
      if (!pending) this.byKey.set(key, (pending = { unitType: assignment.unitType, unit: assignment.unit, groups: new Map() }));
      if (pending.groups.has(assignment.experiment)) continue;
      pending.groups.set(assignment.experiment, assignment.group);
      this.count++;
    }
    let dropped = 0;
    for (const [key, pending] of this.byKey) {
      if (this.count <= this.limit) break;
      this.byKey.delete(key);
      this.count -= pending.groups.size;
      dropped += pending.groups.size;
    }
    return dropped;
  }

  /** The waiting groups of one unit key (group by experiment id), if any. */
  groupsOf(key: string): ReadonlyMap<string, string> | undefined {
    return this.byKey.get(key)?.groups;
  }

  /** Removes and returns up to `max` waiting assignments (whole units, oldest first). */
  take(max: number): NewAssignment[] {
    const out: NewAssignment[] = [];
    for (const [key, pending] of this.byKey) {
      if (out.length >= max) break;
      this.byKey.delete(key);
      this.count -= pending.groups.size;
      for (const [experiment, group] of pending.groups) out.push({ experiment, group, unitType: pending.unitType, unit: pending.unit });
    }
    return out;
  }
}
