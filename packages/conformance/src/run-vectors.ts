/**
 * Runs every hash vector against a hash API and lists each disagreement. Runtime-neutral:
 * the same runner runs under Node (vitest), Deno and Bun.
 * @module
 */
import { errorText } from "./error-text.ts";
import { bytesToHex, hexToBytes } from "./hex.ts";
import { jsonEqual } from "./json-equal.ts";
import { vectorCategories, type BytesInput, type HashVectorFile, type TextInput, type VectorCategory } from "./vector-types.ts";

/** A unit hasher as @strata/hash's `UnitHasher` is: set a unit once, hash it against prepared salts. */
export interface UnitHasherLike {
  /** Sets the unit that following `hash` / `bucket` calls use. */
  setUnit(unit: string | number): unknown;
  /** Encodes a salt once for this hasher's scheme. */
  prepare(salt: string): unknown;
  /** The integer hash of the current unit with a prepared salt. */
  hash(prepared: unknown): number;
  /** The bucket of the current unit with a prepared salt. */
  bucket(prepared: unknown, buckets: number): number;
}

/** The part of @strata/hash the vectors check; `import * as hash from "@strata/hash"` is one. */
export interface HashApi {
  /** The scheme's bucket in `[0, buckets)` of `unit` with `salt`. */
  bucket(unit: string | number, salt: string, buckets: number, scheme?: string): number;
  /** The scheme's integer hash of `unit` with `salt`. */
  hash32(unit: string | number, salt: string, scheme?: string): number;
  /** MurmurHash3 x86 32-bit. */
  murmur3x86_32(bytes: Uint8Array, seed?: number): number;
  /** MD5 digest. */
  md5(bytes: Uint8Array): Uint8Array;
  /** SHA-1 digest. */
  sha1(bytes: Uint8Array): Uint8Array;
  /** SHA-256 digest. */
  sha256(bytes: Uint8Array): Uint8Array;
  /** Lower-case hex of bytes. */
  toHex(bytes: Uint8Array): string;
  /** FNV-1a 32-bit over bytes. */
  fnv1a32(bytes: Uint8Array): number;
  /** FNV-1a 32-bit over UTF-16 code units. */
  fnv1a32Utf16(text: string): number;
  /** UTF-8 bytes of a string. */
  utf8(text: string): Uint8Array;
  /** A reusable UTF-8 buffer. */
  Utf8Buffer: new (capacity?: number) => { bytes: Uint8Array; write(text: string, offset: number): number };
  /** The per-unit hasher. */
  UnitHasher: new (scheme?: string) => UnitHasherLike;
  /** The named schemes, as data. */
  namedSchemes: Readonly<Record<string, unknown>>;
}

/** One disagreement between a vector and the API. */
export interface VectorMismatch {
  /** The case's category, or `schemes` for a scheme definition. */
  category: VectorCategory | "schemes";
  /** The case's name (or the scheme's name). */
  name: string;
  /** The call that disagreed, e.g. `UnitHasher.bucket(prepared, buckets)`. */
  check: string;
  /** What the vector says. */
  expected: unknown;
  /** What the API gave (or `threw: <message>`). */
  actual: unknown;
}

/** What a run compared and where it disagreed; JSON-serialisable, so runtimes print it as it is. */
export interface VectorRunReport {
  /** The vectors' specVersion. */
  specVersion: string;
  /** How many cases were compared: every case of the file. */
  cases: number;
  /** How many cases were compared, by category. */
  casesByCategory: Record<VectorCategory, number>;
  /** How many individual comparisons were made (several API calls per case). */
  checks: number;
  /** Every disagreement; empty when the API conforms. */
  mismatches: VectorMismatch[];
}

const encoder = new TextEncoder();
/** What `Utf8Buffer` checks write before the case's text, to see that a growing buffer keeps it. */
const UTF8_PREFIX = "abc";

function repeated(bytes: Uint8Array, times: number): Uint8Array {
  const out = new Uint8Array(bytes.length * times);
  for (let i = 0; i < times; i++) out.set(bytes, i * bytes.length);
  return out;
}

function repeatCount(repeat: unknown): number {
  if (repeat === undefined) return 1;
  if (typeof repeat !== "number" || !Number.isInteger(repeat) || repeat < 1) throw new RangeError(`repeat must be a whole number ≥ 1 (got ${String(repeat)})`);
  return repeat;
}

function bytesOf(input: BytesInput): Uint8Array {
  const once = typeof input.hex === "string" ? hexToBytes(input.hex) : typeof input.text === "string" ? encoder.encode(input.text) : undefined;
  if (once === undefined) throw new TypeError("input needs a text or a hex field");
  return repeated(once, repeatCount(input.repeat));
}

function textOf(input: TextInput): string {
  if (typeof input.text !== "string") throw new TypeError("input needs a text field");
  return input.text.repeat(repeatCount(input.repeat));
}

