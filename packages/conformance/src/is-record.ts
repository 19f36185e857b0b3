/**
 * The object check the vector loaders share.
 * @module
 */

/** True for a plain object (not null, not an array): what JSON gives for `{ … }`. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
