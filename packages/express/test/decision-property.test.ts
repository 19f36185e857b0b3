import type { Request } from "express";
import express5 from "express";
import express4 from "express4";
import { describe, expect, it } from "vitest";
import { ADAPTER_CONFIG } from "../../http/test/support/adapter-fixture.ts";
import { putDecision } from "../src/decision-property.ts";
import { strata, type RequestDecision } from "../src/index.ts";
import { withServer } from "./support/with-server.ts";

const COOKIE_ID = "c".repeat(32);

describe.each([
  ["Express 5", express5],
  ["Express 4", express4],
])("req.strata across mount levels on %s", (_name, express) => {
  /** `top` with `depth` sub-apps mounted one in the other at `/s`, the innermost running strata() and throwing at `/boom`. */
  const nestedApps = (depth: number) => {
    const top = express();
    const subApps = Array.from({ length: depth }, () => express());
    const leaf = subApps[depth - 1] as express5.Express;
    leaf.use(strata({ config: ADAPTER_CONFIG }));
    leaf.get("/boom", () => {
      throw new Error("boom");
    });
    [top, ...subApps].reduce((parent, sub) => (parent.use("/s", sub), sub));
    return { top, leafPath: "/s".repeat(depth) };
  };
  /** What a handler in the top app sees of the decision. */
  const seenIn = (req: express5.Request, res: express5.Response) => ({
    cookie: req.strata?.units.cookieId,
    same: req.strata === res.locals.strata,
    own: Object.hasOwn(req, "strata"),
  });
  const headers = { cookie: `strata_id=${COOKIE_ID}` };

  it.each([2, 3])("keeps req.strata, read through to res.locals, in the top app's final handler when strata() runs %i mount levels down", async (depth) => {
    const { top, leafPath } = nestedApps(depth);
    top.use((req, res) => void res.json(seenIn(req, res)));
    await withServer(top, async (baseUrl) => {
      expect(await (await fetch(`${baseUrl}${leafPath}/page`, { headers })).json()).toEqual({ cookie: COOKIE_ID, same: true, own: false });
    });
  });

  it.each([2, 3])("keeps req.strata in the top app's error handler for an error thrown %i mount levels down", async (depth) => {
    const { top, leafPath } = nestedApps(depth);
    top.use((error: Error, req: express5.Request, res: express5.Response, _next: express5.NextFunction) => void res.status(500).json({ error: error.message, ...seenIn(req, res) }));
    await withServer(top, async (baseUrl) => {
      const response = await fetch(`${baseUrl}${leafPath}/boom`, { headers });
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: "boom", cookie: COOKIE_ID, same: true, own: false });
    });
  });

  it("makes req.strata an own property when a middle app's request prototype already defines strata, and leaves that one alone", async () => {
    const mid = express();
    Object.defineProperty(mid.request, "strata", { value: "the mid app's own", writable: true, configurable: true });
    const leaf = express();
    leaf.use(strata({ config: ADAPTER_CONFIG }));
    mid.use("/s", leaf);
    const outer = express();
    outer.use("/s", mid);
    outer.use((req, res) => void res.json(seenIn(req, res)));
    await withServer(outer, async (baseUrl) => {
      expect(await (await fetch(`${baseUrl}/s/s/page`, { headers })).json()).toEqual({ cookie: COOKIE_ID, same: true, own: true });
    });
    expect(Object.getOwnPropertyDescriptor(mid.request, "strata")?.value).toBe("the mid app's own");
  });
});

describe("putDecision", () => {
  const decision = { units: { cookieId: COOKIE_ID } } as unknown as RequestDecision;
  /** Request prototypes as Express chains them once apps are mounted: innermost app first, each owning `app`, above `base`. */
  const mountedChain = (base: object, depth: number): object[] => {
    const chain: object[] = [];
    for (let proto = base, level = 0; level < depth; level++) {
      proto = Object.create(proto, { app: { value: { level } } }) as object;
      chain.unshift(proto);
    }
    return chain;
  };
  /** A request whose prototype is `proto`, with the response's locals. */
  const requestOn = (proto: object, locals: Record<string, unknown>) => Object.assign(Object.create(proto) as Request, { res: { locals } });

  it("defines the accessor on the prototype below every app's request, so the outermost app reads it too", () => {
    const base = {};
    const [leaf, mid, top] = mountedChain(base, 3) as [object, object, object];
    const locals: Record<string, unknown> = {};
    const inLeaf = requestOn(leaf, locals);
    putDecision(inLeaf, locals, decision);
    expect(Object.hasOwn(inLeaf, "strata")).toBe(false);
    expect(requestOn(top, locals).strata).toBe(decision);
    expect(Object.hasOwn(base, "strata")).toBe(true);
    expect([leaf, mid, top].some((proto) => Object.hasOwn(proto, "strata"))).toBe(false);
  });

  it("falls back to an own property when that prototype is frozen, so the outermost app still reads it", () => {
    const [leaf, , top] = mountedChain(Object.freeze({}), 3) as [object, object, object];
    const locals: Record<string, unknown> = {};
    const inLeaf = requestOn(leaf, locals);
    putDecision(inLeaf, locals, decision);
    expect(Object.hasOwn(inLeaf, "strata")).toBe(true);
    Object.setPrototypeOf(inLeaf, top);
    expect(inLeaf.strata).toBe(decision);
  });

  it("falls back to an own property on a request that is not Express's", () => {
    const locals: Record<string, unknown> = {};
    const plain = requestOn({}, locals);
    putDecision(plain, locals, decision);
    expect(Object.hasOwn(plain, "strata")).toBe(true);
    expect(plain.strata).toBe(decision);
  });
});
