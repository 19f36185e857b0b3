/**
 * MurmurHash3 x86 32-bit, through murmurhash3js-revisited.
 * @module
 */
import murmurhash3 from "murmurhash3js-revisited";

// Our callers always pass a Uint8Array, so the library's per-byte input check is pure cost.
murmurhash3.inputValidation = false;
const hash32 = murmurhash3.x86.hash32;

/** MurmurHash3 x86 32-bit of `bytes` with `seed`, as an unsigned 32-bit integer. */
export function murmur3x86_32(bytes: Uint8Array, seed = 0): number {
  return hash32(bytes, seed >>> 0);
}
