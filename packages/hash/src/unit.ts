/**
 * What may be hashed as a unit or a salt.
 * @module
 */

/** A unit id: a string, or a finite number hashed as its decimal string. */
export type UnitId = string | number;

/** The string that is hashed for `unit`; throws a TypeError for anything but a string or finite number. */
export function unitKey(unit: unknown, what = "unit"): string {
  if (typeof unit === "string") return unit;
  if (typeof unit === "number" && Number.isFinite(unit)) return String(unit);
  const shown = typeof unit === "number" ? String(unit) : typeof unit;
  throw new TypeError(`${what} must be a string or a finite number (got ${shown}); convert it with String(...) first`);
}

/** Checks that `salt` is a string; throws a TypeError naming it otherwise. */
export function saltKey(salt: unknown): string {
  if (typeof salt === "string") return salt;
  throw new TypeError(`salt must be a string (got ${salt === null ? "null" : typeof salt})`);
}

/** Checks that `buckets` is a whole number from 1 to 2^32-1 and returns it. */
export function bucketCount(buckets: unknown, field = "buckets"): number {
  if (typeof buckets === "number" && Number.isInteger(buckets) && buckets >= 1 && buckets <= 0xffffffff) {
    return buckets;
  }
  throw new RangeError(`${field} must be a whole number from 1 to 4294967295 (got ${String(buckets)})`);
}
