/**
 * Random ids for `random` diversion, from Web Crypto (runtime-neutral).
 * @module
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const bytes = new Uint8Array(16);

/** A new random 128-bit id as 32 hex digits. */
export function randomId(): string {
  globalThis.crypto.getRandomValues(bytes);
  let out = "";
  for (let i = 0; i < 16; i++) out += HEX[bytes[i] as number];
  return out;
}
