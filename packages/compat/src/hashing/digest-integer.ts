/**
 * Reading a digest as a big-endian integer without losing precision: the whole digest reduced
 * mod N (Verdict's `hexdigest.to_i(16) % 100`), and the first `n` hex digits (PlanOut's 13 or 15)
 * as a number or reduced mod N.
 * @module
 */

/** The whole digest, read as one big-endian integer, mod `modulus` (exact for any digest length, modulus < 2^44). */
export function digestMod(digest: Uint8Array, modulus: number): number {
  let rest = 0;
  for (let i = 0; i < digest.length; i++) rest = (rest * 256 + (digest[i] as number)) % modulus;
  return rest;
}

/** The first `hexDigits` hex digits of the digest as a number (exact up to 13 digits = 52 bits). */
export function hexPrefixValue(digest: Uint8Array, hexDigits: number): number {
  let value = 0;
  for (let d = 0; d < hexDigits; d++) value = value * 16 + nibble(digest, d);
  return value;
}

/** The first `hexDigits` hex digits of the digest, read as an integer, mod `modulus` (exact for any length, modulus < 2^48). */
export function hexPrefixMod(digest: Uint8Array, hexDigits: number, modulus: number): number {
  let rest = 0;
  for (let d = 0; d < hexDigits; d++) rest = (rest * 16 + nibble(digest, d)) % modulus;
  return rest;
}

/** The first `hexDigits` hex digits of the digest as a BigInt. */
export function hexPrefixBigInt(digest: Uint8Array, hexDigits: number): bigint {
  let value = 0n;
  for (let d = 0; d < hexDigits; d++) value = value * 16n + BigInt(nibble(digest, d));
  return value;
}

/** The `d`-th hex digit (0-based, most significant first) of the digest. */
function nibble(digest: Uint8Array, d: number): number {
  const byte = digest[d >> 1] as number;
  return d % 2 === 0 ? byte >> 4 : byte & 0x0f;
}
