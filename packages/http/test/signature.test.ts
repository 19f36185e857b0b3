import { createHmac, randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64UrlDecode, base64UrlEncode, constantTimeEqual, hmacSha256, importHmacKey } from "../src/index.ts";

describe("signature primitives", () => {
  it("HMAC-SHA256 agrees with node:crypto", async () => {
    const key = await importHmacKey("secret-ümlaut");
    for (const message of ["", "button-color:green~1767225600", "ü".repeat(100)]) {
      const expected = createHmac("sha256", "secret-ümlaut").update(message).digest();
      expect(Array.from(await hmacSha256(key, message))).toEqual(Array.from(expected));
    }
  });

  it("base64url round-trips and matches Node's encoding without padding", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = base64UrlEncode(bytes);
        expect(text).toBe(Buffer.from(bytes).toString("base64url"));
        expect(Array.from(base64UrlDecode(text) ?? [])).toEqual(Array.from(bytes));
      }),
    );
  });

  it("refuses text that is not base64url", () => {
    for (const text of ["a+b/", "abc=", "a", "ab cd", "ab\r\n"]) expect(base64UrlDecode(text), text).toBeUndefined();
  });

  it("compares bytes in constant time, including different lengths", () => {
    const a = new Uint8Array(randomBytes(32));
    expect(constantTimeEqual(a, a.slice())).toBe(true);
    const b = a.slice();
    b[31] = (b[31] as number) ^ 1;
    expect(constantTimeEqual(a, b)).toBe(false);
    expect(constantTimeEqual(a, a.slice(0, 31))).toBe(false);
    expect(constantTimeEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });
});
