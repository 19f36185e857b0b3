/**
 * Cookie unit ids: new random 128-bit ids from Web Crypto, and the check that decides whether
 * an incoming cookie value is kept or replaced.
 * @module
 */
import { randomId } from "@strata/engine";

/** The shortest cookie id kept (shorter values are replaced). */
export const MIN_UNIT_ID_LENGTH = 16;
/** The longest cookie id kept (longer values are replaced, never echoed). */
export const MAX_UNIT_ID_LENGTH = 64;

/** True for the code units of `A–Z a–z 0–9 _ -`. */
function isIdChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 95 || c === 45;
}

/** A new random 128-bit unit id as 32 lowercase hex digits: the engine's `randomId` (Web Crypto, drawn 4,096 ids at a time). */
export const newUnitId: () => string = randomId;

/**
 * True when a cookie value may be used as a unit id as it is: 16 to 64 characters of
 * `A–Z a–z 0–9 _ -`. Anything else (CR, LF, `;`, quotes, spaces, percent-escapes, oversized
 * values) is replaced by a new id and never written back.
 */
export function isValidUnitId(value: string | undefined): value is string {
  if (value === undefined || value.length < MIN_UNIT_ID_LENGTH || value.length > MAX_UNIT_ID_LENGTH) return false;
  // A loop rather than a regular expression: this runs on every request.
  for (let i = 0; i < value.length; i++) if (!isIdChar(value.charCodeAt(i))) return false;
  return true;
}
