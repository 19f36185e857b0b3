/**
 * The shape of the hash vector file, vectors/hash-vectors.json (its JSON Schema is
 * vectors/hash-vectors.schema.json).
 * @module
 */

/** Where a case's expected value comes from: a published test suite, or the generator's independent reference implementations. */
export type VectorSource = "murmur3-verification" | "rfc1321" | "fips180" | "fnv-reference" | "rfc3629" | "generator";

/** Bytes given as text (its UTF-8, a lone surrogate becoming U+FFFD) or as lower-case hex, repeated `repeat` times (default 1). */
export type BytesInput = ({ text: string; hex?: undefined } | { hex: string; text?: undefined }) & { repeat?: number };

/** A string, repeated `repeat` times (default 1). */
export interface TextInput {
  /** The string; it may hold lone surrogates (written as \uXXXX escapes in the file). */
  text: string;
  /** How many times `text` is repeated. */
  repeat?: number;
}

/** One case: what it covers, where its expected value comes from, what goes in and what must come out. */
export interface VectorCase<Input, Expected> {
  /** Unique across the file; says what the case covers. */
  name: string;
  /** Where `expected` comes from. */
  source: VectorSource;
  /** What goes in. */
  input: Input;
  /** What must come out. */
  expected: Expected;
}

/** A unit and a salt hashed under a named scheme into a bucket count. */
export interface SchemeInput {
  /** A key of the file's `schemes`. */
  scheme: string;
  /** The unit; a number is hashed as its decimal string. */
  unit: string | number;
  /** The salt (never holds ":"). */
  salt: string;
  /** The bucket count, 1 to 2^32-1. */
  buckets: number;
}

/** The scheme's integer hash and the bucket it maps to. */
export interface SchemeExpected {
  /** The unsigned 32-bit hash (strata/v1: MurmurHash3; md5-prefix: the first 4 digest bytes, big-endian). */
  hash: number;
  /** `hash mod buckets`. */
  bucket: number;
}

/** An unsigned 32-bit hash. */
export interface HashExpected {
  /** The hash, 0 to 2^32-1. */
  hash: number;
}

/** Bytes as lower-case hex. */
export interface HexExpected {
  /** Two hex digits a byte. */
  hex: string;
}

/** The cases of each category. */
export interface HashVectorCases {
  /** Unit + salt → hash and bucket, under a named scheme. */
  scheme: VectorCase<SchemeInput, SchemeExpected>[];
  /** MurmurHash3 x86 32-bit of bytes with a seed. */
  murmur3_x86_32: VectorCase<BytesInput & { seed: number }, HashExpected>[];
  /** MD5 digests. */
  md5: VectorCase<BytesInput, HexExpected>[];
  /** SHA-1 digests. */
  sha1: VectorCase<BytesInput, HexExpected>[];
  /** SHA-256 digests. */
  sha256: VectorCase<BytesInput, HexExpected>[];
  /** FNV-1a 32-bit over bytes. */
  fnv1a32: VectorCase<BytesInput, HashExpected>[];
  /** FNV-1a 32-bit over UTF-16 code units (lone surrogates fed as they are). */
  fnv1a32_utf16: VectorCase<TextInput, HashExpected>[];
  /** UTF-8 encoding, byte-identical to TextEncoder (lone surrogates → U+FFFD). */
  utf8: VectorCase<TextInput, HexExpected>[];
}

/** A category of cases. */
export type VectorCategory = keyof HashVectorCases;

/** Every category, in file order. */
export const vectorCategories: readonly VectorCategory[] = [
  "scheme",
  "murmur3_x86_32",
  "md5",
  "sha1",
  "sha256",
  "fnv1a32",
  "fnv1a32_utf16",
  "utf8",
];

/** A named scheme as data, as @strata/hash's `namedSchemes` holds it. */
export interface SchemeDefinition {
  /** The hash function. */
  algorithm: string;
  /** The MurmurHash3 seed (murmur3_x86_32 only). */
  seed?: number;
  /** The key template, holding {unit} and {salt} once each. */
  key: string;
  /** For digests: the bytes read, big-endian, as the integer hash. */
  digest?: { offset: number; length: number };
  /** How the hash becomes a bucket. */
  mapping: "mod" | "scale";
  /** The default bucket count. */
  buckets: number;
}

/** The whole vector file. */
export interface HashVectorFile {
  /** The JSON Schema of the file, relative to it. */
  $schema?: string;
  /** The version of the vectors (semver); CHANGELOG.md has an entry for each. */
  specVersion: string;
  /** What the file is. */
  description: string;
  /** The named schemes that scheme cases use. */
  schemes: Record<string, SchemeDefinition>;
  /** The cases, by category. */
  cases: HashVectorCases;
}
