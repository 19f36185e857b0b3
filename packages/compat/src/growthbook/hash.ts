/**
 * GrowthBook's `hash(seed, value, version)`, over UTF-16 code units like the SDK's `hashFnv32a`:
 * version 2 is `fnv(fnv(seed + value) + "") % 10000 / 10000` (the outer hash over the decimal
 * string of the inner one), version 1 is `fnv(value + seed) % 1000 / 1000` (value first).
 * @module
 */
import { fnv1a32Utf16, fnv1a32Utf16From } from "@strata/hash";

/** The GrowthBook hash versions this package reproduces. */
export type GrowthBookHashVersion = 1 | 2;

/** GrowthBook's `hash(seed, value, version)`: a float in [0, 1) on a grid of 1/10000 (v2) or 1/1000 (v1). */
export function growthbookHash(seed: string, value: string, version: GrowthBookHashVersion): number {
  if (version === 2) {
    const inner = fnv1a32Utf16From(fnv1a32Utf16(seed), value);
    return (fnv1a32Utf16(String(inner)) % 10_000) / 10_000;
  }
  return (fnv1a32Utf16From(fnv1a32Utf16(value), seed) % 1000) / 1000;
}

/** The number of distinct values `growthbookHash` takes for a version (its grid). */
export function growthbookGrid(version: GrowthBookHashVersion): number {
  return version === 2 ? 10_000 : 1000;
}
