import type { Request } from "express";
import { describe, expect, it } from "vitest";
import { ExpressRequestView, NodeHeadersView } from "../src/index.ts";

/** The parts of an Express request the view reads. */
function fakeRequest(parts: { headers: Record<string, string | string[]>; secure?: boolean; encrypted?: boolean; originalUrl?: string; url?: string }): Request {
  return {
    headers: parts.headers,
    secure: parts.secure ?? false,
    socket: { encrypted: parts.encrypted },
    originalUrl: parts.originalUrl,
    url: parts.url ?? "/",
    method: "GET",
  } as unknown as Request;
}

describe("ExpressRequestView", () => {
  it("is its own headers: get reads req.headers by lower-case name and joins repeated values with \", \"", () => {
    const view = new ExpressRequestView(fakeRequest({ headers: { cookie: "strata_id=abc", "x-tag": ["a", "b"] } }));
    expect(view.headers).toBe(view);
    expect(view.headers.get("cookie")).toBe("strata_id=abc");
    expect(view.get("x-tag")).toBe("a, b");
    expect(view.get("user-agent")).toBeUndefined();
  });

  it("answers secure from the socket without X-Forwarded-Proto and from req.secure (Express's trust proxy) with it", () => {
    expect(new ExpressRequestView(fakeRequest({ headers: {}, encrypted: true })).secure).toBe(true);
    expect(new ExpressRequestView(fakeRequest({ headers: {}, secure: true })).secure).toBe(false);
    expect(new ExpressRequestView(fakeRequest({ headers: { "x-forwarded-proto": "https" }, secure: true })).secure).toBe(true);
    expect(new ExpressRequestView(fakeRequest({ headers: { "x-forwarded-proto": "https" }, encrypted: true, secure: false })).secure).toBe(false);
  });

  it("reads the URL before any mount path was stripped", () => {
    expect(new ExpressRequestView(fakeRequest({ headers: {}, originalUrl: "/shop/cart?x=1", url: "/cart?x=1" })).url).toBe("/shop/cart?x=1");
    expect(new ExpressRequestView(fakeRequest({ headers: {}, url: "/cart" })).url).toBe("/cart");
  });
});

describe("NodeHeadersView", () => {
  it("reads Node's headers the same way", () => {
    const headers = new NodeHeadersView({ "accept-language": "de", "x-tag": ["a", "b"] });
    expect(headers.get("accept-language")).toBe("de");
    expect(headers.get("x-tag")).toBe("a, b");
    expect(headers.get("cookie")).toBeUndefined();
  });
});
