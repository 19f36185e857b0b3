/**
 * Hash schemes as data — `{ algorithm, seed, key, digest, mapping, buckets }` — checked and
 * compiled once into closures.
 * @module
 */
import { md5, sha1, sha256, type Digest } from "./digests.ts";
import { HashSchemeError } from "./errors.ts";
import { fnv1a32 } from "./fnv1a.ts";
import { murmur3x86_32 } from "./murmur3.ts";
import { PrefixViews } from "./views.ts";

/** The hash functions a scheme may use. */
export type HashAlgorithm = "murmur3_x86_32" | "fnv1a32" | "fnv1a32_utf16" | "md5" | "sha1" | "sha256";

/** How an integer hash becomes a bucket: `h mod N`, or `floor(h / 2^bits * N)`. */
export type BucketMapping = "mod" | "scale";

/** Which bytes of a digest (MD5/SHA) are read, big-endian, as the integer hash. */
export interface DigestSlice {
  /** The first byte read. */
  offset: number;
  /** How many bytes are read, 1 to 6 (so the integer stays exact). */
  length: number;
}

/** A hash scheme: everything needed to turn a unit and a salt into a bucket. */
export interface HashScheme {
  /** The hash function. */
  algorithm: HashAlgorithm;
  /** The MurmurHash3 seed (murmur3_x86_32 only), default 0. */
  seed?: number;
  /** The key template; it holds `{unit}` and `{salt}` once each. Default `{unit}:{salt}`. */
  key?: string;
  /** For md5/sha1/sha256: the bytes read as the integer hash. Default the first 4. */
  digest?: DigestSlice;
  /** How the integer hash becomes a bucket. Default `mod`. */
  mapping?: BucketMapping;
  /** The bucket count used when a caller gives none. Default 1000. */
  buckets?: number;
}

/** The schemes known by name, deeply frozen. Their bytes and outputs never change once released. */
export const namedSchemes: Readonly<Record<string, Readonly<HashScheme>>> = Object.freeze({
  "strata/v1": Object.freeze({ algorithm: "murmur3_x86_32", seed: 0, key: "{unit}:{salt}", mapping: "mod", buckets: 1000 }),
  "md5-prefix": Object.freeze({
    algorithm: "md5",
    key: "{unit}:{salt}",
    digest: Object.freeze({ offset: 0, length: 4 }),
    mapping: "mod",
    buckets: 10000,
  }),
} satisfies Record<string, HashScheme>);

const ALGORITHMS: Record<HashAlgorithm, { bits?: number; digest?: Digest; size?: number }> = {
  murmur3_x86_32: { bits: 32 },
  fnv1a32: { bits: 32 },
  fnv1a32_utf16: { bits: 32 },
  md5: { digest: md5, size: 16 },
  sha1: { digest: sha1, size: 20 },
  sha256: { digest: sha256, size: 32 },
};

/** The key template split around its placeholders. */
export interface KeyTemplate {
  /** True when `{unit}` comes before `{salt}`. */
  unitFirst: boolean;
  /** Text before the first placeholder. */
  prefix: string;
  /** Text between the placeholders. */
  middle: string;
  /** Text after the second placeholder. */
  suffix: string;
}

/** A scheme checked and compiled into closures. */
export interface CompiledScheme {
  /** The scheme's name, when it was given by name. */
  readonly name: string | undefined;
  /** The scheme with every default filled in. */
  readonly scheme: Readonly<Required<Omit<HashScheme, "digest">> & { digest: DigestSlice | undefined }>;
  /** The key template, split. */
  readonly template: KeyTemplate;
  /** True when the algorithm hashes UTF-16 code units rather than UTF-8 bytes. */
  readonly overCodeUnits: boolean;
  /** The integer hash of the UTF-8 key bytes `[0, length)` (byte algorithms only). */
  hashBytes(bytes: Uint8Array, length: number): number;
  /** Maps an integer hash to a bucket in `[0, buckets)`. */
  toBucket(value: number, buckets: number): number;
}

