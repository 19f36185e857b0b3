import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bucket, hash32, UnitHasher } from "../src/index.ts";

const schemes = [
  "strata/v1",
  "md5-prefix",
  { algorithm: "murmur3_x86_32", seed: 7, key: "<{unit}|{salt}>" },
  { algorithm: "fnv1a32", key: "{salt}/{unit}" },
  { algorithm: "fnv1a32_utf16", key: "{unit}{salt}" },
  { algorithm: "fnv1a32_utf16", key: "{salt}{unit}" },
] as const;

describe("UnitHasher", () => {
  it.each(schemes.map((s) => [typeof s === "string" ? s : s.key + " " + s.algorithm, s]))(
    "hashes one unit against many salts exactly like hash32 (%s)",
    (_, scheme) => {
      fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" })), fc.array(fc.string(), { minLength: 1, maxLength: 12 }), (unit, salts) => {
        const hasher = new UnitHasher(scheme);
        const prepared = salts.map((salt) => hasher.prepare(salt));
        hasher.setUnit(unit);
        for (let i = 0; i < salts.length; i++) {
          expect(hasher.hash(prepared[i]!)).toBe(hash32(unit, salts[i]!, scheme));
          expect(hasher.bucket(prepared[i]!, 1000)).toBe(bucket(unit, salts[i]!, 1000, scheme));
        }
      }), { numRuns: 200 });
    },
  );

  it("keeps working after a one-off hashKey call and after the buffer grows", () => {
    const hasher = new UnitHasher();
    const salt = hasher.prepare("layer");
    hasher.setUnit("u1");
    const before = hasher.hash(salt);
    hasher.hashKey("x".repeat(5000), "other");
    expect(hasher.hash(salt)).toBe(before);
    hasher.setUnit("é".repeat(3000));
    expect(hasher.hash(salt)).toBe(hash32("é".repeat(3000), "layer"));
  });
});

describe("UnitHasher buffer growth", () => {
  it("hashes correctly when the salt makes the key outgrow the buffer in that very call", () => {
    for (const scheme of ["strata/v1", "md5-prefix"] as const) {
      for (const length of [248, 249, 1024]) {
        const hasher = new UnitHasher(scheme);
        hasher.setUnit("user-42");
        const salt = "z".repeat(length);
        expect(hasher.hash(hasher.prepare(salt)), `${scheme} ${length}`).toBe(hash32("user-42", salt, scheme));
        const fresh = new UnitHasher(scheme).setUnit("user-42");
        expect(fresh.bucket(fresh.prepare(salt), 1000)).toBe(bucket("user-42", salt, 1000, scheme));
      }
    }
  });
});

describe("UnitHasher misuse", () => {
  it("throws an Error naming setUnit when hash or bucket runs before any unit is set", () => {
    for (const scheme of schemes) {
      const hasher = new UnitHasher(scheme);
      const salt = hasher.prepare("layer-a");
      expect(() => hasher.hash(salt), JSON.stringify(scheme)).toThrow(/no unit set; call setUnit\(unit\) before hash\(\) or bucket\(\)/);
      expect(() => hasher.bucket(salt, 1000), JSON.stringify(scheme)).toThrow(/call setUnit\(unit\)/);
      // A one-off hashKey does not set the unit either.
      hasher.hashKey("u", "s");
      expect(() => hasher.hash(salt), JSON.stringify(scheme)).toThrow(/call setUnit\(unit\)/);
      expect(hasher.setUnit("").hash(salt)).toBe(hash32("", "layer-a", scheme));
    }
  });

  it("rejects bucket counts that are not whole numbers from 1 to 2^32-1 with a RangeError, like bucket()", () => {
    for (const scheme of [...schemes, { algorithm: "murmur3_x86_32", key: "{unit}{salt}", mapping: "scale" } as const]) {
      const hasher = new UnitHasher(scheme);
      const salt = hasher.prepare("s");
      hasher.setUnit("u");
      for (const bad of [0, -5, 2.5, NaN, Infinity, 2 ** 32, 2 ** 33, "10" as never]) {
        expect(() => hasher.bucket(salt, bad), `${JSON.stringify(scheme)} ${String(bad)}`).toThrow(RangeError);
        expect(() => hasher.bucket(salt, bad)).toThrow(/buckets must be a whole number from 1 to 4294967295/);
      }
      for (const good of [1, 7, 2 ** 31, 0xffffffff]) expect(hasher.bucket(salt, good)).toBe(bucket("u", "s", good, scheme));
    }
  });
});
