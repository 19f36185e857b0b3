/**
 * The stored record that a unit's conversion for a sticky experiment was counted: an entry in
 * the unit's stored assignments under a key no experiment id can take (ids have no "#"), so
 * `convertWithStore` counts one success per unit, as a Beta-Bernoulli bandit's one trial per unit
 * allows, on every server that shares the store. Its value is a claim, the group plus a random
 * id, so that of two conversions recorded at once exactly one finds its own claim stored.
 * @module
 */
import { randomId } from "./random-id.ts";

/** What a conversion marker appends to its experiment id. */
const MARKER_SUFFIX = "#converted";

/** The stored-assignments key that marks the unit's conversion for `experimentId` as counted. */
export function conversionMarker(experimentId: string): string {
  return `${experimentId}${MARKER_SUFFIX}`;
}

/** The experiment whose conversion marker `key` is (`conversionMarker`'s inverse), or undefined for any other key. */
export function convertedExperiment(key: string): string | undefined {
  return key.endsWith(MARKER_SUFFIX) ? key.slice(0, -MARKER_SUFFIX.length) : undefined;
}

/** A unique value to store under the unit's marker for a conversion on `group`: the group, "#", and a random id (group ids have no "#"). */
export function conversionClaim(group: string): string {
  return `${group}#${randomId()}`;
}

/** The group a stored marker value records (values stored before claims were the group alone). */
export function convertedGroup(value: string): string {
  const hash = value.indexOf("#");
  return hash < 0 ? value : value.slice(0, hash);
}
