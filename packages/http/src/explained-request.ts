/**
 * The decide request that explains a store-backed decision. Explaining decides again, and a
 * bandit's second draw follows the statistics as they are then, so the explanation is built over
 * the groups the decision finally served (its stored and newly drawn sticky groups), not over
 * the snapshot the store gave first (another server's save may have won since).
 * @module
 */
import { storeErrorOf, type DecideRequest, type Decision, type StoredAssignments } from "@strata/engine";

/** The groups of the decision's sticky assignments: those it read from the store and those it saved (or tried to). */
function stickyGroupsOf(decision: Decision): Record<string, string> {
  const groups: Record<string, string> = {};
  for (const a of decision.assignments) if (a.source === "stored") groups[a.experiment] = a.group;
  for (const a of decision.toPersist) groups[a.experiment] = a.group;
  return groups;
}

/**
 * `request` as `decision` was finally decided: with `snapshot` (what the store's load gave;
 * undefined when none was made) and the decision's sticky groups over it, so `engine.explain`
 * names the groups served; and with the store's error when the decision met one (its load, the
 * load of the request of the same units just ahead, or its save), so a bandit it left out is left
 * out of the explanation too.
 */
export function explainedRequest(request: DecideRequest, decision: Decision, snapshot: StoredAssignments | undefined): DecideRequest {
  const stored = { ...snapshot, ...request.stored, ...stickyGroupsOf(decision) };
  const storeError = storeErrorOf(decision.errors);
  // A decision made again after a failed save also used the stored groups: the explanation keeps them.
  return storeError === undefined ? { ...request, stored } : { ...request, stored, storeError };
}
