/**
 * The object keys no Strata document may contain anywhere: they are how prototype-pollution
 * attacks reach `Object.prototype` through naive merging code downstream.
 * @module
 */

/** `__proto__`, `constructor` and `prototype`. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** True for a key that is rejected wherever it appears. */
export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}
