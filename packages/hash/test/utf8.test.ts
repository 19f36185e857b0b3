import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lastCodeUnit, Utf8Buffer, utf8 } from "../src/index.ts";

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

describe("Utf8Buffer.write continuing a previous write", () => {
  const surrogateHeavy = fc.string({
    unit: fc.oneof(
      fc.integer({ min: 0xd800, max: 0xdbff }).map((c) => String.fromCharCode(c)),
      fc.integer({ min: 0xdc00, max: 0xdfff }).map((c) => String.fromCharCode(c)),
      fc.constantFrom("a", "é", "€", "😀"),
    ),
    maxLength: 6,
  });

  it("encodes a surrogate pair split across two writes as one character", () => {
    const buffer = new Utf8Buffer(16);
    const at = buffer.write("user\ud83d", 0);
    const end = buffer.write("\ude00exp", at, lastCodeUnit("user\ud83d"));
    expect(buffer.bytes.subarray(0, end)).toEqual(encoder.encode("user😀exp"));
  });

  it("gives the UTF-8 of the joined text for any pieces, empty ones included", () => {
    fc.assert(fc.property(fc.array(surrogateHeavy, { maxLength: 5 }), (pieces) => {
      const buffer = new Utf8Buffer(16);
      let at = 0;
      let previous = 0;
      for (const piece of pieces) {
        at = buffer.write(piece, at, previous);
        previous = lastCodeUnit(piece, previous);
      }
      expect(buffer.bytes.subarray(0, at)).toEqual(encoder.encode(pieces.join("")));
    }), { numRuns: 2000 });
  });

  it("starts afresh without a previous code unit", () => {
    const buffer = new Utf8Buffer(16);
    const at = buffer.write("\ud83d", 0);
    const end = buffer.write("\ude00", at);
    expect(buffer.bytes.subarray(0, end)).toEqual(encoder.encode("\ufffd\ufffd"));
  });
});
