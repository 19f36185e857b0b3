/**
 * The stored record that a unit's conversion for a sticky experiment was counted: an entry in
 * the unit's stored assignments under a key no experiment id can take (ids have no "#"), so
 * `convertWithStore` counts one success per unit, as a Beta-Bernoulli bandit's one trial per unit
 * allows, on every server that shares the store.
 * @module
 */

/** The stored-assignments key that marks the unit's conversion for `experimentId` as counted. */
export function conversionMarker(experimentId: string): string {
  return `${experimentId}#converted`;
}
