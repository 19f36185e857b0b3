import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { OverrideVerifier, parseForced, signOverride, type OverrideStatus, type StrataRequest } from "../src/index.ts";

const SECRET = "0123456789abcdef0123456789abcdef";
const NOW = Date.UTC(2026, 0, 1);
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

  it("refuses bad options with errors naming the option", () => {
    expect(() => new OverrideVerifier({ secret: "short" })).toThrow(/overrides\.secret must be a string of at least 32 characters/);
    expect(() => new OverrideVerifier({ secret: SECRET, param: "a&b" })).toThrow(/overrides\.param "a&b" is not a query parameter name/);
    expect(() => new OverrideVerifier({ secret: SECRET, header: "a b" })).toThrow(/overrides\.header "a b" is not a header name/);
  });

  it("parses forced lists", () => {
    expect(parseForced("a:b,c.d:e_f")).toEqual({ a: "b", "c.d": "e_f" });
    expect(parseForced("a:")).toMatch(/not experiment:group/);
    const proto = parseForced("__proto__:x") as Record<string, string>;
    expect(Object.getPrototypeOf(proto)).toBeNull();
    expect(Object.keys(proto)).toEqual(["__proto__"]);
  });
});
