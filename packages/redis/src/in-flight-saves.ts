/**
 * `InFlightSaves`: the assignments of saves sent to Redis and not yet acknowledged, by unit key,
 * so a load issued meanwhile (without pipelining a save's commands go out one round trip at a
 * time, and a later unit's write may not have left yet) overlays them instead of finding the
 * unit unassigned.
 * @module
 */
import type { PendingAssignment } from "./pending-saves.ts";

/** Assignments on their way to Redis, by unit key, in the order their saves were called. */
export class InFlightSaves {
  /** Per unit key: the assignments in flight, oldest first (one experiment may appear more than once). */
  private readonly byKey = new Map<string, PendingAssignment[]>();
  private count = 0;

  /** How many assignments are in flight. */
  get size(): number {
    return this.count;
  }

  /** Registers a save's assignments as sent. */
  add(assignments: readonly PendingAssignment[]): void {
    for (const assignment of assignments) {
      const inFlight = this.byKey.get(assignment.key);
      if (inFlight === undefined) this.byKey.set(assignment.key, [assignment]);
      else inFlight.push(assignment);
    }
    this.count += assignments.length;
  }

  /** A copy of the assignments in flight for one unit key, oldest first, if any. */
  writesFor(key: string): readonly PendingAssignment[] | undefined {
    return this.byKey.get(key)?.slice();
  }

  /** Forgets a save's assignments once Redis acknowledged (or failed) them; `assignments` must be the objects passed to `add`. */
  remove(assignments: readonly PendingAssignment[]): void {
    for (const assignment of assignments) {
      const inFlight = this.byKey.get(assignment.key);
      const at = inFlight === undefined ? -1 : inFlight.indexOf(assignment);
      if (inFlight === undefined || at < 0) continue;
      inFlight.splice(at, 1);
      this.count--;
      if (inFlight.length === 0) this.byKey.delete(assignment.key);
    }
  }
}
