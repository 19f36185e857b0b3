/**
 * MurmurHash3 x86 32-bit, through murmurhash3js-revisited.
 * @module
 */
/// <reference path="./vendor-types.d.ts" />
import murmurhash3 from "murmurhash3js-revisited";

// Our callers always pass a Uint8Array, so the library's per-byte input check is pure cost.
murmurhash3.inputValidation = false;

/**
 * MurmurHash3 x86 32-bit of `bytes` with `seed` (0 to 2^32-1), as an unsigned 32-bit integer.
 * This is the library's own function, not a wrapper, so V8 can inline it into hot loops.
 */
export const murmur3x86_32: (bytes: Uint8Array, seed?: number) => number = murmurhash3.x86.hash32;
