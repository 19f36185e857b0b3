/**
 * The record, kept in the assignment store next to a visitor's sticky groups, that the shop page
 * showed them their group of an experiment (the bandit's headline). The Strata middleware runs
 * on every route, so a visitor's headline can be drawn and stored by a request that showed it to
 * nobody (a `POST /buy` straight away, say): a stored group alone does not mean it was seen.
 * @module
 */
import type { Assignment, AssignmentStore, Units } from "@strata/engine";

/** The stored-assignments key recording that the shop page showed the unit its group of `experimentId`. */
export function shownMarker(experimentId: string): string {
  return `${experimentId}#shown`;
}

/** Records that a page showed the unit `assignment`'s group (like any stored assignment, a second record changes nothing). */
export async function recordShown(store: AssignmentStore, assignment: Assignment): Promise<void> {
  await store.save([{ experiment: shownMarker(assignment.experiment), group: assignment.group, unitType: assignment.unitType, unit: assignment.unit }]);
}

/** True when a page has shown the units their group of `experimentId`; rejects when the store cannot be read. */
export async function wasShown(store: AssignmentStore, units: Units, experimentId: string): Promise<boolean> {
  const stored = await store.load(units);
  return typeof stored[shownMarker(experimentId)] === "string";
}
