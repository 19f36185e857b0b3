/**
 * The compat hash schemes that @strata/hash's scheme data can express, as scheme objects
 * (`compileScheme`, `bucket(unit, salt, n, scheme)` and `UnitHasher` take them). The others —
 * GrowthBook's double hash (v2), Unleash's low-byte MurmurHash3, PlanOut's 13/15 hex digits and
 * Verdict's whole-digest mod 100 — are computed by their segmenters from the hash primitives.
 * @module
 */
import { namedSchemes, type HashScheme } from "@strata/hash";

/** Optimizely: MurmurHash3 x86 32-bit, seed 1, over UTF-8 `bucketingId + experimentId`, `floor(h / 2^32 × 10000)`. */
export const optimizelyScheme: Readonly<HashScheme> = Object.freeze({
  algorithm: "murmur3_x86_32",
  seed: 1,
  key: "{unit}{salt}",
  mapping: "scale",
  buckets: 10_000,
});

/** GrowthBook hash version 1: FNV-1a 32 over the UTF-16 code units of `value + seed`, mod 1000 (n = bucket / 1000). */
export const growthbookV1Scheme: Readonly<HashScheme> = Object.freeze({
  algorithm: "fnv1a32_utf16",
  key: "{unit}{salt}",
  mapping: "mod",
  buckets: 1000,
});

/** The classic `md5(unit + ":" + experiment)`, first 8 hex digits as an integer, mod 10,000 (@strata/hash's `md5-prefix`). */
export const md5PrefixScheme: Readonly<HashScheme> = namedSchemes["md5-prefix"] as Readonly<HashScheme>;

/** The compat schemes by name: `optimizely`, `growthbook/v1`, `md5-prefix`. */
export const compatSchemes: Readonly<Record<"optimizely" | "growthbook/v1" | "md5-prefix", Readonly<HashScheme>>> = Object.freeze({
  optimizely: optimizelyScheme,
  "growthbook/v1": growthbookV1Scheme,
  "md5-prefix": md5PrefixScheme,
});
