/**
 * @strata/hash — runtime-neutral hashing for experiment assignment: MurmurHash3 x86 32-bit,
 * MD5/SHA-1/SHA-256, FNV-1a, UTF-8 into a reused buffer, and named, versioned hash schemes.
 *
 * @example
 * ```ts
 * import { bucket } from "@strata/hash";
 * bucket("user-42", "button-color", 1000); // the strata/v1 bucket, 0..999
 * ```
 * @module
 */
export { md5, sha1, sha256, toHex, type Digest } from "./digests.ts";
export { HashSchemeError } from "./errors.ts";
export { fnv1a32, fnv1a32Utf16, fnv1a32Utf16From } from "./fnv1a.ts";
export { murmur3x86_32 } from "./murmur3.ts";
export {
  compileScheme,
  namedSchemes,
  normalizeScheme,
  resolveScheme,
  type BucketMapping,
  type CompiledScheme,
  type DigestSlice,
  type HashAlgorithm,
  type HashScheme,
  type KeyTemplate,
} from "./scheme.ts";
export { bucket, hash32, UnitHasher, type PreparedSalt } from "./unit-hasher.ts";
export { bucketCount, saltKey, unitKey, type UnitId } from "./unit.ts";
export { lastCodeUnit, Utf8Buffer, utf8 } from "./utf8.ts";
