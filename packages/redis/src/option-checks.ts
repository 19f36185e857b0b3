/**
 * Checks of the stores' numeric options; each error names the option and the value it got.
 * @module
 */

/** A positive number of milliseconds, or `fallback` when absent. */
export function checkMs(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`redis: ${name} must be a positive number of milliseconds (got ${String(value)})`);
  }
  return value;
}

/** A whole number of seconds > 0 (a TTL), or undefined when absent. */
export function checkSeconds(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`redis: ${name} must be a whole number of seconds > 0 (got ${String(value)})`);
  return value;
}

/** A whole number >= 0, or `fallback` when absent. */
export function checkCount(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`redis: ${name} must be a whole number >= 0 (got ${String(value)})`);
  return value;
}
