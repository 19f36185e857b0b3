/**
 * Random 128-bit ids from Web Crypto (runtime-neutral), for `random` diversion and for the
 * HTTP layer's new unit cookies.
 * @module
 */

/** The character codes of `0123456789abcdef`. */
const HEX_DIGITS = Array.from("0123456789abcdef", (digit) => digit.charCodeAt(0));
const ID_BYTES = 16;
/**
 * The id's 32 character codes, reused by every call. One `String.fromCharCode` over them makes
 * a flat string; concatenating 16 two-digit strings made a 16-deep rope that Node flattened
 * again while checking a Set-Cookie header, which cost more than building the id.
 */
const idCodes: number[] = new Array<number>(ID_BYTES * 2).fill(0);
/**
 * Random bytes for the next 4,096 ids. A `getRandomValues` call costs 2–11 µs from 16 bytes to
 * 64 KB (the most one call may fill) and more on a busy server, so the pool is filled 64 KB at
 * a time and every byte is used once, as Node's own `crypto.randomUUID` does with a smaller pool.
 */
const pool = new Uint8Array(65_536);
let poolOffset = pool.length;

/** A new random 128-bit id as 32 lowercase hex digits (crypto.getRandomValues, drawn 4,096 ids at a time; no byte is used twice). */
export function randomId(): string {
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
