import { readFileSync } from "node:fs";
import { createServer as createHttpsServer, get as httpsGet } from "node:https";
import type { AddressInfo } from "node:net";
import type { AssignmentStore } from "@strata/engine";
import express5 from "express";
import express4 from "express4";
import { describe, expect, expectTypeOf, it, vi } from "vitest";
import { ADAPTER_CONFIG } from "../../http/test/support/adapter-fixture.ts";
import { BANDIT_CONFIG, TrialCounter } from "../../http/test/support/bandit-fixture.ts";
import { strata, type ExposureEvent, type RequestDecision, type StrataExpressOptions } from "../src/index.ts";
import { withServer } from "./support/with-server.ts";


describe.each([
  ["Express 5", express5],
  ["Express 4", express4],
])("strata() on %s", (_name, express) => {
  const appWith = (options: Partial<StrataExpressOptions>, route?: express5.RequestHandler) => {
    const app = express();
    app.use(strata({ config: ADAPTER_CONFIG, onError: () => undefined, ...options }));
    app.get("/", route ?? ((req, res) => void res.json({ color: req.strata.get("button_color"), same: req.strata === res.locals.strata })));
    return app;
  };

  it("puts the decision at req.strata and res.locals.strata, typed", async () => {
    const app = appWith({}, (req, res) => {
      expectTypeOf(req.strata).toEqualTypeOf<RequestDecision>();
      expectTypeOf(res.locals.strata).toEqualTypeOf<RequestDecision>();
      res.json({ same: req.strata === res.locals.strata, has: typeof req.strata.get });
    });
    await withServer(app, async (baseUrl) => {
      expect(await (await fetch(baseUrl)).json()).toEqual({ same: true, has: "function" });
    });
  });

  it("adds no property to req: req.strata reads res.locals.strata, and assigning it writes there", async () => {
    const replacement = { replaced: true } as unknown as RequestDecision;
    const app = appWith({}, (req, res) => {
      const ownBefore = Object.hasOwn(req, "strata");
      const decided = typeof req.strata.get;
      req.strata = replacement;
      res.json({ ownBefore, decided, replaced: res.locals.strata === replacement && req.strata === replacement, ownAfter: Object.hasOwn(req, "strata") });
    });
    await withServer(app, async (baseUrl) => {
      expect(await (await fetch(baseUrl)).json()).toEqual({ ownBefore: false, decided: "function", replaced: true, ownAfter: false });
    });
  });

  it("makes req.strata an own property when the app's request prototype already defines strata", async () => {
    const app = express();
    Object.defineProperty(app.request, "strata", { value: "the app's own", writable: true, configurable: true });
    app.use(strata({ config: ADAPTER_CONFIG }));
    app.get("/", (req, res) => void res.json({ own: Object.hasOwn(req, "strata"), same: req.strata === res.locals.strata, units: Object.keys(req.strata.units) }));
    await withServer(app, async (baseUrl) => {
      expect(await (await fetch(baseUrl)).json()).toEqual({ own: true, same: true, units: ["cookieId"] });
    });
  });

  it("flushes a request's exposures once, after the response has finished", async () => {
    const batches: ExposureEvent[][] = [];
    const flushedDuringHandler: boolean[] = [];
    const app = appWith({ onExposure: (events) => void batches.push([...events]) }, (req, res) => {
      req.strata.get("button_color");
      req.strata.get("button_size");
      const unit = req.strata.units.cookieId;
      flushedDuringHandler.push(batches.some((batch) => batch.some((e) => e.unit === unit)));
      res.send("ok");
    });
    await withServer(app, async (baseUrl) => {
      for (let i = 0; i < 20; i++) await (await fetch(baseUrl)).text();
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    expect(flushedDuringHandler).toEqual(new Array(20).fill(false));
    // At most one batch per request, each holding one request's exposures.
    expect(batches.length).toBeGreaterThan(0);
    const units = batches.map((batch) => batch[0]?.unit);
    expect(new Set(units).size).toBe(batches.length);
    for (const batch of batches) expect(new Set(batch.map((e) => e.unit)).size).toBe(1);
  });

  it("lets the request go on with defaults when the store fails, reporting through onError", async () => {
    const onError = vi.fn();
    const broken: AssignmentStore = {
      load: () => Promise.reject(new Error("store down")),
      save: () => Promise.reject(new Error("store down")),
    };
    const app = appWith({ engineOptions: { stores: { assignments: broken } }, userId: (req) => req.get("x-user"), onError });
    await withServer(app, async (baseUrl) => {
      const response = await fetch(baseUrl, { headers: { "x-user": "u-1" } });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ color: expect.any(String), same: true });
    });
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: "store down" }), "assignment store load");
  });

  it("reports, and does not crash, when another middleware answered while an async callback was awaited", async () => {
    const onError = vi.fn();
    const app = express();
    // A timeout middleware (like connect-timeout) answers 503 before strata()'s async userId settles.
    app.use((_req, res, next) => {
      setTimeout(() => void (res.headersSent || res.status(503).send("timeout")), 5);
      next();
    });
    let release = (): void => undefined;
    const userIdSettled = new Promise<void>((resolve) => (release = resolve));
    app.use(strata({ config: ADAPTER_CONFIG, onError, userId: () => new Promise<string>((resolve) => setTimeout(() => (resolve("u-1"), setImmediate(release)), 40)) }));
    const reached = vi.fn();
    app.get("/", (req, res) => {
      reached(typeof req.strata.get);
      if (!res.headersSent) res.send("ok");
    });
    await withServer(app, async (baseUrl) => {
      const response = await fetch(baseUrl);
      expect(response.status).toBe(503);
      expect(response.headers.get("set-cookie")).toBeNull();
      await userIdSettled;
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: "ERR_HTTP_HEADERS_SENT" }), "response headers");
    // The request still went on, with its decision, as after any timeout middleware.
    expect(reached).toHaveBeenCalledWith("function");
  });

  it("keeps the handler's own cookies next to the unit cookie; no debug header by default", async () => {
    const app = appWith({}, (_req, res) => {
      res.cookie("theme", "dark");
      res.send("ok");
    });
    await withServer(app, async (baseUrl) => {
      const response = await fetch(baseUrl);
      const cookies = response.headers.getSetCookie();
      expect(cookies).toHaveLength(2);
      expect(cookies[0]).toMatch(/^strata_id=[0-9a-f]{32};/);
      expect(cookies[1]).toMatch(/^theme=dark;/);
      expect(response.headers.get("strata-assignments")).toBeNull();
    });
  });

  it("keeps a cookie set before the middleware", async () => {
    const app = express();
    app.use((_req, res, next) => {
      res.cookie("early", "1");
      next();
    });
    app.use(strata({ config: ADAPTER_CONFIG }));
    app.get("/", (_req, res) => void res.send("ok"));
    await withServer(app, async (baseUrl) => {
      const cookies = (await fetch(baseUrl)).headers.getSetCookie();
      expect(cookies.map((c) => c.split("=")[0])).toEqual(["early", "strata_id"]);
    });
  });

  it("keeps req.strata in mounted sub-apps and routers, and in the parent app after them", async () => {
    const app = express();
    app.use(strata({ config: ADAPTER_CONFIG }));
    const sub = express();
    const seen: Record<string, unknown> = {};
    sub.use((req, _res, next) => {
      seen.subApp = req.strata?.units.cookieId;
      next();
    });
    const router = express.Router();
    router.use((req, _res, next) => {
      seen.router = req.strata?.units.cookieId;
      next();
    });
    app.use("/sub", sub);
    app.use("/sub", router);
    app.use("/sub", (req, res) => {
      seen.parent = req.strata?.units.cookieId;
      res.json({ same: req.strata === res.locals.strata });
    });
    await withServer(app, async (baseUrl) => {
      const id = "a".repeat(32);
      expect(await (await fetch(`${baseUrl}/sub`, { headers: { cookie: `strata_id=${id}` } })).json()).toEqual({ same: true });
    });
    expect(seen).toEqual({ subApp: "a".repeat(32), router: "a".repeat(32), parent: "a".repeat(32) });
  });

  it("lets later middleware replace req.strata, and a sub-app with its own strata() decide for its routes", async () => {
    const app = express();
    app.use(strata({ config: ADAPTER_CONFIG }));
    app.use("/replaced", (req, _res, next) => {
      req.strata = "replaced" as unknown as RequestDecision;
      next();
    });
    const sub = express();
    sub.use(strata({ config: ADAPTER_CONFIG, cookie: { name: "sub_id" } }));
    sub.get("/", (req, res) => void res.json({ cookie: req.strata.units.cookieId }));
    app.use("/sub", sub);
    app.get("/replaced", (req, res) => void res.json({ value: req.strata }));
    await withServer(app, async (baseUrl) => {
      expect(await (await fetch(`${baseUrl}/replaced`)).json()).toEqual({ value: "replaced" });
      const headers = { cookie: `strata_id=${"a".repeat(32)}; sub_id=${"b".repeat(32)}` };
      expect(await (await fetch(`${baseUrl}/sub`, { headers })).json()).toEqual({ cookie: "b".repeat(32) });
    });
  });

  it("waits for the response's end only on requests that have exposures, and delivers late ones", async () => {
    const batches: ExposureEvent[][] = [];
    const closeListeners: Record<string, number> = {};
    const app = express();
    app.use((_req, res, next) => {
      const before = res.listenerCount("close");
      next();
      res.once("finish", () => void (closeListeners[res.req.path] = res.listenerCount("close") - before));
    });
    app.use(strata({ config: ADAPTER_CONFIG, onExposure: (events) => void batches.push([...events]) }));
    app.get("/quiet", (_req, res) => void res.send("no parameter read"));
    app.get("/reads", (req, res) => void res.send(String(req.strata.get("button_color"))));
    app.get("/late", (req, res) => {
      res.send("read after the response");
      setTimeout(() => req.strata.get("button_color"), 10);
    });
    await withServer(app, async (baseUrl) => {
      for (const path of ["/quiet", "/reads", "/late"]) await (await fetch(`${baseUrl}${path}`)).text();
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    expect(closeListeners).toEqual({ "/quiet": 0, "/reads": 1, "/late": 0 });
    // /quiet has none; /reads one batch at close; /late one batch as soon as it read, after the response.
    expect(batches.map((batch) => batch.map((e) => e.experiment))).toEqual([["button-color"], ["button-color"]]);
  });

  it("decides only for requests whose handler reads the decision (assets and API calls pay for none)", async () => {
    const stats = new TrialCounter();
    const app = express();
    app.use(strata({ config: BANDIT_CONFIG, engineOptions: { stores: { feedback: stats } }, onError: () => undefined }));
    app.get("/asset", (_req, res) => void res.send("bytes"));
    app.get("/page", (req, res) => void res.send(String(req.strata.get("button_color"))));
    await withServer(app, async (baseUrl) => {
      const asset = await fetch(`${baseUrl}/asset`);
      expect(asset.headers.get("set-cookie")).toMatch(/^strata_id=/);
      await asset.text();
      expect(stats.trials).toBe(0);
      expect(["blue", "green"]).toContain(await (await fetch(`${baseUrl}/page`)).text());
      expect(stats.trials).toBe(1);
    });
  });

  it("serves a config whose only unit is cookieId (anonymous-only site): sets the cookie and decides on it", async () => {
    const cookieOnly = { ...(JSON.parse(JSON.stringify(ADAPTER_CONFIG).replaceAll('"userId"', '"cookieId"')) as object), units: ["cookieId"] };
    const app = express();
    app.use(strata({ config: cookieOnly, onError: () => undefined }));
    app.get("/", (req, res) => void res.json({ units: req.strata.units, experiments: req.strata.assignments.map((a) => a.experiment) }));
    await withServer(app, async (baseUrl) => {
      const response = await fetch(baseUrl);
      const [cookie] = response.headers.getSetCookie();
      const body = (await response.json()) as { units: Record<string, string>; experiments: string[] };
      expect(cookie).toBe(`strata_id=${body.units.cookieId}; Max-Age=31536000; Path=/; HttpOnly; SameSite=Lax`);
      expect(body.units).toEqual({ cookieId: expect.stringMatching(/^[0-9a-f]{32}$/) });
      expect(body.experiments).toContain("new-checkout");
    });
  });

  it("marks the cookie Secure over HTTPS, from the socket, or from X-Forwarded-Proto under trust proxy", async () => {
    const app = appWith({});
    // A self-signed certificate for 127.0.0.1, for tests only.
    const tls = { key: readFileSync(new URL("./support/tls-key.pem", import.meta.url)), cert: readFileSync(new URL("./support/tls-cert.pem", import.meta.url)) };
    const server = createHttpsServer(tls, app).listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as AddressInfo;
    const setCookie = (headers: Record<string, string>) =>
      new Promise<string | undefined>((resolve, reject) => {
        httpsGet({ host: "127.0.0.1", port, path: "/", headers, rejectUnauthorized: false, agent: false }, (res) => {
          res.resume();
          resolve(res.headers["set-cookie"]?.[0]);
        }).on("error", reject);
      });
    try {
      expect(await setCookie({})).toMatch(/; Secure$/);
      expect(await setCookie({ "x-forwarded-proto": "http" })).toMatch(/; Secure$/);
      app.set("trust proxy", true);
      expect(await setCookie({ "x-forwarded-proto": "http" })).not.toMatch(/Secure/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("respects Express's trust proxy setting for Secure", async () => {
    for (const [trust, secure] of [
      [false, false],
      [true, true],
    ] as const) {
      const app = appWith({});
      app.set("trust proxy", trust);
      await withServer(app, async (baseUrl) => {
        const cookie = (await fetch(baseUrl, { headers: { "x-forwarded-proto": "https" } })).headers.getSetCookie()[0];
        expect(cookie?.endsWith("; Secure"), `trust proxy ${trust}`).toBe(secure);
      });
    }
  });
});

describe("strata() options", () => {
  it("fails at startup with errors naming the option", () => {
    expect(() => strata(undefined as never)).toThrow(/strata\(options\): options must be an object/);
    expect(() => strata({ config: ADAPTER_CONFIG, cookie: { name: "bad name" } })).toThrow(/options\.cookie\.name "bad name" is not a cookie name/);
    const userOnly = { ...(JSON.parse(JSON.stringify(ADAPTER_CONFIG).replaceAll('"cookieId"', '"userId"')) as object), units: ["userId"] };
    const cookieOnly = { ...(JSON.parse(JSON.stringify(ADAPTER_CONFIG).replaceAll('"userId"', '"cookieId"')) as object), units: ["cookieId"] };
    expect(() => strata({ config: userOnly, userId: (req) => req.get("x-user-id") })).not.toThrow();
    expect(() => strata({ config: cookieOnly, userId: (req) => req.get("x-user-id") })).toThrow(/^options\.userId is given, but the config's units \(cookieId\) have no "userId"/);
  });

  it("exposes the engine for hot reload", () => {
    const middleware = strata({ config: ADAPTER_CONFIG });
    expect(middleware.engine.update(ADAPTER_CONFIG)).toEqual({ ok: true });
  });
});
