/**
 * Hexadecimal from and to bytes, kept here so the runner does not judge @strata/hash with
 * @strata/hash's own `toHex`.
 * @module
 */

/** Lower-case hex of `bytes`, two digits a byte. */
export function bytesToHex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out;
}

/** The bytes of lower-case (or upper-case) hex; throws a RangeError for anything else. */
export function hexToBytes(hex: string): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new RangeError(`not hex bytes: ${JSON.stringify(hex)}`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
