import * as hash from "@strata/hash";
import { describe, expect, it } from "vitest";
import {
  checkHashVectors,
  runHashVectors,
  vectorCategories,
  type HashApi,
  type HashVectorFile,
  type VectorMismatch,
} from "../src/index.ts";
import { countCases, readVectors } from "./support/vector-file.ts";

/**
 * The mismatches of a run on `vectors` that a run on the unmodified file does not have, so these
 * tests judge the runner, whatever the state of @strata/hash (the conformance tests judge that).
 */
function newMismatches(vectors: HashVectorFile, api: HashApi = hash): VectorMismatch[] {
  const key = (m: VectorMismatch) => JSON.stringify([m.category, m.name, m.check]);
  const baseline = new Set(runHashVectors(readVectors(), api).mismatches.map(key));
  return runHashVectors(vectors, api).mismatches.filter((m) => !baseline.has(key(m)));
}

/** A different value of the same type: +1 for numbers, the last hex digit changed for hex. */
function broken(value: unknown): unknown {
  if (typeof value === "number") return value + 1;
  if (typeof value === "string") return value.slice(0, -1) + (value.endsWith("0") ? "1" : "0");
  throw new Error(`cannot break ${String(value)}`);
}

/** Breaks every expected field of every case of `vectors`, in place. */
function breakEveryCase(vectors: HashVectorFile): void {
  for (const category of vectorCategories) {
    for (const c of vectors.cases[category]) {
      const expected = c.expected as unknown as Record<string, unknown>;
      for (const field of Object.keys(expected)) expected[field] = broken(expected[field]);
    }
  }
}

const SCHEME_CHECKS = [
  "hash32(unit, salt, scheme)",
  "bucket(unit, salt, buckets, scheme)",
  "new UnitHasher(scheme): setUnit(unit), hash(prepare(salt))",
  "new UnitHasher(scheme): setUnit(unit), bucket(prepare(salt), buckets)",
  "reused UnitHasher: hash(prepare(salt)), then bucket",
];

describe("runHashVectors", () => {
  it("reports a deliberately broken case, naming it and every call that now disagrees", () => {
    const vectors = readVectors();
    const target = vectors.cases.scheme[17];
    if (target === undefined) throw new Error("no scheme case 17");
    target.expected.bucket = (target.expected.bucket + 1) % target.input.buckets;
    expect(newMismatches(vectors).map((m) => [m.category, m.name, m.check])).toEqual([
      ["scheme", target.name, "bucket(unit, salt, buckets, scheme)"],
      ["scheme", target.name, "new UnitHasher(scheme): setUnit(unit), bucket(prepare(salt), buckets)"],
      ["scheme", target.name, "reused UnitHasher: hash(prepare(salt)), then bucket"],
    ]);
    expect(runHashVectors(vectors, hash).cases).toBe(countCases(vectors));
  });

  it("compares every case: breaking all of them reports every case, through every call", () => {
    const vectors = readVectors();
    breakEveryCase(vectors);
    const report = runHashVectors(vectors, hash);
    for (const category of vectorCategories) {
      const reported = new Set(report.mismatches.filter((m) => m.category === category).map((m) => m.name));
      const missed = vectors.cases[category].map((c) => c.name).filter((name) => !reported.has(name));
      expect(missed, category).toEqual([]);
    }
    const schemeChecks = new Set(report.mismatches.filter((m) => m.category === "scheme").map((m) => m.check));
    expect([...schemeChecks].sort()).toEqual([...SCHEME_CHECKS].sort());
  });

  it("catches an implementation that is wrong on one input only", () => {
    const lie: HashApi = { ...hash, utf8: (text) => (text === "\uD800" ? new Uint8Array([0xed, 0xa0, 0x80]) : hash.utf8(text)) };
    const report = runHashVectors(readVectors(), lie);
    const utf8 = report.mismatches.filter((m) => m.category === "utf8");
    expect(utf8.map((m) => [m.check, m.expected, m.actual])).toEqual([["utf8(text)", "efbfbd", "eda080"]]);
  });

  it("catches a UnitHasher that goes wrong only when its buffer must grow inside hash()", () => {
    const capacity = 256;
    class SmallBufferHasher extends hash.UnitHasher {
      private unitBytes = 0;
      override setUnit(unit: string | number): this {
        this.unitBytes = new TextEncoder().encode(`${String(unit)}:`).length;
        return super.setUnit(unit);
      }
      override hash(salt: ReturnType<hash.UnitHasher["prepare"]>): number {
        const right = super.hash(salt);
        return this.unitBytes + salt.bytes.length > capacity ? (right + 1) >>> 0 : right;
      }
    }
    const report = runHashVectors(readVectors(), { ...hash, UnitHasher: SmallBufferHasher });
    const fresh = report.mismatches.filter((m) => m.check === "new UnitHasher(scheme): setUnit(unit), hash(prepare(salt))");
    expect(fresh.map((m) => m.name)).toContain('strata/v1: unit "user-42", salt 1 KB salt ("y" × 1024), 1000 buckets');
  });

  it("reports an API that throws instead of throwing itself", () => {
    const throwing: HashApi = {
      ...hash,
      murmur3x86_32: () => {
        throw new Error("boom");
      },
    };
    const vectors = readVectors();
    const murmur = runHashVectors(vectors, throwing).mismatches.filter((m) => m.category === "murmur3_x86_32");
    expect(murmur).toHaveLength(vectors.cases.murmur3_x86_32.length);
    expect(murmur[0]?.actual).toBe("threw: Error: boom");
  });

  it("checks the named scheme definitions", () => {
    const vectors = readVectors();
    const definition = vectors.schemes["strata/v1"];
    if (definition === undefined) throw new Error("no strata/v1 definition");
    definition.seed = 1;
    expect(newMismatches(vectors)).toEqual([{ category: "schemes", name: "strata/v1", check: 'namedSchemes["strata/v1"].seed', expected: 1, actual: 0 }]);
  });

  it("reports a malformed input as a mismatch", () => {
    const vectors = readVectors();
    const first = vectors.cases.fnv1a32[0];
    if (first === undefined) throw new Error("no fnv1a32 case");
    first.input = { hex: "zz" };
    const mismatches = newMismatches(vectors);
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0]?.actual).toMatch(/^threw: RangeError: not hex bytes/);
  });
});

describe("checkHashVectors", () => {
  it("rejects a category this runner does not know, so no case goes unchecked", () => {
    const data = JSON.parse(JSON.stringify(readVectors())) as { cases: Record<string, unknown> };
    data.cases.sha512 = [];
    expect(() => checkHashVectors(data)).toThrow(/cases\.sha512: unknown category/);
  });

  it("names the first malformed case", () => {
    const data = JSON.parse(JSON.stringify(readVectors())) as { cases: { md5: unknown[] } };
    data.cases.md5[2] = { name: "x", input: "abc", expected: {} };
    expect(() => checkHashVectors(data)).toThrow("hash vectors: cases.md5[2].input: must be an object");
  });

  it("rejects a file missing a category", () => {
    const data = JSON.parse(JSON.stringify(readVectors())) as { cases: Record<string, unknown> };
    delete data.cases.utf8;
    expect(() => checkHashVectors(data)).toThrow("hash vectors: cases.utf8: must be a list of cases");
  });
});
