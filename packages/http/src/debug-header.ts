/**
 * The optional `Strata-Assignments` response header: the request's groups, in the same
 * `experiment:group,…` form an override token forces.
 * @module
 */
import type { Assignment } from "@strata/engine";

/** The debug header's name. */
export const DEBUG_HEADER = "Strata-Assignments";

const SAFE = /^[A-Za-z0-9_.-]+$/;

/** `experiment:group,…` for the assignments (ids that are not header-safe are left out); empty when none. */
export function formatAssignments(assignments: readonly Assignment[]): string {
  let out = "";
  for (const { experiment, group } of assignments) {
    if (!SAFE.test(experiment) || !SAFE.test(group)) continue;
    out += (out === "" ? "" : ",") + experiment + ":" + group;
  }
  return out;
}
