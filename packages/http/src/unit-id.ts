/**
 * Cookie unit ids: new random 128-bit ids from Web Crypto, and the check that decides whether
 * an incoming cookie value is kept or replaced.
 * @module
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const ID_BYTES = 16;
/**
 * Random bytes for the next 256 ids. One `getRandomValues` call costs about 2 µs whatever its
 * size (up to a few KB), so the pool is filled 4 KB at a time and every byte is used once, as
 * Node's own `crypto.randomUUID` does.
 */
const pool = new Uint8Array(ID_BYTES * 256);
let poolOffset = pool.length;

/** The shortest cookie id kept (shorter values are replaced). */
export const MIN_UNIT_ID_LENGTH = 16;
/** The longest cookie id kept (longer values are replaced, never echoed). */
export const MAX_UNIT_ID_LENGTH = 64;

/** True for the code units of `A–Z a–z 0–9 _ -`. */
function isIdChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 95 || c === 45;
}

/** A new random 128-bit unit id as 32 lowercase hex digits (crypto.getRandomValues, drawn 256 ids at a time). */
export function newUnitId(): string {
  if (poolOffset === pool.length) {
    globalThis.crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  let out = "";
  for (let i = poolOffset; i < poolOffset + ID_BYTES; i++) out += HEX[pool[i] as number];
  poolOffset += ID_BYTES;
  return out;
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
