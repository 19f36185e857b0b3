import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bucket, compileScheme, hash32, HashSchemeError, md5, murmur3x86_32, namedSchemes, resolveScheme, toHex, utf8, UnitHasher } from "../src/index.ts";

function schemeError(run: () => unknown): HashSchemeError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HashSchemeError);
    return error as HashSchemeError;
  }
  throw new Error("expected a HashSchemeError");
}

describe("named schemes", () => {
  it("strata/v1 is MurmurHash3 x86_32 seed 0 over UTF-8 of unit:salt, mod N", () => {
    fc.assert(fc.property(fc.string(), fc.string(), fc.integer({ min: 1, max: 0xffffffff }), (unit, salt, n) => {
      const h = murmur3x86_32(new TextEncoder().encode(`${unit}:${salt}`), 0);
      expect(hash32(unit, salt)).toBe(h);
      expect(bucket(unit, salt, n)).toBe(h % n);
    }), { numRuns: 500 });
  });

  it("md5-prefix is the first 8 hex digits of md5(unit:salt), mod N", () => {
    fc.assert(fc.property(fc.string(), fc.string(), fc.integer({ min: 1, max: 100000 }), (unit, salt, n) => {
      const prefix = parseInt(toHex(md5(utf8(`${unit}:${salt}`))).slice(0, 8), 16);
      expect(hash32(unit, salt, "md5-prefix")).toBe(prefix);
      expect(bucket(unit, salt, n, "md5-prefix")).toBe(prefix % n);
    }), { numRuns: 300 });
  });

  it("hashes a number as its decimal string", () => {
    expect(bucket(12345, "exp", 1000)).toBe(bucket("12345", "exp", 1000));
    expect(hash32(1.5, "exp")).toBe(hash32("1.5", "exp"));
  });

  it("rejects units that are neither strings nor finite numbers with a TypeError", () => {
    for (const bad of [undefined, null, {}, [], true, NaN, Infinity, 10n]) {
      expect(() => bucket(bad as never, "salt", 10)).toThrow(TypeError);
    }
    expect(() => bucket(null as never, "salt", 10)).toThrow(/unit must be a string or a finite number/);
    expect(() => bucket("u", 5 as never, 10)).toThrow(/salt must be a string/);
  });

  it("rejects impossible bucket counts, naming the argument", () => {
    for (const bad of [0, -1, 1.5, 2 ** 32, NaN]) expect(() => bucket("u", "s", bad)).toThrow(/buckets must be a whole number/);
    expect(bucket("u", "s", 1)).toBe(0);
    expect(bucket("u", "s", 0xffffffff)).toBe(hash32("u", "s") % 0xffffffff);
  });

  it("cannot be changed at run time: namedSchemes and compiled schemes are deeply frozen", () => {
    const before = bucket("user-42", "button-color", 1000);
    const v1 = namedSchemes["strata/v1"] as { seed?: number };
    expect(() => {
      v1.seed = 1;
    }).toThrow(TypeError);
    const md5Slice = namedSchemes["md5-prefix"]?.digest as { offset: number };
    expect(() => {
      md5Slice.offset = 4;
    }).toThrow(TypeError);
    expect(() => {
      (namedSchemes as Record<string, unknown>)["strata/v1"] = { algorithm: "fnv1a32" };
    }).toThrow(TypeError);
    const compiled = resolveScheme("strata/v1");
    expect(() => {
      (compiled.scheme as { seed: number }).seed = 1;
    }).toThrow(TypeError);
    expect(() => {
      (compiled.template as { middle: string }).middle = "-";
    }).toThrow(TypeError);
    expect(Object.isFrozen(compiled)).toBe(true);
    expect(Object.isFrozen(resolveScheme("md5-prefix").scheme.digest)).toBe(true);
    expect(bucket("user-42", "button-color", 1000)).toBe(before);
    expect(new UnitHasher("strata/v1").compiled.scheme.seed).toBe(0);
  });

  it("names the unknown scheme and lists the known ones", () => {
    const error = schemeError(() => bucket("u", "s", 10, "strata/v9"));
    expect(error.field).toBe("scheme");
    expect(error.message).toMatch(/unknown scheme "strata\/v9".*strata\/v1, md5-prefix/);
  });
});

