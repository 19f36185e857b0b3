import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OverrideVerifier, parseForced, signOverride, type OverrideStatus, type StrataRequest } from "../src/index.ts";

const SECRET = "0123456789abcdef0123456789abcdef";
const NOW = Date.UTC(2026, 0, 1);
/** A string that looks like a secret, as a caller might pass it in place of the options (`overrides: process.env.STRATA_QA_SECRET`). */
const LIKELY_SECRET = "Zq3v8yKp1dX0bL6mT9wRfE2sH5uJ7cN4aG+Qe/M=";
const request = (url: string, headers: Record<string, string> = {}): StrataRequest => ({ url, headers: new Headers(headers), secure: false });
const read = async (verifier: OverrideVerifier, req: StrataRequest, now = NOW): Promise<OverrideStatus> => verifier.read(req, now);

describe("signOverride", () => {
  it("mints <forced>~<expires>~<base64url HMAC-SHA256 of the rest>, as the README's openssl recipe does", async () => {
    const token = await signOverride({ secret: SECRET, forced: { "button-color": "green", "new-checkout": "one-page" }, expires: 1767225600 });
    const payload = "button-color:green,new-checkout:one-page~1767225600";
    expect(token).toBe(`${payload}~${createHmac("sha256", SECRET).update(payload).digest("base64url")}`);
  });

  it("expires after ttlSeconds (default one hour) or at a given Date", async () => {
    const inOneHour = await signOverride({ secret: SECRET, forced: { a: "b" }, now: () => NOW });
    expect(inOneHour.split("~")[1]).toBe(String(NOW / 1000 + 3600));
    const at = await signOverride({ secret: SECRET, forced: { a: "b" }, expires: new Date(NOW) });
    expect(at.split("~")[1]).toBe(String(NOW / 1000));
  });

  it("refuses short secrets and malformed ids with errors naming the fix", async () => {
    await expect(signOverride({ secret: "short", forced: { a: "b" } })).rejects.toThrow(/at least 32 characters.*openssl rand -base64 32/);
    await expect(signOverride({ secret: SECRET, forced: {} })).rejects.toThrow(/forced must name 1 to 32 experiments/);
    await expect(signOverride({ secret: SECRET, forced: { "a:b": "c" } })).rejects.toThrow(/"a:b" is not an experiment id/);
    await expect(signOverride({ secret: SECRET, forced: { a: "c,d" } })).rejects.toThrow(/forced\["a"\]: "c,d" is not a group id/);
  });

  it.each([
    [{ ttlSeconds: "3600" }, /^signOverride: ttlSeconds must be a whole number of seconds of at least 1, e\.g\. 3600 for one hour; got "3600"$/],
    [{ ttlSeconds: 0.5 }, /ttlSeconds must be a whole number .*; got 0\.5$/],
    [{ ttlSeconds: -100 }, /ttlSeconds must be a whole number of seconds of at least 1.*; got -100$/],
    [{ ttlSeconds: 0 }, /ttlSeconds must be .*; got 0$/],
    [{ ttlSeconds: Number.NaN }, /ttlSeconds must be .*; got NaN$/],
    [{ ttlSeconds: 1e15 }, /ttlSeconds 1000000000000000 from now\(\) .* use a shorter ttlSeconds/],
    [{ expires: 1_795_297_582_254 }, /expires must be a valid Date or whole Unix seconds.*; got 1795297582254 \(milliseconds\? divide by 1000\)$/],
    [{ expires: new Date("not a date") }, /expires must be a valid Date .*; got an invalid Date$/],
    [{ expires: "2026-12-31" }, /expires must be a valid Date .*; got "2026-12-31"$/],
    [{ now: () => Number.NaN }, /^signOverride: now\(\) must return milliseconds since 1970 like Date\.now, got NaN$/],
    [{ now: 5 }, /signOverride: now must be a function returning milliseconds like Date\.now, got 5$/],
    [{ forced: null }, /^forced must be an object of experiment id to group id, e\.g\. \{ "button-color": "green" \}; got null$/],
  ])("refuses %o with a TypeError naming the option, the value and the fix", async (given, message) => {
    const minting = signOverride({ secret: SECRET, forced: { a: "b" }, ...(given as object) });
    await expect(minting).rejects.toThrow(TypeError);
    await expect(minting).rejects.toThrow(message);
  });

  it("refuses options that are not an object, and never echoes a wrong secret", async () => {
    await expect(signOverride(null as never)).rejects.toThrow(/^signOverride\(options\): options must be an object .*; got null$/);
    await expect(signOverride({ secret: "short-secret-value", forced: { a: "b" } })).rejects.toThrow(/got a string of 18 characters/);
    await expect(signOverride({ secret: "short-secret-value", forced: { a: "b" } })).rejects.not.toThrow(/short-secret-value/);
  });

  it("describes a string passed instead of the options by its length only: it may be the secret itself", async () => {
    const minting = signOverride(LIKELY_SECRET as never);
    await expect(minting).rejects.toThrow(TypeError);
    await expect(minting).rejects.toThrow(
      /^signOverride\(options\): options must be an object such as \{ secret, forced: \{ "button-color": "green" \} \}; got a string of 40 characters \(not shown: it may be your secret\)$/,
    );
    await expect(minting).rejects.not.toThrow(LIKELY_SECRET.slice(0, 8));
  });

  it("mints an already-expired token only when asked with an explicit past expires", async () => {
    const token = await signOverride({ secret: SECRET, forced: { a: "b" }, expires: 1000 });
    expect(token.split("~")[1]).toBe("1000");
  });
});

