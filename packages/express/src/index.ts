/**
 * @strata/express — Strata's Express middleware (Express 5 and 4): one line gives every
 * request its experiment decision at `req.strata` (and `res.locals.strata`), with a unit
 * cookie, signed QA overrides and exposures flushed once per request.
 *
 * @example
 * ```ts
 * import express from "express";
 * import { strata } from "@strata/express";
 *
 * const app = express();
 * app.use(strata({ config, userId: (req) => req.get("x-user-id") }));
 * app.get("/", (req, res) => res.send(`Your button is ${req.strata.get("button_color")}`));
 * ```
 * @module
 */
import "./augment.ts";

export { strata, type StrataExpressOptions, type StrataMiddleware } from "./middleware.ts";
export { ExpressRequestView, NodeHeadersView, type NodeHeaders } from "./request-view.ts";
export {
  signOverride,
  type Decision,
  type Engine,
  type ExposureEvent,
  type OverrideStatus,
  type RequestDecision,
  type RequestExplanation,
  type SignOverrideOptions,
  type StrataHttpOptions,
} from "@strata/http";
