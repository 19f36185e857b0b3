/**
 * Hash one unit against many salts, encoding the unit once (the engine's hot path).
 * Allocates nothing in steady state: one reused buffer and cached views.
 * @module
 */
import { fnv1a32Utf16From } from "./fnv1a.ts";
import { murmur3x86_32 } from "./murmur3.ts";
import { resolveScheme, type CompiledScheme, type HashScheme } from "./scheme.ts";
import { bucketCount, saltKey, unitKey } from "./unit.ts";
import { isHighSurrogate, isLowSurrogate, lastCodeUnit, Utf8Buffer, utf8 } from "./utf8.ts";
import { PrefixViews } from "./views.ts";

/** A salt encoded once for one scheme, ready to be hashed against many units. */
export interface PreparedSalt {
  /** The salt as given. */
  readonly salt: string;
  /** The text that follows the unit part of the key (salt and template suffix). */
  readonly text: string;
  /** `text` as UTF-8 bytes. */
  readonly bytes: Uint8Array;
}

/** Hashes the current unit against prepared salts of one scheme; call `setUnit` before `hash` or `bucket`. */
export class UnitHasher {
  /** The compiled scheme this hasher follows. */
  readonly compiled: CompiledScheme;
  private readonly buffer = new Utf8Buffer(256);
  /** Where the encoded `prefix + unit + middle` ends in the buffer, or -1 when the buffer holds something else. */
  private unitEnd = -1;
  /**
   * `unitEnd` when `hash` may take the hot path (unit-first MurmurHash3, unit set and encoded, key not
   * ending in a high surrogate that a salt could complete), else -1: one check decides the hot path.
   */
  private fastEnd = -1;
  /** The last UTF-16 code unit of `prefix + unit + middle` (0 when empty): a high surrogate pairs with a salt's low one. */
  private unitTail = 0;
  private unit: string | undefined;
  private unitState = 0;
  private readonly views = new PrefixViews();
  /** True for unit-first MurmurHash3: the hot path, kept flat so that V8 inlines it and allocates nothing. */
  private readonly fastMurmur: boolean;
  /**
   * The MurmurHash3 seed. Call sites pass `seed | 0`: the library only uses the seed through int32
   * operations, so the hash is identical, and V8 then keeps the hash state unboxed instead of allocating.
   */
  private readonly murmurSeed: number;
  private readonly modMapping: boolean;

  /** Creates a hasher for `scheme` (a name, a scheme object or a compiled scheme). */
  constructor(scheme: string | HashScheme | CompiledScheme = "strata/v1") {
    this.compiled = resolveScheme(scheme);
    const { algorithm, seed } = this.compiled.scheme;
    this.fastMurmur = algorithm === "murmur3_x86_32" && this.compiled.template.unitFirst;
    this.murmurSeed = seed;
    this.modMapping = this.compiled.scheme.mapping === "mod";
  }

  /** Encodes a salt for this scheme once, for use with `hash` and `bucket`. */
  prepare(salt: string): PreparedSalt {
    const s = saltKey(salt);
    const { unitFirst, suffix } = this.compiled.template;
    const text = unitFirst ? s + suffix : s;
    return { salt: s, text, bytes: utf8(text) };
  }

  /** Sets the unit that following `hash` calls use; a number is hashed as its decimal string. */
  setUnit(unit: string | number): this {
    const u = unitKey(unit);
    this.unit = u;
    const { unitFirst, prefix, middle } = this.compiled.template;
    if (!unitFirst) return this;
    if (this.compiled.overCodeUnits) {
      this.unitState = fnv1a32Utf16From(fnv1a32Utf16From(fnv1a32Utf16From(undefined, prefix), u), middle);
      return this;
    }
    // Each piece continues the previous one, so the bytes are the UTF-8 of the joined text.
    const b = this.buffer;
    let tail = lastCodeUnit(prefix);
    let at = b.write(prefix, 0);
    at = b.write(u, at, tail);
    tail = lastCodeUnit(u, tail);
    at = b.write(middle, at, tail);
    tail = lastCodeUnit(middle, tail);
    this.unitEnd = at;
    this.unitTail = tail;
    this.fastEnd = this.fastMurmur && !isHighSurrogate(tail) ? at : -1;
    return this;
  }

  /** The integer hash of the current unit with `salt`; throws an Error when no unit has been set. */
  hash(salt: PreparedSalt): number {
    const start = this.fastEnd;
    if (start < 0) return this.hashGeneral(salt);
    // appendSalt may grow (replace) the buffer, so it runs before the buffer is read.
    const end = this.appendSalt(salt, start);
    return murmur3x86_32(this.views.of(this.buffer.bytes, end), this.murmurSeed | 0);
  }

