/**
 * Checks of the stores' numeric options; each error names the option and the value it got.
 * @module
 */

/** The longest delay a Node timer takes (2^31 - 1 ms, about 24.8 days); a longer one fires after 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;

/** A positive number of milliseconds a timer can wait (at most `MAX_TIMER_MS`), or `fallback` when absent. */
export function checkMs(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`redis: ${name} must be a positive number of milliseconds (got ${String(value)})`);
  }
  if (value > MAX_TIMER_MS) {
    throw new TypeError(
      `redis: ${name} must be at most ${MAX_TIMER_MS} milliseconds (about 24.8 days, the longest timer Node runs; a longer one fires after 1 ms) (got ${String(value)})`,
    );
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
