/**
 * Reference implementations, for measurement only: what the strata/v1 hashing could cost if
 * packages/hash computed it differently. Every function here returns exactly what
 * murmurhash3js-revisited's `x86.hash32` returns for the same bytes (bench/test checks it), so
 * none of this would change a bucket or a conformance vector.
 *
 * - `murmur3`: MurmurHash3 x86_32 with `Math.imul` (the library multiplies in 16-bit halves),
 *   reading `bytes[0, length)` in place (no subarray view per length), small enough for V8 to
 *   inline, so the uint32 result stays unboxed and `% buckets` is an integer modulo.
 * - `UnitMidstate`: the key is `unit + ":" + salt`, unit first; MurmurHash3 consumes 4-byte
 *   blocks in order, so the state after the unit's whole blocks is the same for every salt.
 *   Compute it once per request; each salt then only hashes the few remaining bytes.
 * @module
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** One 4-byte block mixed into h. */
function mixBlock(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** Mixes the blocks of bytes[from, length) (from a multiple of 4 bytes into the key), the tail, and finalises with the key length. */
function finish(h: number, bytes: Uint8Array, from: number, length: number): number {
  const blocks = from + ((length - from) & ~3);
  let i = from;
  for (; i < blocks; i += 4) {
    h = mixBlock(h, (bytes[i] as number) | ((bytes[i + 1] as number) << 8) | ((bytes[i + 2] as number) << 16) | ((bytes[i + 3] as number) << 24));
  }
  let k = 0;
  switch (length & 3) {
    case 3:
      k ^= (bytes[i + 2] as number) << 16;
    // falls through
    case 2:
      k ^= (bytes[i + 1] as number) << 8;
    // falls through
    case 1:
      k ^= bytes[i] as number;
      k = Math.imul(k, C1);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, C2);
      h ^= k;
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** MurmurHash3 x86_32 of bytes[0, length) with `seed`, as an unsigned 32-bit integer. */
export function murmur3(bytes: Uint8Array, length: number, seed = 0): number {
  return finish(seed | 0, bytes, 0, length);
}

/**
 * Hashes `unit + ":" + salt` for one unit and many salts, encoding the unit once and mixing
 * its whole 4-byte blocks once (ASCII units; a real implementation would UTF-8 encode them).
 */
export class UnitMidstate {
  private readonly bytes = new Uint8Array(256);
  /** Bytes of `unit + ":"`. */
  private prefix = 0;
  /** Prefix bytes already mixed into `state` (a multiple of 4). */
  private mixed = 0;
  private state = 0;

  /** Sets the unit: writes `unit + ":"` and mixes its whole blocks. */
  setUnit(unit: string, seed = 0): void {
    const b = this.bytes;
    const n = unit.length;
    for (let i = 0; i < n; i++) b[i] = unit.charCodeAt(i);
    b[n] = 0x3a;
    this.prefix = n + 1;
    this.mixed = this.prefix & ~3;
    let h = seed | 0;
    for (let i = 0; i < this.mixed; i += 4) h = mixBlock(h, (b[i] as number) | ((b[i + 1] as number) << 8) | ((b[i + 2] as number) << 16) | ((b[i + 3] as number) << 24));
    this.state = h;
  }

  /** The bucket in [0, buckets) of `unit:salt`, `salt` given as pre-encoded bytes. */
  bucket(salt: Uint8Array, buckets: number): number {
    const b = this.bytes;
    const start = this.prefix;
    for (let i = 0; i < salt.length; i++) b[start + i] = salt[i] as number;
    return finish(this.state, b, this.mixed, start + salt.length) % buckets;
  }
}