describe("schemes as data", () => {
  it("names the field of an impossible scheme", () => {
    const cases: Array<[unknown, string]> = [
      [{ algorithm: "crc32" }, "scheme.algorithm"],
      [{ algorithm: "murmur3_x86_32", seed: -1 }, "scheme.seed"],
      [{ algorithm: "md5", seed: 3 }, "scheme.seed"],
      [{ algorithm: "murmur3_x86_32", key: "{unit}" }, "scheme.key"],
      [{ algorithm: "murmur3_x86_32", key: "{unit}{unit}" }, "scheme.key"],
      [{ algorithm: "murmur3_x86_32", digest: { offset: 0, length: 4 } }, "scheme.digest"],
      [{ algorithm: "md5", digest: { offset: 0, length: 7 } }, "scheme.digest.length"],
      [{ algorithm: "md5", digest: { offset: 12, length: 6 } }, "scheme.digest.offset"],
      [{ algorithm: "murmur3_x86_32", mapping: "modulo" }, "scheme.mapping"],
      [{ algorithm: "murmur3_x86_32", buckets: 0 }, "scheme.buckets"],
      ["not a scheme", "scheme"],
    ];
    for (const [scheme, field] of cases) {
      const error = schemeError(() => (typeof scheme === "string" ? resolveScheme(scheme) : compileScheme(scheme)));
      expect(error.field, JSON.stringify(scheme)).toBe(field);
      expect(error.message.startsWith(`${field}: `)).toBe(true);
    }
  });

  it("rejects names inherited from Object.prototype as algorithms, listing the valid ones", () => {
    for (const algorithm of ["toString", "constructor", "__proto__", "hasOwnProperty", "valueOf"]) {
      const error = schemeError(() => compileScheme({ algorithm }));
      expect(error.field, algorithm).toBe("scheme.algorithm");
      expect(error.message).toContain("must be one of murmur3_x86_32, fnv1a32, fnv1a32_utf16, md5, sha1, sha256");
      expect(error.message).toContain(`(got "${algorithm}")`);
      expect(schemeError(() => bucket("u", "s", 100, { algorithm } as never)).field).toBe("scheme.algorithm");
    }
  });

  it("supports other key templates, seeds and the scale mapping", () => {
    const optimizelyLike = { algorithm: "murmur3_x86_32", seed: 1, key: "{unit}{salt}", mapping: "scale", buckets: 10000 } as const;
    const h = murmur3x86_32(utf8("user-0exp1"), 1);
    expect(hash32("user-0", "exp1", optimizelyLike)).toBe(h);
    expect(bucket("user-0", "exp1", 10000, optimizelyLike)).toBe(Math.floor((h / 2 ** 32) * 10000));
    const saltFirst = { algorithm: "fnv1a32_utf16", key: "{salt}{unit}" } as const;
    expect(hash32("abc", "seed", saltFirst)).toBe(hash32("seedabc", "", { algorithm: "fnv1a32_utf16", key: "{unit}{salt}" }));
  });

  it("maps with scale in doubles, as the README states: the product h × N rounded once to a double, then floored", () => {
    // The README's rule, written independently: Number(bigint) rounds to the nearest double, ties to even.
    const documented = (h: number, n: number, bits: number) => Math.floor(Number(BigInt(h) * BigInt(n)) / 2 ** bits);
    const exactInteger = (h: number, n: number, bits: number) => Number((BigInt(h) * BigInt(n)) >> BigInt(bits));
    const scale32 = compileScheme({ algorithm: "murmur3_x86_32", mapping: "scale" });
    const scale48 = compileScheme({ algorithm: "md5", digest: { offset: 0, length: 6 }, mapping: "scale" });
    // h × N ≡ −1 (mod 2^32): just below a multiple of 2^32, which rounding to 53 bits carries over it.
    for (const [h, n, bucketOf] of [[2609383525, 10000019, 6075456], [4192462275, 123456789, 120510331], [2147483647, 2147483649, 1073741824]] as const) {
      expect(scale32.toBucket(h, n)).toBe(bucketOf);
      expect(documented(h, n, 32)).toBe(bucketOf);
      expect(exactInteger(h, n, 32)).toBe(bucketOf - 1);
    }
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 2 ** 32 - 1 }), (h, n) => {
        expect(scale32.toBucket(h, n)).toBe(documented(h, n, 32));
        if (h * n < 2 ** 53) expect(scale32.toBucket(h, n)).toBe(exactInteger(h, n, 32));
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), fc.integer({ min: 1, max: 2 ** 32 - 1 }), (h, n) => {
        expect(scale48.toBucket(h, n)).toBe(documented(h, n, 48));
      }),
    );
  });

  it("reads a digest slice big-endian", async () => {
    const { createHash } = await import("node:crypto");
    const scheme = { algorithm: "sha256", key: "{unit}|{salt}", digest: { offset: 2, length: 6 } } as const;
    const expected = parseInt(createHash("sha256").update("u|s").digest("hex").slice(4, 16), 16);
    expect(hash32("u", "s", scheme)).toBe(expected);
    expect(bucket("u", "s", 977, scheme)).toBe(expected % 977);
  });
});