describe("OverrideVerifier", () => {
  const verifier = new OverrideVerifier({ secret: SECRET });
  const forced = { "button-color": "green" };

  it("honours a valid token from the query parameter or the header (header first)", async () => {
    const token = await signOverride({ secret: SECRET, forced, now: () => NOW });
    expect(await read(verifier, request(`/p?x=1&strata_force=${encodeURIComponent(token)}#top`))).toEqual({ state: "valid", source: "query", forced, expires: NOW / 1000 + 3600 });
    expect(await read(verifier, request(`https://shop.example/p?strata_force=${token}`))).toMatchObject({ state: "valid" });
    const other = await signOverride({ secret: SECRET, forced: { "button-color": "control" }, now: () => NOW });
    expect(await read(verifier, request(`/p?strata_force=${other}`, { "strata-force": token }))).toMatchObject({ state: "valid", source: "header", forced });
  });

  it("reports no token synchronously, without touching crypto", () => {
    expect(verifier.read(request("/p?strata=1"), NOW)).toEqual({ state: "none" });
    expect(verifier.read(request("/p"), NOW)).toEqual({ state: "none" });
  });

  it.each([
    ["a forged signature", async () => signOverride({ secret: "f".repeat(32), forced, now: () => NOW }), /signature does not match/],
    ["no signature", async () => "button-color:green", /no signature/],
    ["no expiry", async () => "button-color:green~AAAA", /no signature/],
    ["a truncated signature", async () => (await signOverride({ secret: SECRET, forced, now: () => NOW })).slice(0, -1), /43 base64url/],
    ["a tampered group", async () => (await signOverride({ secret: SECRET, forced: { "button-color": "control" }, now: () => NOW })).replace("control", "green"), /does not match/],
    ["a tampered expiry", async () => (await signOverride({ secret: SECRET, forced, now: () => NOW })).replace(/~(\d+)~/, (_m, e: string) => `~${Number(e) + 1}~`), /does not match/],
    ["an expired token", async () => signOverride({ secret: SECRET, forced, expires: NOW / 1000 - 1 }), /expired at 2025-12-31T23:59:59.000Z/],
    ["a malformed forced list", async () => `button-color~1~${"A".repeat(43)}`, /"button-color" is not experiment:group/],
    ["a duplicate experiment", async () => `a:b,a:c~1~${"A".repeat(43)}`, /forced twice/],
    ["an oversized token", async () => `${"a:b,".repeat(600)}a:b~1~${"A".repeat(43)}`, /longer than 2048/],
  ])("ignores %s and says why", async (_what, token, reason) => {
    const status = await read(verifier, request("/", { "strata-force": await token() }));
    expect(status.state).toBe("invalid");
    expect(status.state === "invalid" && status.reason).toMatch(/^QA override ignored: /);
    expect(status.state === "invalid" && status.reason).toMatch(reason);
  });

  it("is off without options: a token is ignored (even a valid one) and reported as disabled", async () => {
    const off = new OverrideVerifier(undefined);
    expect(off.enabled).toBe(false);
    const token = await signOverride({ secret: SECRET, forced, now: () => NOW });
    expect(await read(off, request(`/?strata_force=${token}`))).toMatchObject({ state: "disabled", reason: expect.stringMatching(/overrides are off/) });
  });

  it("uses the configured parameter and header names", async () => {
    const custom = new OverrideVerifier({ secret: SECRET, param: "qa", header: "X-QA" });
    const token = await signOverride({ secret: SECRET, forced, now: () => NOW });
    expect(await read(custom, request(`/?qa=${token}`))).toMatchObject({ state: "valid" });
    expect(await read(custom, request("/", { "x-qa": token }))).toMatchObject({ state: "valid" });
    expect(await read(custom, request(`/?strata_force=${token}`))).toEqual({ state: "none" });
  });

  it("refuses bad options with errors naming the option, what was given and the fix", () => {
    const refused = (options: unknown, message: RegExp) => {
      expect(() => new OverrideVerifier(options as never)).toThrow(TypeError);
      expect(() => new OverrideVerifier(options as never)).toThrow(message);
    };
    refused({ secret: "short" }, /overrides\.secret must be a string of at least 32 characters, got a string of 5 characters; generate one/);
    refused({ secret: 12345 }, /overrides\.secret must be a string .*, got a number; generate one/);
    refused(null, /^overrides must be an object such as \{ secret \} \(a string of at least 32 characters\), or left out to keep QA overrides off; got null$/);
    refused("a", /^overrides must be an object .*; got a string of 1 character \(not shown: it may be your secret\)$/);
    refused({ secret: SECRET, param: "a&b" }, /^overrides\.param must be a query parameter name of letters, digits, "_", "\." and "-" .*, e\.g\. "strata_force"; got "a&b"$/);
    refused({ secret: SECRET, param: 5 }, /overrides\.param must be a query parameter name .*; got 5$/);
    refused({ secret: SECRET, header: "a b" }, /^overrides\.header must be a header name, e\.g\. "strata-force"; got "a b"$/);
    refused({ secret: SECRET, header: 123 }, /^overrides\.header must be a header name, e\.g\. "strata-force"; got 123$/);
  });

  it("describes a string passed instead of the options by its length only: it may be the secret itself", () => {
    const construct = () => new OverrideVerifier(LIKELY_SECRET as never, "options.overrides");
    expect(construct).toThrow(TypeError);
    expect(construct).toThrow(
      /^options\.overrides must be an object such as \{ secret \} \(a string of at least 32 characters\), or left out to keep QA overrides off; got a string of 40 characters \(not shown: it may be your secret\)$/,
    );
    expect(construct).not.toThrow(LIKELY_SECRET.slice(0, 8));
  });

  it.each(["a+b", "qa-ü", "x%41", "qa force", "qa~x", "a[b]", ""])("refuses the query parameter name %j, which a link built with URLSearchParams would not carry as written", (param) => {
    expect(() => new OverrideVerifier({ secret: SECRET, param })).toThrow(/overrides\.param must be a query parameter name of letters, digits/);
  });

  it("reads any accepted parameter name from a link however it was encoded", async () => {
    const token = await signOverride({ secret: SECRET, forced, now: () => NOW });
    const name = fc.stringMatching(/^[A-Za-z0-9_.-]{1,24}$/);
    await fc.assert(
      fc.asyncProperty(name, async (param) => {
        const custom = new OverrideVerifier({ secret: SECRET, param });
        const viaSearchParams = new URL("https://shop.example/p?utm=a%20b");
        viaSearchParams.searchParams.set(param, token);
        const links = [
          viaSearchParams.href,
          `/p?${encodeURIComponent(param)}=${encodeURIComponent(token)}`,
          `/p?${param}=${token}`,
          // Over-escaped: every character of the name percent-encoded; URLSearchParams decodes it.
          `/p?${Array.from(param, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`).join("")}=${token}`,
        ];
        for (const link of links) expect(await read(custom, request(link))).toMatchObject({ state: "valid", source: "query" });
      }),
      { numRuns: 50 },
    );
  });

  describe("the clock", () => {
    const valid = () => signOverride({ secret: SECRET, forced, now: () => NOW });

    it.each([
      ["NaN", () => Number.NaN, /the clock returned NaN, not milliseconds since 1970, so the expiry cannot be checked/],
      ["Infinity", () => Number.POSITIVE_INFINITY, /the clock returned Infinity/],
      ["a string", () => "1767225600000" as unknown as number, /the clock returned "1767225600000"/],
      ["a throw", () => {
        throw new Error("clock down");
      }, /the clock threw \(clock down\), so the expiry cannot be checked/],
    ])("ignores a token when the clock gives %s, and says why", async (_what, now, reason) => {
      // Signed in 1970 and long expired: a broken clock must not make it pass.
      const expired = await signOverride({ secret: SECRET, forced, expires: 1000 });
      for (const token of [expired, await valid()]) {
        const status = await read(verifier, request(`/?strata_force=${token}`), now as never);
        expect(status).toMatchObject({ state: "invalid", source: "query", reason: expect.stringMatching(reason) });
        expect(status.state === "invalid" && status.reason).toMatch(/^QA override ignored: /);
      }
    });

    it("is read only for a token whose signature matches", async () => {
      let reads = 0;
      const clock = () => (reads++, NOW);
      expect(await verifier.read(request("/?strata_force=x"), clock)).toMatchObject({ state: "invalid", reason: expect.stringMatching(/no signature/) });
      expect(reads).toBe(0);
      expect(await verifier.read(request(`/?strata_force=${await valid()}`), clock)).toMatchObject({ state: "valid" });
      expect(reads).toBe(1);
    });
  });

  it("parses forced lists", () => {
    expect(parseForced("a:b,c.d:e_f")).toEqual({ a: "b", "c.d": "e_f" });
    expect(parseForced("a:")).toMatch(/not experiment:group/);
    const proto = parseForced("__proto__:x") as Record<string, string>;
    expect(Object.getPrototypeOf(proto)).toBeNull();
    expect(Object.keys(proto)).toEqual(["__proto__"]);
  });
});

describe("a secret of the wrong kind", () => {
  it("is named by its kind, never shown", async () => {
    await expect(signOverride({ secret: {} as never, forced: { e: "g" } })).rejects.toThrow(/^signOverride: secret must be a string of at least 32 characters, got an object;/);
    await expect(signOverride({ secret: 1234567 as never, forced: { e: "g" } })).rejects.toThrow(/^signOverride: secret must be a string of at least 32 characters, got a number;/);
  });
});
