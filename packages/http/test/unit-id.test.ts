import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { isValidUnitId, MAX_UNIT_ID_LENGTH, newUnitId } from "../src/index.ts";

describe("newUnitId", () => {
  it("makes 128-bit ids: 32 lower-case hex digits, all distinct", () => {
    const ids = Array.from({ length: 10_000 }, newUnitId);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("never reuses random bytes across refills of its 4,096-id pool", () => {
    const calls: number[] = [];
    const original = globalThis.crypto.getRandomValues.bind(globalThis.crypto);
    const spy = vi.spyOn(globalThis.crypto, "getRandomValues").mockImplementation((array) => {
      calls.push((array as Uint8Array).length);
      return original(array);
    });
    try {
      const ids = Array.from({ length: 10_000 }, newUnitId);
      expect(new Set(ids).size).toBe(10_000);
      // 10,000 ids need 160,000 bytes: 2 or 3 fills of 65,536 (the first ids may come from the pool left by earlier tests).
      expect(calls.length).toBeGreaterThanOrEqual(2);
      expect(calls.length).toBeLessThanOrEqual(3);
      expect(new Set(calls)).toEqual(new Set([65_536]));
    } finally {
      spy.mockRestore();
    }
  });

  it("writes each random byte as two hex digits, high nibble first, in the pool's order", () => {
    // Drain the pool so the next id comes from a fresh fill of known bytes; fills after that are random again.
    const original = globalThis.crypto.getRandomValues.bind(globalThis.crypto);
    let fills = 0;
    const spy = vi.spyOn(globalThis.crypto, "getRandomValues").mockImplementation((array) => {
      if (++fills > 1) return original(array);
      const bytes = array as Uint8Array;
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37 + 11) % 256;
      return array;
    });
    try {
      let id = newUnitId();
      for (let n = 0; n < 4096 && fills === 0; n++) id = newUnitId();
      const expected = Array.from({ length: 16 }, (_, i) => ((i * 37 + 11) % 256).toString(16).padStart(2, "0")).join("");
      expect(id).toBe(expected);
      expect(newUnitId()).toBe(Array.from({ length: 16 }, (_, i) => (((16 + i) * 37 + 11) % 256).toString(16).padStart(2, "0")).join(""));
      // Leave no patterned bytes in the pool for later tests.
      for (let n = 0; n < 4096 && fills === 1; n++) newUnitId();
      expect(fills).toBe(2);
    } finally {
      spy.mockRestore();
    }
  });

  it("uses every hex digit at every position (no stuck bits)", () => {
    const ids = Array.from({ length: 2000 }, newUnitId);
    for (let position = 0; position < 32; position++) expect(new Set(ids.map((id) => id[position])).size).toBe(16);
  });
});

describe("isValidUnitId", () => {
  it("keeps our ids and other 16-64 character ids of A-Z a-z 0-9 _ -", () => {
    expect(isValidUnitId(newUnitId())).toBe(true);
    expect(isValidUnitId("GA1.2.1234567890_x-y")).toBe(false);
    expect(isValidUnitId("Ab_-0123456789Ab")).toBe(true);
    expect(isValidUnitId("a".repeat(MAX_UNIT_ID_LENGTH))).toBe(true);
  });

  it("replaces missing, short, oversized and injected values", () => {
    for (const value of [undefined, "", "short", "a".repeat(MAX_UNIT_ID_LENGTH + 1), "abcdefabcdefabcdef\r\n", "abcdefabcdefabcdef;x=1", '"abcdefabcdefabcdef"', "abcdefabcdef%0D%0Aabc", "abcdefabcdef abcdefabcdef"]) {
      expect(isValidUnitId(value), JSON.stringify(value)).toBe(false);
    }
  });

  it("never accepts a value that could break a header or a cookie (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (value) => {
        if (isValidUnitId(value)) expect(value).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
      }),
      { numRuns: 2000 },
    );
  });
});
