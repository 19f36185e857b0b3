/**
 * Types `req.strata` and `res.locals.strata` for every Express app that imports
 * `@strata/express` (module augmentation of Express's global namespace).
 * @module
 */
import type { RequestDecision } from "@strata/http";

declare global {
  // Express declares its request and locals types in this global namespace; this merges into them.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The request's experiment decision, set by the `strata()` middleware. */
      strata: RequestDecision;
    }
    interface Locals {
      /** The request's experiment decision (for templates), set by the `strata()` middleware. */
      strata: RequestDecision;
    }
  }
}

export {};
