/**
 * Counts JSON values the way `validate` does for `LIMITS.documentValues`: every object, array,
 * string, number, boolean and null once (object properties holding `undefined` are absent).
 * @module
 */

/** The number of JSON values in `value`, itself included. */
export function countJsonValues(value: unknown): number {
  if (value === null || typeof value !== "object") return 1;
  let count = 1;
  if (Array.isArray(value)) for (const item of value) count += countJsonValues(item);
  else for (const item of Object.values(value)) if (item !== undefined) count += countJsonValues(item);
  return count;
}