/** Runs every case of `vectors` against `api` and returns the report; never throws for a bad case, it reports it. */
export function runHashVectors(vectors: HashVectorFile, api: HashApi): VectorRunReport {
  const mismatches: VectorMismatch[] = [];
  let checks = 0;
  const compared = Object.fromEntries(vectorCategories.map((category) => [category, 0])) as Record<VectorCategory, number>;

  /** Compares `expected` with what `actual()` gives, recording a mismatch (or the error thrown) when they differ. */
  function compare(category: VectorMismatch["category"], name: string, check: string, expected: unknown, actual: () => unknown): void {
    checks++;
    let value: unknown;
    try {
      value = actual();
    } catch (error) {
      mismatches.push({ category, name, check, expected, actual: errorText(error) });
      return;
    }
    if (!jsonEqual(value, expected)) mismatches.push({ category, name, check, expected, actual: value });
  }

  for (const [name, definition] of Object.entries(vectors.schemes)) {
    for (const [field, value] of Object.entries(definition)) {
      compare("schemes", name, `namedSchemes[${JSON.stringify(name)}].${field}`, value, () => (api.namedSchemes[name] as Record<string, unknown> | undefined)?.[field]);
    }
  }

  const { cases } = vectors;
  // UnitHasher is checked in two ways. Fresh hashers (one for hash, one for bucket) must grow their
  // buffer inside that call whenever unit + salt outgrow it. A long-lived hasher per scheme is used
  // as the engine uses it: its buffer is reused across cases, and consecutive cases with the same
  // unit hash their salts without setting the unit again.
  const reused = new Map<string, { hasher: UnitHasherLike; unit: unknown }>();
  for (const { name, input, expected } of cases.scheme) {
    compared.scheme++;
    const { scheme, unit, salt, buckets } = input;
    compare("scheme", name, "hash32(unit, salt, scheme)", expected.hash, () => api.hash32(unit, salt, scheme));
    compare("scheme", name, "bucket(unit, salt, buckets, scheme)", expected.bucket, () => api.bucket(unit, salt, buckets, scheme));
    compare("scheme", name, "new UnitHasher(scheme): setUnit(unit), hash(prepare(salt))", expected.hash, () => {
      const hasher = new api.UnitHasher(scheme);
      hasher.setUnit(unit);
      return hasher.hash(hasher.prepare(salt));
    });
    compare("scheme", name, "new UnitHasher(scheme): setUnit(unit), bucket(prepare(salt), buckets)", expected.bucket, () => {
      const hasher = new api.UnitHasher(scheme);
      hasher.setUnit(unit);
      return hasher.bucket(hasher.prepare(salt), buckets);
    });
    compare("scheme", name, "reused UnitHasher: hash(prepare(salt)), then bucket", [expected.hash, expected.bucket], () => {
      let current = reused.get(scheme);
      if (current === undefined) {
        current = { hasher: new api.UnitHasher(scheme), unit: undefined };
        reused.set(scheme, current);
      }
      if (!Object.is(current.unit, unit)) {
        current.unit = undefined;
        current.hasher.setUnit(unit);
        current.unit = unit;
      }
      const prepared = current.hasher.prepare(salt);
      return [current.hasher.hash(prepared), current.hasher.bucket(prepared, buckets)];
    });
  }

  for (const { name, input, expected } of cases.murmur3_x86_32) {
    compared.murmur3_x86_32++;
    compare("murmur3_x86_32", name, "murmur3x86_32(bytes, seed)", expected.hash, () => api.murmur3x86_32(bytesOf(input), input.seed));
  }

  for (const category of ["md5", "sha1", "sha256"] as const) {
    const digest = api[category];
    for (const { name, input, expected } of cases[category]) {
      compared[category]++;
      compare(category, name, `${category}(bytes)`, expected.hex, () => bytesToHex(digest(bytesOf(input))));
      compare(category, name, `toHex(${category}(bytes))`, expected.hex, () => api.toHex(digest(bytesOf(input))));
    }
  }

  for (const { name, input, expected } of cases.fnv1a32) {
    compared.fnv1a32++;
    compare("fnv1a32", name, "fnv1a32(bytes)", expected.hash, () => api.fnv1a32(bytesOf(input)));
  }

  for (const { name, input, expected } of cases.fnv1a32_utf16) {
    compared.fnv1a32_utf16++;
    compare("fnv1a32_utf16", name, "fnv1a32Utf16(text)", expected.hash, () => api.fnv1a32Utf16(textOf(input)));
  }

  const prefixHex = bytesToHex(encoder.encode(UTF8_PREFIX));
  for (const { name, input, expected } of cases.utf8) {
    compared.utf8++;
    compare("utf8", name, "utf8(text)", expected.hex, () => bytesToHex(api.utf8(textOf(input))));
    compare("utf8", name, `Utf8Buffer.write(text, ${UTF8_PREFIX.length}) after ${JSON.stringify(UTF8_PREFIX)}`, prefixHex + expected.hex, () => {
      const buffer = new api.Utf8Buffer(16);
      const at = buffer.write(UTF8_PREFIX, 0);
      const end = buffer.write(textOf(input), at);
      return bytesToHex(buffer.bytes.subarray(0, end));
    });
  }

  const total = vectorCategories.reduce((sum, category) => sum + compared[category], 0);
  return { specVersion: vectors.specVersion, cases: total, casesByCategory: compared, checks, mismatches };
}
