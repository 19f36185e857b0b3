/**
 * `strata(options)`: the Express middleware (Express 5 and 4). It resolves the request's
 * decision with `@strata/http`, puts it at `req.strata` and `res.locals.strata`, adds the unit
 * cookie, and flushes the request's exposures when the response is done. Without anything
 * asynchronous on the way (async callbacks, a store, an override token), it calls `next()`
 * synchronously.
 * @module
 */
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { createStrataHttp, DEBUG_HEADER, type Engine, type StrataHttpOptions, type StrataResolution } from "@strata/http";
import "./augment.ts";
import { putDecision } from "./decision-property.ts";
import { ExpressRequestView } from "./request-view.ts";

/** Options of `strata()`: the shared `@strata/http` options; callbacks receive Express's `req`. */
export type StrataExpressOptions = StrataHttpOptions<Request>;

/** The middleware; `engine` is the engine deciding (`engine.update(config)` hot-reloads). */
export type StrataMiddleware = RequestHandler & { readonly engine: Engine };

/** Calls `flush` when the response is done: at once if it already is, else on "close" (which follows "finish", and also comes when the client goes away). The resolution's `whenPending` callback. */
function flushWhenDone(res: Response, flush: () => void): void {
  if (res.writableEnded || res.destroyed) flush();
  else res.on("close", flush);
}

/**
 * The Strata middleware: `app.use(strata({ config }))`, then read `req.strata.get("param")`.
 * Throws a TypeError naming the option when an option is wrong, and a ConfigError when the
 * config is invalid, so a bad setup fails at startup.
 */
export function strata(options: StrataExpressOptions): StrataMiddleware {
  if (options === null || typeof options !== "object") throw new TypeError("strata(options): options must be an object such as { config }");
  if ((options as { trustProxy?: unknown }).trustProxy !== undefined) {
    throw new TypeError('options.trustProxy is an option of @strata/deno; with Express, whether X-Forwarded-Proto is trusted (for the cookie\'s Secure) follows Express\'s own setting: app.set("trust proxy", 1) for one proxy in front, and remove options.trustProxy');
  }
  const core = createStrataHttp<Request>(options);
  const flushOnClose = options.onExposure !== undefined;
  const apply = (req: Request, res: Response, locals: Record<string, unknown>, next: NextFunction, resolution: StrataResolution): void => {
    putDecision(req, locals, resolution.decision);
    try {
      if (resolution.setCookie !== undefined) {
        // Appended, so cookies set earlier survive. Without one, setHeader: Node's appendHeader
        // would check the header's name and value, then call setHeader, which checks them again.
        if (res.getHeader("set-cookie") === undefined) res.setHeader("Set-Cookie", resolution.setCookie);
        else res.appendHeader("Set-Cookie", resolution.setCookie);
      }
      if (resolution.debugHeader !== undefined) res.setHeader(DEBUG_HEADER, resolution.debugHeader);
    } catch (error) {
      // Node throws once the response has been sent: another middleware answered (a timeout,
      // say) while an async callback or a store was being awaited. The request goes on.
      core.reportError(error, "response headers");
    }
    // Only a request with exposures waits for its response's end (most requests of an app, such
    // as assets and API calls, read no parameter and so pay for no listener).
    if (flushOnClose) resolution.whenPending(flushWhenDone, res);
    next();
  };
  const middleware = (req: Request, res: Response, next: NextFunction): void => {
    const locals = res.locals;
    // `locals` holds the decision of a Strata middleware that ran before on this request, whose new visitor id this one keeps.
    const resolution = core.resolveNow(new ExpressRequestView(req), req, locals);
    if (resolution instanceof Promise) {
      // Nothing thrown on the way may become an unhandled rejection (Node would exit).
      resolution.then((resolved) => apply(req, res, locals, next, resolved), next).catch((error: unknown) => core.reportError(error, "strata() middleware"));
    } else apply(req, res, locals, next, resolution);
  };
  return Object.assign(middleware, { engine: core.engine });
}
