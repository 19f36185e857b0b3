/**
 * Cookie unit ids: new random 128-bit ids from Web Crypto, and the check that decides whether
 * an incoming cookie value is kept or replaced.
 * @module
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const bytes = new Uint8Array(16);

/** The shortest cookie id kept (shorter values are replaced). */
export const MIN_UNIT_ID_LENGTH = 16;
/** The longest cookie id kept (longer values are replaced, never echoed). */
export const MAX_UNIT_ID_LENGTH = 64;

const UNIT_ID = /^[A-Za-z0-9_-]+$/;

/** A new random 128-bit unit id as 32 lowercase hex digits (crypto.getRandomValues). */
export function newUnitId(): string {
  globalThis.crypto.getRandomValues(bytes);
  let out = "";
  for (let i = 0; i < 16; i++) out += HEX[bytes[i] as number];
  return out;
}

/**
 * True when a cookie value may be used as a unit id as it is: 16 to 64 characters of
 * `A–Z a–z 0–9 _ -`. Anything else (CR, LF, `;`, quotes, spaces, percent-escapes, oversized
 * values) is replaced by a new id and never written back.
 */
export function isValidUnitId(value: string | undefined): value is string {
  return value !== undefined && value.length >= MIN_UNIT_ID_LENGTH && value.length <= MAX_UNIT_ID_LENGTH && UNIT_ID.test(value);
}
