import { describe, expect, it } from "vitest";
import {
  publishedFnv1a32,
  publishedMd5,
  publishedMurmur3,
  publishedSha1,
  publishedSha256,
  publishedUtf8,
} from "../scripts/published-vectors.mjs";
import type { VectorCase } from "../src/index.ts";
import { readVectors } from "./support/vector-file.ts";

const vectors = readVectors();
const encoder = new TextEncoder();
const schemes = Object.keys(vectors.schemes);

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const ASTRAL = /[\u{10000}-\u{10FFFF}]/u;
const CJK = /[\u4E00-\u9FFF\u3040-\u30FF\uAC00-\uD7A3]/u;
const ACCENT = /[\u00C0-\u017F]|\u0308/u;

/** The scheme cases of `scheme` whose unit or salt satisfies `test`. */
function schemeCasesWhere(scheme: string, test: (unit: string | number, salt: string) => boolean) {
  return vectors.cases.scheme.filter((c) => c.input.scheme === scheme && test(c.input.unit, c.input.salt));
}

/** The published entries missing from `cases` (matched on input and expected value). */
function missing<T>(published: readonly T[], cases: VectorCase<object, object>[], toCase: (entry: T) => { input: object; expected: object }) {
  const present = new Set(cases.map((c) => JSON.stringify([c.input, c.expected])));
  return published.filter((entry) => {
    const { input, expected } = toCase(entry);
    return !present.has(JSON.stringify([input, expected]));
  });
}

describe("the vectors cover the contract's edges", () => {
  it.each(schemes)("%s: every required bucket count", (scheme) => {
    const counts = new Set(vectors.cases.scheme.filter((c) => c.input.scheme === scheme).map((c) => c.input.buckets));
    for (const n of [1, 2, 100, 1000, 10000, 2 ** 31, 2 ** 32 - 1]) expect(counts.has(n), `${n} buckets`).toBe(true);
  });

  it.each(schemes)("%s: empty units and salts, numeric units, 1 KB ids and every script", (scheme) => {
    const text = (unit: string | number) => String(unit);
    const features = {
      "empty unit": schemeCasesWhere(scheme, (unit) => unit === ""),
      "empty salt": schemeCasesWhere(scheme, (_, salt) => salt === ""),
      "empty unit and salt": schemeCasesWhere(scheme, (unit, salt) => unit === "" && salt === ""),
      "numeric unit": schemeCasesWhere(scheme, (unit) => typeof unit === "number"),
      "1 KB unit": schemeCasesWhere(scheme, (unit) => encoder.encode(text(unit)).length >= 1024),
      "1 KB salt": schemeCasesWhere(scheme, (_, salt) => encoder.encode(salt).length >= 1024),
      ascii: schemeCasesWhere(scheme, (unit) => /^[\x20-\x7e]+$/.test(text(unit))),
      accents: schemeCasesWhere(scheme, (unit, salt) => ACCENT.test(text(unit) + salt)),
      CJK: schemeCasesWhere(scheme, (unit, salt) => CJK.test(text(unit) + salt)),
      "emoji (surrogate pairs)": schemeCasesWhere(scheme, (unit, salt) => ASTRAL.test(text(unit) + salt)),
      "lone surrogate in the unit": schemeCasesWhere(scheme, (unit) => LONE_SURROGATE.test(text(unit))),
      "lone surrogate in the salt": schemeCasesWhere(scheme, (_, salt) => LONE_SURROGATE.test(salt)),
    };
    for (const [feature, cases] of Object.entries(features)) expect(cases.length, feature).toBeGreaterThan(0);
  });

  it("numeric units hash as their decimal string", () => {
    const numeric = vectors.cases.scheme.filter((c) => typeof c.input.unit === "number");
    expect(numeric.length).toBeGreaterThanOrEqual(6);
    for (const c of numeric) {
      const twin = vectors.cases.scheme.find(
        (t) => t.input.unit === String(c.input.unit) && t.input.scheme === c.input.scheme && t.input.salt === c.input.salt && t.input.buckets === c.input.buckets,
      );
      expect(twin?.expected, c.name).toEqual(c.expected);
    }
  });

  it("each scheme case's bucket is its hash mod the bucket count", () => {
    for (const { name, input, expected } of vectors.cases.scheme) {
      expect(expected.bucket, name).toBe(expected.hash % input.buckets);
    }
  });

  it("the raw algorithms meet lone surrogates, emoji and the seeds 0, 1 and 2^32-1", () => {
    const texts = (cases: VectorCase<{ text?: string }, object>[]) => cases.map((c) => c.input.text ?? "");
    expect(texts(vectors.cases.utf8).some((t) => LONE_SURROGATE.test(t))).toBe(true);
    expect(texts(vectors.cases.fnv1a32_utf16).some((t) => LONE_SURROGATE.test(t))).toBe(true);
    expect(texts(vectors.cases.md5).some((t) => ASTRAL.test(t))).toBe(true);
    const seeds = new Set(vectors.cases.murmur3_x86_32.map((c) => c.input.seed));
    for (const seed of [0, 1, 0xffffffff]) expect(seeds.has(seed), `seed ${seed}`).toBe(true);
  });

  it("names are unique", () => {
    const names = Object.values(vectors.cases).flatMap((list: { name: string }[]) => list.map((c) => c.name));
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("every published test value is in the file, unchanged", () => {
  it("MurmurHash3 x86_32 verification values", () => {
    expect(missing(publishedMurmur3, vectors.cases.murmur3_x86_32, (p) => ({ input: { ...p.input, seed: p.seed }, expected: { hash: p.hash } }))).toEqual([]);
  });
  it("RFC 1321 (MD5)", () => {
    expect(missing(publishedMd5, vectors.cases.md5, (p) => ({ input: p.input, expected: { hex: p.hex } }))).toEqual([]);
  });
  it("FIPS 180 (SHA-1, SHA-256)", () => {
    expect(missing(publishedSha1, vectors.cases.sha1, (p) => ({ input: p.input, expected: { hex: p.hex } }))).toEqual([]);
    expect(missing(publishedSha256, vectors.cases.sha256, (p) => ({ input: p.input, expected: { hex: p.hex } }))).toEqual([]);
  });
  it("FNV-1a reference values, over bytes and over code units", () => {
    const toCase = (p: { text: string; hash: number }) => ({ input: { text: p.text }, expected: { hash: p.hash } });
    expect(missing(publishedFnv1a32, vectors.cases.fnv1a32, toCase)).toEqual([]);
    expect(missing(publishedFnv1a32, vectors.cases.fnv1a32_utf16, toCase)).toEqual([]);
  });
  it("RFC 3629 (UTF-8)", () => {
    expect(missing(publishedUtf8, vectors.cases.utf8, (p) => ({ input: { text: p.text }, expected: { hex: p.hex } }))).toEqual([]);
  });
});
