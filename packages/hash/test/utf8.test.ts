import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Utf8Buffer, utf8 } from "../src/index.ts";

const encoder = new TextEncoder();
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const withLoneSurrogates = fc.string({ unit: anyCodeUnit, maxLength: 64 });

describe("utf8", () => {
  it("matches TextEncoder on fixed edge cases", () => {
    for (const text of ["", "a", "é", "€", "日本語", "😀", "\ud800", "\udc00", "a\ud800b", "\udbff\udfff", "\ud83d", "x\ud83d\ude00y\ude00"]) {
      expect(utf8(text), JSON.stringify(text)).toEqual(encoder.encode(text));
    }
  });

  it("matches TextEncoder for every string, lone surrogates included", () => {
    fc.assert(fc.property(withLoneSurrogates, (text) => {
      expect(utf8(text)).toEqual(encoder.encode(text));
    }), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 64 }), (text) => {
      expect(utf8(text)).toEqual(encoder.encode(text));
    }), { numRuns: 1000 });
  });

  it("appends at an offset into a reused buffer, growing it and keeping earlier bytes", () => {
    const buffer = new Utf8Buffer(16);
    const first = buffer.write("prefix:", 0);
    const long = "é".repeat(500);
    const end = buffer.write(long, first);
    expect(buffer.bytes.length).toBeGreaterThanOrEqual(end);
    expect(buffer.bytes.subarray(0, end)).toEqual(encoder.encode("prefix:" + long));
  });
});
