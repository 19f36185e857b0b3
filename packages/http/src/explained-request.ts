/**
 * The decide request that explains a store-backed decision. Explaining decides again, and a
 * bandit's second draw follows the statistics as they are then, so the explanation is built over
 * the groups the decision finally served (its stored and newly drawn sticky groups), not over
 * the snapshot the store gave first (another server's save may have won since).
 * @module
 */
import type { DecideRequest, Decision, StoredAssignments } from "@strata/engine";

/** How the engine's decision errors begin when the stored assignments could not be loaded. */
const STORE_NOTE = "stored assignments not loaded: ";
/** How they begin when the new sticky assignments could not be saved (the engine then decided again as without a store). */
const UNSAVED_NOTE = "new sticky assignments not saved: ";

/** The store error a decision carries (the engine's "stored assignments not loaded: …" or "new sticky assignments not saved: …" note), or undefined. */
function storeErrorOf(decision: Decision): string | undefined {
  for (const error of decision.errors) {
    if (error.startsWith(STORE_NOTE)) return error.slice(STORE_NOTE.length);
    if (error.startsWith(UNSAVED_NOTE)) return error;
  }
  return undefined;
}

/** The groups of the decision's sticky assignments: those it read from the store and those it saved (or tried to). */
function stickyGroupsOf(decision: Decision): Record<string, string> {
  const groups: Record<string, string> = {};
  for (const a of decision.assignments) if (a.source === "stored") groups[a.experiment] = a.group;
  for (const a of decision.toPersist) groups[a.experiment] = a.group;
  return groups;
}

/**
 * `request` as `decision` was finally decided: with the store's error when the decision could
 * not read the store (this request's load or, left by the engine, the load of the request of the
 * same units just ahead), else with `snapshot` (what the store's load gave; undefined when none
 * was made) and the decision's sticky groups over it, so `engine.explain` names the groups served.
 */
export function explainedRequest(request: DecideRequest, decision: Decision, snapshot: StoredAssignments | undefined): DecideRequest {
  const storeError = storeErrorOf(decision);
  if (storeError !== undefined) return { ...request, storeError };
  return { ...request, stored: { ...snapshot, ...request.stored, ...stickyGroupsOf(decision) } };
}
