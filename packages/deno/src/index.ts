/**
 * @strata/deno — Strata's web-standard adapter: wrap a `(request, info) => Response` handler
 * and it receives the request's experiment decision. Web standards only, so the same code
 * runs on Deno (`Deno.serve`), Bun (`Bun.serve`) and Workers.
 *
 * @example
 * ```ts
 * import { withStrata } from "@strata/deno";
 * import config from "./strata.json" with { type: "json" };
 *
 * Deno.serve(withStrata((request, info, decision) => {
 *   return new Response(`Your button is ${decision.get("button_color")}`);
 * }, { config }));
 * ```
 * @module
 */
export { appendHeaders } from "./response-headers.ts";
export { withStrata, type StrataHandler, type StrataServeHandler, type WithStrataOptions } from "./with-strata.ts";
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
