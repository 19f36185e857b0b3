/**
 * Stored assignments loaded per unit type (`AssignmentStore.loadByUnit`), merged into the one
 * snapshot a decision reads, without the groups stored under a unit type their experiment no
 * longer diverts on.
 * @module
 */
import type { StoredAssignments } from "./types.ts";

/** The stored assignments of a request's units, per unit type: e.g. `{ userId: { checkout: "b" }, cookieId: { banner: "a" } }`. */
export type StoredByUnit = Readonly<Record<string, StoredAssignments>>;

/** The experiment a stored key belongs to: the key itself, or the part before "#" of a record such as `checkout#converted` (experiment ids have no "#"). */
function experimentOfKey(key: string): string {
  const hash = key.indexOf("#");
  return hash < 0 ? key : key.slice(0, hash);
}

/**
 * One snapshot of `byUnit`: each group, and each record of its experiment, as stored under the
 * unit type the experiment diverts on now (`diversionOf`); a group stored under another unit type
 * is left out, since the experiment's diversion changed after it was stored (a unit keeping it
 * would have one group per device under user diversion). Keys of experiments the config does not
 * know are kept. Where unit types store the same key, the later one wins, as in a merged `load`.
 */
export function mergeStoredByUnit(byUnit: StoredByUnit, diversionOf: (experimentId: string) => string | undefined): StoredAssignments {
  const out = Object.create(null) as Record<string, string>;
  // A store that found nothing may answer undefined or null, as `load` may.
  if (byUnit === null || typeof byUnit !== "object") return out;
  for (const unitType of Object.keys(byUnit)) {
    const stored = byUnit[unitType];
    if (stored === null || typeof stored !== "object") continue;
    for (const key of Object.keys(stored)) {
      const diversion = diversionOf(experimentOfKey(key));
      if (diversion === undefined || diversion === unitType) out[key] = stored[key] as string;
    }
  }
  return out;
}