function fail(field: string, message: string): never {
  throw new HashSchemeError(field, message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseTemplate(key: unknown): KeyTemplate {
  if (typeof key !== "string") fail("scheme.key", `must be a string template such as "{unit}:{salt}"`);
  const parts = key.split(/(\{unit\}|\{salt\})/);
  const placeholders = parts.filter((_, i) => i % 2 === 1);
  if (placeholders.length !== 2 || placeholders[0] === placeholders[1]) {
    fail("scheme.key", `must hold {unit} and {salt} exactly once each (got "${key}")`);
  }
  return {
    unitFirst: placeholders[0] === "{unit}",
    prefix: parts[0] as string,
    middle: parts[2] as string,
    suffix: parts[4] as string,
  };
}

function checkSlice(digest: unknown, algorithm: HashAlgorithm, size: number): DigestSlice {
  if (digest === undefined) return { offset: 0, length: 4 };
  if (!isRecord(digest)) fail("scheme.digest", "must be an object { offset, length }");
  const { offset, length } = digest;
  if (typeof length !== "number" || !Number.isInteger(length) || length < 1 || length > 6) {
    fail("scheme.digest.length", `must be a whole number of bytes from 1 to 6 (got ${String(length)})`);
  }
  if (typeof offset !== "number" || !Number.isInteger(offset) || offset < 0 || offset + length > size) {
    fail("scheme.digest.offset", `must be a whole number with offset + length <= ${size}, the size of a ${algorithm} digest (got ${String(offset)})`);
  }
  return { offset, length };
}

/** Checks a scheme and returns it, frozen, with its defaults filled in; throws HashSchemeError naming the bad field. */
export function normalizeScheme(input: unknown): CompiledScheme["scheme"] {
  if (!isRecord(input)) fail("scheme", "must be a scheme name or an object { algorithm, seed, key, digest, mapping, buckets }");
  const algorithm = input.algorithm;
  // An own-property check: `in` would also accept inherited names such as "toString" or "__proto__".
  if (typeof algorithm !== "string" || !Object.hasOwn(ALGORITHMS, algorithm)) {
    fail("scheme.algorithm", `must be one of ${Object.keys(ALGORITHMS).join(", ")} (got ${JSON.stringify(algorithm)})`);
  }
  const algo = ALGORITHMS[algorithm as HashAlgorithm];
  const seed = input.seed ?? 0;
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    fail("scheme.seed", `must be a whole number from 0 to 4294967295 (got ${String(seed)})`);
  }
  if (seed !== 0 && algorithm !== "murmur3_x86_32") fail("scheme.seed", `only murmur3_x86_32 takes a seed; remove it for ${algorithm}`);
  let digest: DigestSlice | undefined;
  if (algo.digest) digest = checkSlice(input.digest, algorithm as HashAlgorithm, algo.size as number);
  else if (input.digest !== undefined) fail("scheme.digest", `only md5, sha1 and sha256 take a digest slice; remove it for ${algorithm}`);
  const mapping = input.mapping ?? "mod";
  if (mapping !== "mod" && mapping !== "scale") fail("scheme.mapping", `must be "mod" or "scale" (got ${JSON.stringify(mapping)})`);
  const buckets = input.buckets ?? 1000;
  if (typeof buckets !== "number" || !Number.isInteger(buckets) || buckets < 1 || buckets > 0xffffffff) {
    fail("scheme.buckets", `must be a whole number from 1 to 4294967295 (got ${String(buckets)})`);
  }
  const key = input.key ?? "{unit}:{salt}";
  parseTemplate(key);
  return Object.freeze({ algorithm: algorithm as HashAlgorithm, seed, key: key as string, digest: digest && Object.freeze(digest), mapping, buckets });
}

function byteHasher(scheme: CompiledScheme["scheme"]): (bytes: Uint8Array, length: number) => number {
  const views = new PrefixViews();
  const { algorithm, seed, digest: slice } = scheme;
  if (algorithm === "murmur3_x86_32") return (bytes, length) => murmur3x86_32(views.of(bytes, length), seed);
  if (algorithm === "fnv1a32") return (bytes, length) => fnv1a32(bytes, length);
  const digest = ALGORITHMS[algorithm].digest;
  if (!digest || !slice) {
    return () => fail("scheme.algorithm", `${algorithm} hashes UTF-16 code units, not bytes`);
  }
  const { offset, length: width } = slice;
  return (bytes, length) => {
    const out = digest(views.of(bytes, length));
    let value = 0;
    for (let i = offset; i < offset + width; i++) value = value * 256 + (out[i] as number);
    return value;
  };
}

/** Compiles a checked scheme into closures; the result is frozen, as named schemes are shared by the whole process. */
export function compileScheme(input: unknown, name?: string): CompiledScheme {
  const scheme = normalizeScheme(input);
  const bits = scheme.digest ? scheme.digest.length * 8 : 32;
  const range = 2 ** bits;
  const toBucket =
    scheme.mapping === "mod"
      ? (value: number, buckets: number) => value % buckets
      : (value: number, buckets: number) => Math.floor((value / range) * buckets);
  return Object.freeze({
    name,
    scheme,
    template: Object.freeze(parseTemplate(scheme.key)),
    overCodeUnits: scheme.algorithm === "fnv1a32_utf16",
    hashBytes: byteHasher(scheme),
    toBucket,
  });
}

const compiledByName = new Map<string, CompiledScheme>();

/** The compiled scheme for a name or a scheme object; unknown names throw HashSchemeError. */
export function resolveScheme(scheme: string | HashScheme | CompiledScheme = "strata/v1"): CompiledScheme {
  if (typeof scheme === "string") {
    let compiled = compiledByName.get(scheme);
    if (compiled === undefined) {
      const definition = Object.hasOwn(namedSchemes, scheme) ? namedSchemes[scheme] : undefined;
      if (definition === undefined) {
        fail("scheme", `unknown scheme "${scheme}"; known schemes: ${Object.keys(namedSchemes).join(", ")}, or pass a scheme object`);
      }
      compiled = compileScheme(definition, scheme);
      compiledByName.set(scheme, compiled);
    }
    return compiled;
  }
  if (isCompiled(scheme)) return scheme;
  return compileScheme(scheme);
}

function isCompiled(value: unknown): value is CompiledScheme {
  return isRecord(value) && typeof value.hashBytes === "function" && typeof value.toBucket === "function";
}
