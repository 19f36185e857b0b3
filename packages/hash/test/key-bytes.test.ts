import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bucket, fnv1a32, fnv1a32Utf16, hash32, md5, murmur3x86_32, UnitHasher, type HashScheme } from "../src/index.ts";

const encoder = new TextEncoder();
const char = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCharCode(c));
/** Short strings where lone high and low surrogates, pairs and ASCII meet at every boundary. */
const surrogateHeavy = fc.string({
  unit: fc.oneof(char(0xd800, 0xdbff), char(0xdc00, 0xdfff), fc.constantFrom("a", ":", "é", "€", "😀")),
  maxLength: 5,
});

/** The reference: the hash of TextEncoder's UTF-8 of the whole key string (of its code units for fnv1a32_utf16). */
function expectedHash(scheme: HashScheme, key: string): number {
  if (scheme.algorithm === "fnv1a32_utf16") return fnv1a32Utf16(key);
  const bytes = encoder.encode(key);
  if (scheme.algorithm === "murmur3_x86_32") return murmur3x86_32(bytes, scheme.seed ?? 0);
  if (scheme.algorithm === "fnv1a32") return fnv1a32(bytes);
  const digest = md5(bytes);
  return ((digest[0]! << 24) | (digest[1]! << 16) | (digest[2]! << 8) | digest[3]!) >>> 0;
}

const schemeShape = fc.record({
  algorithm: fc.constantFrom("murmur3_x86_32", "fnv1a32", "fnv1a32_utf16", "md5") as fc.Arbitrary<HashScheme["algorithm"]>,
  seed: fc.constantFrom(0, 1, 0xffffffff),
  unitFirst: fc.boolean(),
  prefix: surrogateHeavy,
  middle: surrogateHeavy,
  suffix: surrogateHeavy,
  mapping: fc.constantFrom("mod", "scale") as fc.Arbitrary<"mod" | "scale">,
});

describe("the hashed bytes are the UTF-8 of the whole key string", () => {
  it("joins a surrogate pair split between unit and salt ({unit}{salt}, Optimizely's key)", () => {
    const scheme = { algorithm: "murmur3_x86_32", seed: 1, key: "{unit}{salt}", mapping: "scale" } as const;
    const expected = murmur3x86_32(encoder.encode("user😀exp"), 1);
    expect(expected).toBe(350872411);
    expect(hash32("user\ud83d", "\ude00exp", scheme)).toBe(expected);
    const hasher = new UnitHasher(scheme);
    const salt = hasher.prepare("\ude00exp");
    expect(hasher.setUnit("user\ud83d").hash(salt)).toBe(expected);
    expect(hasher.bucket(salt, 10000)).toBe(Math.floor((expected / 2 ** 32) * 10000));
    // Salt first: the salt ends with the high surrogate, the unit starts with the low one.
    expect(hash32("\ude00x", "exp\ud83d", { ...scheme, key: "{salt}{unit}" })).toBe(murmur3x86_32(encoder.encode("exp😀x"), 1));
  });

  it("holds for every template shape, algorithm and surrogate-heavy unit and salts", () => {
    fc.assert(fc.property(schemeShape, fc.array(surrogateHeavy, { minLength: 1, maxLength: 3 }), fc.array(surrogateHeavy, { minLength: 1, maxLength: 4 }), (shape, units, salts) => {
      const { algorithm, seed, unitFirst, prefix, middle, suffix, mapping } = shape;
      const key = unitFirst ? `${prefix}{unit}${middle}{salt}${suffix}` : `${prefix}{salt}${middle}{unit}${suffix}`;
      const scheme: HashScheme = { algorithm, key, mapping, ...(algorithm === "murmur3_x86_32" ? { seed } : {}) };
      const toBucket = (h: number, n: number) => (mapping === "mod" ? h % n : Math.floor((h / 2 ** 32) * n));
      // One long-lived hasher, as the engine uses it: several units, each against several salts, with
      // one-off hashKey calls in between that reuse its buffer.
      const hasher = new UnitHasher(scheme);
      const prepared = salts.map((salt) => hasher.prepare(salt));
      for (const unit of units) {
        hasher.setUnit(unit);
        salts.forEach((salt, i) => {
          const joined = unitFirst ? prefix + unit + middle + salt + suffix : prefix + salt + middle + unit + suffix;
          const h = expectedHash(scheme, joined);
          expect(hasher.hash(prepared[i]!), JSON.stringify({ key, unit, salt })).toBe(h);
          expect(hasher.bucket(prepared[i]!, 977)).toBe(toBucket(h, 977));
          expect(hash32(unit, salt, scheme)).toBe(h);
          expect(bucket(unit, salt, 977, scheme)).toBe(toBucket(h, 977));
          expect(hasher.hashKey(unit, salt)).toBe(h);
        });
      }
    }), { numRuns: 1500 });
  });
});
