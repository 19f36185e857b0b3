/**
 * `PendingSaves`: assignments whose save failed, kept (up to a limit, oldest dropped first) to be
 * written again when Redis is back. Loads do not show them: Redis may never hold them (another
 * server's group may land first), so a unit sees a group only once it is stored. An assignment
 * stays here while its retry is in flight and leaves only once Redis acknowledged it.
 * @module
 */
import type { NewAssignment } from "@strata/engine";

/** One assignment waiting to be written. */
export interface PendingAssignment {
  /** The unit's Redis key. */
  readonly key: string;
  /** The experiment id. */
  readonly experiment: string;
  /** The group to write. */
  readonly group: string;
  /** Retired groups this write may replace (empty: written only where no group is stored). */
  readonly replaces: readonly string[];
  /** The assignment as the engine gave it, handed back to `onLateWrite`. */
  readonly assignment: NewAssignment;
  /** The save's `onLateWrite`, told when this write is written after its save failed. */
  readonly onLateWrite: LateWriteListener | undefined;
}

/** The engine's `SaveOptions.onLateWrite`. */
export type LateWriteListener = (written: readonly NewAssignment[]) => void;

/** `assignment` as it is written and waited on, under its unit's Redis `key`. */
export function pendingAssignment(key: string, assignment: NewAssignment, onLateWrite?: LateWriteListener): PendingAssignment {
  const { experiment, group, replaces } = assignment;
  return { key, experiment, group, replaces: replaces === undefined ? NO_RETIRED : [replaces], assignment, onLateWrite };
}

const NO_RETIRED: readonly string[] = [];

/** The stored group a unit would have once `pending` is written over `stored` (what Redis holds now, if anything). */
export function groupAfterWrite(stored: string | undefined, pending: PendingAssignment): string {
  return stored === undefined || pending.replaces.includes(stored) ? pending.group : stored;
}

/** A bounded buffer of assignments waiting to be saved again, keyed by the unit's Redis key. */
export class PendingSaves {
  /** Per unit key: the waiting assignment by experiment id. */
  private readonly byKey = new Map<string, Map<string, PendingAssignment>>();
  private count = 0;

  /** Keeps at most `limit` assignments. */
  constructor(private readonly limit: number) {}

  /** How many assignments are waiting (including those whose retry is in flight). */
  get size(): number {
    return this.count;
  }

  /**
   * Adds assignments under their unit keys, merged as Redis would apply them: an experiment's
   * first waiting group wins over a later first assignment, and a later replacement of a retired
   * group takes over (replacing what the earlier one could). Returns those of the oldest units
   * dropped to stay within the limit.
   */
  add(assignments: readonly PendingAssignment[]): PendingAssignment[] {
    for (const assignment of assignments) {
      const { key, experiment, replaces } = assignment;
      let waiting = this.byKey.get(key);
      if (!waiting) this.byKey.set(key, (waiting = new Map()));
      const earlier = waiting.get(experiment);
      if (earlier === undefined) {
        waiting.set(experiment, assignment);
        this.count++;
      } else if (replaces.length > 0) {
        const retired = [...earlier.replaces, ...replaces.filter((group) => !earlier.replaces.includes(group))];
        waiting.set(experiment, { ...assignment, replaces: retired });
      }
    }
    const dropped: PendingAssignment[] = [];
    for (const [key, waiting] of this.byKey) {
      if (this.count <= this.limit) break;
      this.byKey.delete(key);
      this.count -= waiting.size;
      dropped.push(...waiting.values());
    }
    return dropped;
  }

  /** Up to `max` waiting assignments (whole units, oldest first), left in place until `settle`. */
  peek(max: number): PendingAssignment[] {
    const out: PendingAssignment[] = [];
    for (const waiting of this.byKey.values()) {
      if (out.length >= max) break;
      for (const assignment of waiting.values()) out.push(assignment);
    }
    return out;
  }

  /** Removes assignments Redis acknowledged; one superseded meanwhile by a later `add` stays to be written. */
  settle(written: readonly PendingAssignment[]): void {
    for (const assignment of written) {
      const waiting = this.byKey.get(assignment.key);
      if (waiting?.get(assignment.experiment) !== assignment) continue;
      waiting.delete(assignment.experiment);
      this.count--;
      if (waiting.size === 0) this.byKey.delete(assignment.key);
    }
  }
}
