/**
 * A reference MurmurHash3 x86 32-bit, written from Austin Appleby's algorithm with Math.imul,
 * independently of @strata/hash and of any npm MurmurHash package. The generator checks it
 * against the published verification values before trusting it.
 * @module
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/**
 * @param {number} value a 32-bit integer
 * @param {number} bits 1 to 31
 * @returns {number}
 */
function rotl32(value, bits) {
  return (value << bits) | (value >>> (32 - bits));
}

/**
 * @param {number} k a 32-bit block or tail
 * @returns {number}
 */
function scramble(k) {
  return Math.imul(rotl32(Math.imul(k, C1), 15), C2);
}

/**
 * MurmurHash3 x86 32-bit of `bytes` with `seed`, as an unsigned 32-bit integer.
 * @param {Uint8Array} bytes
 * @param {number} seed 0 to 4294967295
 * @returns {number}
 */
export function referenceMurmur3x86_32(bytes, seed) {
  const length = bytes.length;
  const blockEnd = length - (length % 4);
  let h = seed | 0;
  for (let i = 0; i < blockEnd; i += 4) {
    const k = (bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8) | ((bytes[i + 2] ?? 0) << 16) | ((bytes[i + 3] ?? 0) << 24);
    h = rotl32(h ^ scramble(k), 13);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let tail = 0;
  const remaining = length - blockEnd;
  if (remaining >= 3) tail ^= (bytes[blockEnd + 2] ?? 0) << 16;
  if (remaining >= 2) tail ^= (bytes[blockEnd + 1] ?? 0) << 8;
  if (remaining >= 1) h ^= scramble(tail ^ (bytes[blockEnd] ?? 0));
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
