import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it, vi } from "vitest";
import { ADAPTER_CONFIG } from "../../http/test/support/adapter-fixture.ts";
import { appendHeaders, withStrata, type ExposureEvent, type RequestDecision } from "../src/index.ts";
import { serveGzip } from "./support/gzip-upstream.ts";

const COOKIE = /^strata_id=[0-9a-f]{32}; Max-Age=31536000; Path=\/; HttpOnly; SameSite=Lax$/;

describe("withStrata (in-process, Node's web-standard Request and Response)", () => {
  it("hands the decision and the runtime's info to the handler and sets the cookie on its response", async () => {
    const seen: Array<{ info: unknown; decision: RequestDecision }> = [];
    const serve = withStrata<{ remoteAddr: string }>(
      (_request, info, decision) => {
        seen.push({ info, decision });
        return new Response(String(decision.get("button_color")));
      },
      { config: ADAPTER_CONFIG },
    );
    const info = { remoteAddr: "127.0.0.1" };
    const response = await serve(new Request("http://shop.example/"), info);
    expect(seen[0]?.info).toBe(info);
    expect(await response.text()).toBe(seen[0]?.decision.params.button_color);
    const cookie = response.headers.getSetCookie();
    expect(cookie).toHaveLength(1);
    expect(cookie[0]).toMatch(COOKIE);
    const again = await serve(new Request("http://shop.example/", { headers: { cookie: (cookie[0] as string).split(";")[0] as string } }), info);
    expect(again.headers.getSetCookie()).toEqual([]);
    expect(seen[1]?.decision.assignments).toEqual(seen[0]?.decision.assignments);
  });

  it("adds Secure for https: URLs, and for X-Forwarded-Proto only with trustProxy", async () => {
    const handler = () => new Response("ok");
    const plain = withStrata(handler, { config: ADAPTER_CONFIG });
    const proxied = withStrata(handler, { config: ADAPTER_CONFIG, trustProxy: true });
    const forwarded = { headers: { "x-forwarded-proto": "https" } };
    expect((await plain(new Request("https://shop.example/"), undefined)).headers.get("set-cookie")).toMatch(/; Secure$/);
    expect((await plain(new Request("http://shop.example/", forwarded), undefined)).headers.get("set-cookie")).not.toMatch(/Secure/);
    expect((await proxied(new Request("http://shop.example/", forwarded), undefined)).headers.get("set-cookie")).toMatch(/; Secure$/);
  });

  it("gives each visitor only their own cookie when the handler returns one bodiless Response for every request", async () => {
    const noContent = new Response(null, { status: 204, headers: { "set-cookie": "app=1; Path=/", "x-app": "kept" } });
    const serve = withStrata(() => noContent, { config: ADAPTER_CONFIG });
    const cookies: string[] = [];
    for (let visitor = 0; visitor < 3; visitor++) {
      const response = await serve(new Request("http://shop.example/"), undefined);
      expect(response.status).toBe(204);
      expect(response.headers.get("x-app")).toBe("kept");
      const [app, own, ...more] = response.headers.getSetCookie();
      expect(app).toBe("app=1; Path=/");
      expect(own).toMatch(COOKIE);
      expect(more).toEqual([]);
      cookies.push(own as string);
    }
    expect(new Set(cookies).size).toBe(3);
    expect(noContent.headers.getSetCookie()).toEqual(["app=1; Path=/"]);
  });

  it("serves a config with one unit type: cookie-only sets the cookie and decides on it, user-only decides on the user id", async () => {
    const only = (unit: string) => ({ ...(JSON.parse(JSON.stringify(ADAPTER_CONFIG).replaceAll(/"(userId|cookieId)"/g, `"${unit}"`)) as object), units: [unit] });
    const cookieOnly = withStrata((_request, _info, decision) => Response.json(decision.units), { config: only("cookieId") });
    const anonymous = await cookieOnly(new Request("http://shop.example/"), undefined);
    const { cookieId } = (await anonymous.json()) as { cookieId: string };
    expect(anonymous.headers.get("set-cookie")).toBe(`strata_id=${cookieId}; Max-Age=31536000; Path=/; HttpOnly; SameSite=Lax`);
    const userOnly = withStrata((_request, _info, decision) => Response.json(decision.assignments.map((a) => a.unit)), {
      config: only("userId"),
      userId: (request) => request.headers.get("x-user-id"),
    });
    const signedIn = await userOnly(new Request("http://shop.example/", { headers: { "x-user-id": "u-2" } }), undefined);
    expect(new Set((await signedIn.json()) as string[])).toEqual(new Set(["u-2"]));
  });

  it("sets the cookie on a response whose headers are immutable (Response.redirect)", async () => {
    const serve = withStrata(() => Response.redirect("http://shop.example/next", 302), { config: ADAPTER_CONFIG });
    const response = await serve(new Request("http://shop.example/"), undefined);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("http://shop.example/next");
    expect(response.headers.get("set-cookie")).toMatch(COOKIE);
  });

  it("flushes exposures once the response is produced, and also when the handler throws", async () => {
    const batches: ExposureEvent[][] = [];
    let flushedDuringHandler = true;
    const serve = withStrata(
      (request, _info, decision) => {
        for (const param of ["button_color", "button_size"]) decision.get(param);
        flushedDuringHandler = batches.length > 0;
        if (request.url.endsWith("/fail")) throw new Error("handler failed");
        return new Response("ok");
      },
      { config: ADAPTER_CONFIG, exposure: "eager", onExposure: (events) => void batches.push([...events]) },
    );
    await serve(new Request("http://shop.example/"), undefined);
    expect(flushedDuringHandler).toBe(false);
    expect(batches).toHaveLength(1);
    await expect(serve(new Request("http://shop.example/fail"), undefined)).rejects.toThrow("handler failed");
    expect(batches).toHaveLength(2);
  });

  it("waits for info.completed (Deno: the response was sent) before flushing, also when it rejects", async () => {
    const batches: ExposureEvent[][] = [];
    const serve = withStrata<{ completed: Promise<void> }>((_request, _info, decision) => (decision.get("button_color"), new Response("ok")), {
      config: ADAPTER_CONFIG,
      exposure: "eager",
      onExposure: (events) => void batches.push([...events]),
    });
    for (const outcome of ["sent", "interrupted"] as const) {
      let settle = (): void => undefined;
      const completed = new Promise<void>((resolve, reject) => (settle = outcome === "sent" ? resolve : () => reject(new Error("Interrupted"))));
      completed.catch(() => undefined);
      const before = batches.length;
      await serve(new Request("http://shop.example/"), { completed });
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(batches.length, outcome).toBe(before);
      settle();
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(batches.length, outcome).toBe(before + 1);
    }
  });

  it("on Workers, hands the handler the ctx and keeps the Worker alive for onExposure's promise (ctx.waitUntil)", async () => {
    let finishDelivery: () => void = () => undefined;
    const delivered: ExposureEvent[][] = [];
    const serve = withStrata<{ KV: string }, { waitUntil(promise: PromiseLike<unknown>): void }>(
      (_request, _env, decision, ctx) => {
        contexts.push(ctx);
        return new Response(String(decision.get("button_color")));
      },
      {
        config: ADAPTER_CONFIG,
        onExposure: (events) => {
          delivered.push([...events]);
          return new Promise<void>((resolve) => (finishDelivery = resolve));
        },
      },
    );
    const contexts: unknown[] = [];
    const kept: PromiseLike<unknown>[] = [];
    const ctx = { waitUntil: (promise: PromiseLike<unknown>) => void kept.push(promise) };
    await serve(new Request("http://shop.example/"), { KV: "binding" }, ctx);
    expect(contexts).toEqual([ctx]);
    expect(delivered).toHaveLength(1);
    expect(kept).toHaveLength(1);
    let settled = false;
    void Promise.resolve(kept[0]).then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(settled).toBe(false);
    finishDelivery();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(settled).toBe(true);
  });

  it("on Workers, keeps the Worker alive for onExposure's promise also when the handler throws", async () => {
    const kept: PromiseLike<unknown>[] = [];
    const serve = withStrata(
      (_request, _env, decision) => {
        decision.get("button_color");
        throw new Error("handler failed");
      },
      { config: ADAPTER_CONFIG, onExposure: () => Promise.resolve() },
    );
    await expect(serve(new Request("http://shop.example/"), {}, { waitUntil: (promise: PromiseLike<unknown>) => void kept.push(promise) })).rejects.toThrow("handler failed");
    expect(kept).toHaveLength(1);
  });

  it("says what the handler returned when it is not a Response, and still flushes", async () => {
    const batches: ExposureEvent[][] = [];
    const serve = withStrata((_request, _info, decision) => (decision.get("button_color"), "ok" as unknown as Response), {
      config: ADAPTER_CONFIG,
      exposure: "eager",
      onExposure: (events) => void batches.push([...events]),
    });
    await expect(serve(new Request("http://shop.example/"), undefined)).rejects.toThrow("withStrata: the handler returned a string; it must return (or resolve to) a Response");
    expect(batches).toHaveLength(1);
    const none = withStrata(() => undefined as unknown as Response, { config: ADAPTER_CONFIG });
    await expect(none(new Request("http://shop.example/"), undefined)).rejects.toThrow("the handler returned undefined");
  });

  it("adds the debug header when asked, and exposes the engine", async () => {
    const serve = withStrata((_request, _info, decision) => Response.json(decision.assignments), { config: ADAPTER_CONFIG, debugHeader: true });
    const response = await serve(new Request("http://shop.example/"), undefined);
    const assignments = (await response.json()) as Array<{ experiment: string; group: string }>;
    expect(response.headers.get("strata-assignments")).toBe(assignments.map((a) => `${a.experiment}:${a.group}`).join(","));
    expect(serve.engine.update(ADAPTER_CONFIG)).toEqual({ ok: true });
  });

  it("refuses a missing handler or options with errors naming the fix", () => {
    expect(() => withStrata(undefined as never, { config: ADAPTER_CONFIG })).toThrow(/handler must be a function \(request, info, decision\) => Response/);
    expect(() => withStrata(() => new Response(), undefined as never)).toThrow(/options must be an object such as \{ config \}/);
    expect(() => withStrata(() => new Response(), { config: ADAPTER_CONFIG, cookie: { maxAge: 0 } })).toThrow(/options\.cookie\.maxAge/);
  });
});