  /**
   * The bucket in `[0, buckets)` of the current unit with `salt`. Throws a RangeError unless `buckets`
   * is a whole number from 1 to 2^32−1, and an Error when no unit has been set.
   */
  bucket(salt: PreparedSalt, buckets: number): number {
    // `x >>> 0 === x` holds exactly for whole numbers from 0 to 2^32−1: the check costs two integer operations.
    if (buckets >>> 0 !== buckets || buckets === 0) bucketCount(buckets);
    const start = this.fastEnd;
    // The hot path (unit-first MurmurHash3, mod) maps inside this function, so V8 never boxes the 32-bit hash.
    if (start < 0 || !this.modMapping) return this.compiled.toBucket(this.hash(salt), buckets);
    const end = this.appendSalt(salt, start);
    return murmur3x86_32(this.views.of(this.buffer.bytes, end), this.murmurSeed | 0) % buckets;
  }

  /** Writes the salt's bytes after the encoded unit, which ends at `start`, and returns the key's length. */
  private appendSalt(salt: PreparedSalt, start: number): number {
    const extra = salt.bytes;
    const end = start + extra.length;
    if (end > this.buffer.bytes.length) this.buffer.ensure(end, start);
    const bytes = this.buffer.bytes;
    for (let i = 0; i < extra.length; i++) bytes[start + i] = extra[i] as number;
    return end;
  }

  private hashGeneral(salt: PreparedSalt): number {
    const unit = this.unit;
    if (unit === undefined) throw new Error("UnitHasher: no unit set; call setUnit(unit) before hash() or bucket()");
    const { template, overCodeUnits } = this.compiled;
    if (!template.unitFirst) return this.hashKey(unit, salt.salt);
    if (overCodeUnits) return fnv1a32Utf16From(this.unitState, salt.text);
    // A key whose unit part ends in a high surrogate and whose salt part starts with a low one holds
    // a pair across the join: encode the whole key instead (rare; such units are malformed text).
    if (isHighSurrogate(this.unitTail) && isLowSurrogate(salt.text.charCodeAt(0))) return this.hashKey(unit, salt.salt);
    if (this.unitEnd < 0) this.setUnit(unit);
    if (this.fastEnd >= 0) return this.hash(salt);
    const end = this.appendSalt(salt, this.unitEnd);
    return this.compiled.hashBytes(this.buffer.bytes, end);
  }

  /** The integer hash of `unit` with `salt`, encoding the whole key (no prepared salt needed). */
  hashKey(unit: string, salt: string): number {
    const { unitFirst, prefix, middle, suffix } = this.compiled.template;
    const first = unitFirst ? unit : salt;
    const second = unitFirst ? salt : unit;
    if (this.compiled.overCodeUnits) {
      let state = fnv1a32Utf16From(fnv1a32Utf16From(undefined, prefix), first);
      state = fnv1a32Utf16From(fnv1a32Utf16From(state, middle), second);
      return fnv1a32Utf16From(state, suffix);
    }
    // Each piece continues the previous one, so the bytes are the UTF-8 of the joined key.
    const b = this.buffer;
    let tail = lastCodeUnit(prefix);
    let at = b.write(prefix, 0);
    at = b.write(first, at, tail);
    tail = lastCodeUnit(first, tail);
    at = b.write(middle, at, tail);
    tail = lastCodeUnit(middle, tail);
    at = b.write(second, at, tail);
    tail = lastCodeUnit(second, tail);
    at = b.write(suffix, at, tail);
    // The buffer no longer starts with the current unit: `hash` re-encodes it when next used.
    this.unitEnd = -1;
    this.fastEnd = -1;
    return this.compiled.hashBytes(b.bytes, at);
  }
}

const shared = new Map<CompiledScheme, UnitHasher>();

function sharedHasher(scheme: string | HashScheme | CompiledScheme | undefined): UnitHasher {
  const compiled = resolveScheme(scheme);
  let hasher = shared.get(compiled);
  if (hasher === undefined) {
    hasher = new UnitHasher(compiled);
    // Only named (cached) schemes get a shared hasher; ad-hoc objects would leak entries.
    if (compiled.name !== undefined) shared.set(compiled, hasher);
  }
  return hasher;
}

/** The scheme's integer hash of `unit` with `salt` (32 bits for `strata/v1` and `md5-prefix`). */
export function hash32(unit: string | number, salt: string, scheme: string | HashScheme = "strata/v1"): number {
  const u = unitKey(unit);
  const s = saltKey(salt);
  return sharedHasher(scheme).hashKey(u, s);
}

/** The bucket in `[0, buckets)` of `unit` with `salt` under `scheme` (default `strata/v1`). */
export function bucket(unit: string | number, salt: string, buckets: number, scheme: string | HashScheme = "strata/v1"): number {
  const n = bucketCount(buckets);
  const u = unitKey(unit);
  const s = saltKey(salt);
  const hasher = sharedHasher(scheme);
  return hasher.compiled.toBucket(hasher.hashKey(u, s), n);
}
