import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { randomId } from "@strata/engine";
import { isValidUnitId, MAX_UNIT_ID_LENGTH, newUnitId } from "../src/index.ts";

describe("newUnitId", () => {
  it("is the engine's randomId: 128-bit ids as 32 lower-case hex digits, all distinct", () => {
    expect(newUnitId).toBe(randomId);
    const ids = Array.from({ length: 10_000 }, newUnitId);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(ids.length);
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