describe("appendHeaders", () => {
  it("appends in place when the headers are mutable", () => {
    const response = new Response("x", { headers: { "set-cookie": "a=1" } });
    expect(appendHeaders(response, [["set-cookie", "b=2"]])).toBe(response);
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
  });

  it("copies body, status, status text and headers when they are immutable", async () => {
    const upstream = Response.redirect("http://shop.example/", 307);
    const copy = appendHeaders(upstream, [["x-a", "1"]]);
    expect(copy).not.toBe(upstream);
    expect(copy.status).toBe(307);
    expect(copy.headers.get("location")).toBe("http://shop.example/");
    expect(copy.headers.get("x-a")).toBe("1");
  });

  it("drops content-encoding and content-length from a copied fetch result, whose body fetch has decoded", async () => {
    const upstream = await serveGzip("hello upstream ".repeat(20));
    try {
      const fetched = await fetch(upstream.url);
      expect(fetched.headers.get("content-encoding")).toBe("gzip");
      const copy = appendHeaders(fetched, [["set-cookie", "a=1"]]);
      expect(copy).not.toBe(fetched);
      expect(copy.status).toBe(203);
      expect(copy.statusText).toBe("Decoded");
      expect(copy.headers.get("content-encoding")).toBeNull();
      expect(copy.headers.get("content-length")).toBeNull();
      expect(copy.headers.get("content-type")).toBe("text/plain");
      expect(copy.headers.get("set-cookie")).toBe("a=1");
      expect(await copy.text()).toBe("hello upstream ".repeat(20));
    } finally {
      await upstream.close();
    }
  });

  it("keeps content-encoding and content-length of a copied fetch result in a coding fetch does not decode (zstd on Deno, a custom one)", async () => {
    const bytes = new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3]);
    const server = createServer((_request, response) => {
      response.writeHead(200, { "content-encoding": "x-custom", "content-length": bytes.length });
      response.end(bytes);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const fetched = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const copy = appendHeaders(fetched, [["set-cookie", "a=1"]]);
      expect(copy).not.toBe(fetched);
      expect(copy.headers.get("content-encoding")).toBe("x-custom");
      expect(copy.headers.get("content-length")).toBe(String(bytes.length));
      expect(new Uint8Array(await copy.arrayBuffer())).toEqual(bytes);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("never changes a response without a body (a handler may return it again), but copies it with the headers added", () => {
    for (const status of [200, 204, 304, 404]) {
      const shared = new Response(null, { status, statusText: "Shared", headers: { "set-cookie": "a=1", etag: '"v1"' } });
      const copy = appendHeaders(shared, [["set-cookie", "b=2"]]);
      expect(copy).not.toBe(shared);
      expect(shared.headers.getSetCookie()).toEqual(["a=1"]);
      expect(copy.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
      expect([copy.status, copy.statusText, copy.headers.get("etag"), copy.body]).toEqual([status, "Shared", '"v1"', null]);
    }
  });

  it("leaves a response it cannot copy alone (Response.error)", () => {
    const error = Response.error();
    expect(appendHeaders(error, [["x-a", "1"]])).toBe(error);
  });

  it("returns the response untouched when there is nothing to add", () => {
    const frozen = Response.redirect("http://shop.example/", 302);
    const spy = vi.spyOn(frozen.headers, "append");
    expect(appendHeaders(frozen, [])).toBe(frozen);
    expect(spy).not.toHaveBeenCalled();
  });
});
