/**
 * Cookie unit ids: new random 128-bit ids from Web Crypto, and the check that decides whether
 * an incoming cookie value is kept or replaced.
 * @module
 */

/** The character codes of `0123456789abcdef`. */
const HEX_DIGITS = Array.from("0123456789abcdef", (digit) => digit.charCodeAt(0));
const ID_BYTES = 16;
/**
 * The id's 32 character codes, reused by every call. One `String.fromCharCode` over them makes
 * a flat string; concatenating 16 two-digit strings made a 16-deep rope that Node flattened
 * again while checking the Set-Cookie header, which cost more than building the id.
 */
const idCodes: number[] = new Array<number>(ID_BYTES * 2).fill(0);
/**
 * Random bytes for the next 4,096 ids. A `getRandomValues` call costs 2–11 µs from 16 bytes to
 * 64 KB (the most one call may fill) and more on a busy server, so the pool is filled 64 KB at
 * a time and every byte is used once, as Node's own `crypto.randomUUID` does with a smaller pool.
 */
const pool = new Uint8Array(65_536);
let poolOffset = pool.length;

/** The shortest cookie id kept (shorter values are replaced). */
export const MIN_UNIT_ID_LENGTH = 16;
/** The longest cookie id kept (longer values are replaced, never echoed). */
export const MAX_UNIT_ID_LENGTH = 64;

/** True for the code units of `A–Z a–z 0–9 _ -`. */
function isIdChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 95 || c === 45;
}

/** A new random 128-bit unit id as 32 lowercase hex digits (crypto.getRandomValues, drawn 4,096 ids at a time). */
export function newUnitId(): string {
  if (poolOffset === pool.length) {
    globalThis.crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  for (let i = 0; i < ID_BYTES; i++) {
    const byte = pool[poolOffset + i] as number;
    idCodes[2 * i] = HEX_DIGITS[byte >> 4] as number;
    idCodes[2 * i + 1] = HEX_DIGITS[byte & 15] as number;
  }
  poolOffset += ID_BYTES;
  return String.fromCharCode.apply(null, idCodes);
}

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
