import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_COOKIE_MAX_AGE, isValidUnitId, readCookie, resolveCookie } from "../src/index.ts";

describe("readCookie", () => {
  it("finds the named cookie among others, trimming spaces and surrounding quotes", () => {
    expect(readCookie("a=1; strata_id=abc; b=2", "strata_id")).toBe("abc");
    expect(readCookie("strata_id=abc", "strata_id")).toBe("abc");
    expect(readCookie('  strata_id = "abc" ;x=1', "strata_id")).toBe("abc");
    expect(readCookie("xstrata_id=1; strata_idx=2", "strata_id")).toBeUndefined();
  });

  it("takes the first of repeated cookies and ignores parts without '='", () => {
    expect(readCookie("junk; strata_id=first; strata_id=second", "strata_id")).toBe("first");
  });

  it("takes the first repeated value that `accept` takes, else the first value", () => {
    const valid = "0123456789abcdef0123456789abcdef";
    const other = "fedcba9876543210fedcba9876543210";
    // A stale or foreign cookie with a longer path comes first; the valid id after it is still found.
    expect(readCookie(`strata_id=bad; x=1; strata_id=${valid}; strata_id=${other}`, "strata_id", isValidUnitId)).toBe(valid);
    expect(readCookie(`strata_id=${other}; strata_id=${valid}`, "strata_id", isValidUnitId)).toBe(other);
    expect(readCookie("strata_id=bad; strata_id=worse", "strata_id", isValidUnitId)).toBe("bad");
    expect(readCookie("a=1", "strata_id", isValidUnitId)).toBeUndefined();
  });

  it("returns undefined for no header, and reads headers of any length", () => {
    expect(readCookie(undefined, "strata_id")).toBeUndefined();
    expect(readCookie(null, "strata_id")).toBeUndefined();
    expect(readCookie("", "strata_id")).toBeUndefined();
    const jar = Array.from({ length: 2_000 }, (_, i) => `c${i}=${"x".repeat(40)}`).join("; ");
    expect(jar.length).toBeGreaterThan(64 * 1024);
    expect(readCookie(`${jar}; strata_id=abc`, "strata_id")).toBe("abc");
    expect(readCookie(`strata_id=abc; ${jar}`, "strata_id")).toBe("abc");
  });

  it("returns values raw, so the caller's validation sees injected characters", () => {
    expect(readCookie("strata_id=a\r\nSet-Cookie: x=1", "strata_id")).toBe("a\r\nSet-Cookie: x=1");
    expect(readCookie("strata_id=%0D%0A", "strata_id")).toBe("%0D%0A");
  });
});

describe("resolveCookie", () => {
  it("writes HttpOnly, SameSite=Lax, Path=/ and one year by default; Secure only over HTTPS", () => {
    const cookie = resolveCookie();
    expect(cookie.name).toBe("strata_id");
    expect(cookie.serialize("id", false)).toBe(`strata_id=id; Max-Age=${DEFAULT_COOKIE_MAX_AGE}; Path=/; HttpOnly; SameSite=Lax`);
    expect(cookie.serialize("id", true)).toBe(`strata_id=id; Max-Age=${DEFAULT_COOKIE_MAX_AGE}; Path=/; HttpOnly; SameSite=Lax; Secure`);
  });

  it("applies name, maxAge, path, domain, sameSite and secure", () => {
    const cookie = resolveCookie({ name: "ab", maxAge: 60, path: "/shop", domain: "example.com", sameSite: "None", secure: true });
    expect(cookie.serialize("id", false)).toBe("ab=id; Max-Age=60; Path=/shop; Domain=example.com; HttpOnly; SameSite=None; Secure");
    expect(resolveCookie({ secure: false }).serialize("id", true)).not.toContain("Secure");
  });

  it.each([
    [{ name: "a b" }, /cookie\.name "a b" is not a cookie name/],
    [{ name: "a;b" }, /cookie\.name/],
    [{ maxAge: 0 }, /cookie\.maxAge must be a whole number of seconds from 1 to 34560000/],
    [{ maxAge: 1.5 }, /cookie\.maxAge/],
    [{ maxAge: 40_000_000 }, /400 days/],
    [{ path: "shop" }, /cookie\.path "shop" must start with "\/"/],
    [{ path: "/a;b" }, /cookie\.path/],
    [{ domain: "evil.com; x" }, /cookie\.domain .* is not a host name/],
    [{ sameSite: "lax" }, /cookie\.sameSite must be "Lax", "Strict" or "None"/],
    [{ sameSite: "None" }, /cookie\.sameSite "None" needs cookie\.secure: true/],
    [{ secure: "yes" }, /cookie\.secure must be true, false or "auto"/],
    [{ name: "__Secure-id" }, /cookie\.name "__Secure-id" starts with __Secure-, which needs cookie\.secure: true/],
    [{ name: "__secure-id", secure: false }, /cookie\.secure: true/],
    [{ name: "__Host-id" }, /cookie\.name "__Host-id" starts with __Host-, which needs cookie\.secure: true/],
    [{ name: "__Host-id", secure: true, path: "/shop" }, /__Host-, which needs cookie\.path "\/"/],
    [{ name: "__HOST-id", secure: true, domain: "example.com" }, /__Host-, which needs no cookie\.domain/],
  ])("refuses %j with an error naming the option and the fix", (options, message) => {
    expect(() => resolveCookie(options as never)).toThrow(message);
  });

  it("accepts __Secure- and __Host- names with the settings browsers require", () => {
    expect(resolveCookie({ name: "__Secure-id", secure: true, path: "/shop", domain: "example.com" }).serialize("x", false)).toBe(
      "__Secure-id=x; Max-Age=31536000; Path=/shop; Domain=example.com; HttpOnly; SameSite=Lax; Secure",
    );
    expect(resolveCookie({ name: "__Host-id", secure: true }).serialize("x", false)).toBe("__Host-id=x; Max-Age=31536000; Path=/; HttpOnly; SameSite=Lax; Secure");
  });

  it("never accepts a prefixed name whose Set-Cookie a browser would drop, over HTTP or HTTPS", () => {
    const options = fc.record(
      {
        name: fc.constantFrom("__Secure-id", "__Host-id", "__SECURE-id", "__host-id", "strata_id"),
        path: fc.constantFrom("/", "/shop"),
        domain: fc.constantFrom("example.com", undefined),
        secure: fc.constantFrom(true, false, "auto" as const),
      },
      { requiredKeys: ["name"] },
    );
    fc.assert(
      fc.property(options, fc.boolean(), (chosen, https) => {
        let header: string;
        try {
          header = resolveCookie(chosen).serialize("x", https);
        } catch {
          return; // refused at startup: nothing is sent
        }
        const name = chosen.name.toLowerCase();
        if (name.startsWith("__secure-") || name.startsWith("__host-")) expect(header).toMatch(/; Secure$/);
        if (name.startsWith("__host-")) {
          expect(header).toContain("; Path=/;");
          expect(header).not.toContain("Domain=");
        }
      }),
    );
  });
});
