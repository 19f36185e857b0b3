import express5 from "express";
import express4 from "express4";
import { describe, expect, it } from "vitest";
import { ADAPTER_CONFIG } from "../../http/test/support/adapter-fixture.ts";
import { strata, type ExposureEvent } from "../src/index.ts";
import { withServer } from "./support/with-server.ts";

/** The `strata_id` values of a response's Set-Cookie headers. */
function unitCookies(response: Response): string[] {
  return response.headers
    .getSetCookie()
    .filter((c) => c.startsWith("strata_id="))
    .map((c) => c.slice("strata_id=".length).split(";")[0] as string);
}

describe.each([
  ["Express 5", express5],
  ["Express 4", express4],
])("strata() running twice on one request, on %s", (_name, express) => {
  it("gives a new visitor one id when one instance is reached through overlapping mounts", async () => {
    const mw = strata({ config: ADAPTER_CONFIG, onError: () => undefined });
    const app = express();
    app.use("/shop", mw);
    app.use("/shop/cart", mw);
    app.get("/shop/cart", (req, res) => void res.json({ cookieId: req.strata.units.cookieId }));
    await withServer(app as express5.Express, async (base) => {
      for (let i = 0; i < 20; i++) {
        const response = await fetch(`${base}/shop/cart`);
        const { cookieId } = (await response.json()) as { cookieId: string };
        expect(unitCookies(response)).toEqual([cookieId]);
      }
    });
  });

  it("gives a new visitor one id, and reports exposures for it, with an app-wide strata() and a router's own", async () => {
    const events: ExposureEvent[] = [];
    const app = express();
    app.use(strata({ config: ADAPTER_CONFIG, onError: () => undefined, onExposure: (batch) => void events.push(...batch) }));
    const router = express.Router();
    router.use(strata({ config: ADAPTER_CONFIG, onError: () => undefined }));
    app.use((req, _res, next) => {
      // The app-wide decision is read before the router's strata() runs: its exposure is for the id kept.
      req.strata.get("button_color");
      next();
    });
    router.get("/", (req, res) => void res.json({ cookieId: req.strata.units.cookieId }));
    app.use("/r", router);
    await withServer(app as express5.Express, async (base) => {
      for (let i = 0; i < 20; i++) {
        events.length = 0;
        const response = await fetch(`${base}/r/`);
        const { cookieId } = (await response.json()) as { cookieId: string };
        expect(unitCookies(response)).toEqual([cookieId]);
        await new Promise((resolve) => setTimeout(resolve, 5));
        expect(events.length).toBeGreaterThan(0);
        for (const event of events) expect(event.unit).toBe(cookieId);
      }
    });
  });

  it("keeps a returning visitor's cookie and sets none", async () => {
    const mw = strata({ config: ADAPTER_CONFIG, onError: () => undefined });
    const app = express();
    app.use(mw);
    app.use(mw);
    app.get("/", (req, res) => void res.json({ cookieId: req.strata.units.cookieId }));
    await withServer(app as express5.Express, async (base) => {
      const id = "0123456789abcdef0123456789abcdef";
      const response = await fetch(base, { headers: { cookie: `strata_id=${id}` } });
      expect(((await response.json()) as { cookieId: string }).cookieId).toBe(id);
      expect(unitCookies(response)).toEqual([]);
    });
  });
});

describe("strata() options", () => {
  it("refuses trustProxy, which Express takes from its own trust proxy setting", () => {
    expect(() => strata({ config: ADAPTER_CONFIG, trustProxy: true } as never)).toThrow(/options\.trustProxy is an option of @strata\/deno; with Express, .*app\.set\("trust proxy", 1\)/);
    expect(() => strata({ config: ADAPTER_CONFIG, trustProxy: false } as never)).toThrow(TypeError);
  });
});
