/**
 * @strata/http — the framework-agnostic request → decision core behind Strata's HTTP adapters
 * (`@strata/express`, `@strata/deno`). Web standards only, so it runs on Node, Deno, Bun and
 * Workers: the unit cookie, the user id and attribute callbacks, signed QA overrides, and
 * exposures flushed once per request.
 *
 * @example
 * ```ts
 * import { createStrataHttp, fromWebRequest } from "@strata/http";
 * const strata = createStrataHttp({ config, onExposure: (events) => console.log(events) });
 * const { decision, setCookie, flush } = await strata.resolve(fromWebRequest(request));
 * ```
 * @module
 */
export { countryOf, languageOf, MAX_USER_AGENT_LENGTH, standardAttributes, userAgentOf, type StandardAttributes } from "./attributes.ts";
export { readCookie } from "./cookie-header.ts";
export { DEBUG_HEADER, formatAssignments } from "./debug-header.ts";
export { ExposureCollector, ExposureRouter, safeSink, type ExposureSink, type FlushExposures, type PendingCallback } from "./exposure-collector.ts";
export type { Attributes, StrataHttpOptions, UserIdValue } from "./options.ts";
export {
  DEFAULT_OVERRIDE_HEADER,
  DEFAULT_OVERRIDE_PARAM,
  formatForced,
  MAX_FORCED_EXPERIMENTS,
  MAX_TOKEN_LENGTH,
  MIN_SECRET_LENGTH,
  OverrideVerifier,
  parseForced,
  signOverride,
  type OverrideOptions,
  type OverrideStatus,
  type SignOverrideOptions,
} from "./overrides.ts";
export { RequestDecision, type DecisionParts, type DecisionServices, type RequestExplanation } from "./request-decision.ts";
export { fromWebRequest, queryOf, type HeadersLike, type StrataRequest, type WebRequestOptions } from "./request.ts";
export { DEFAULT_COOKIE_MAX_AGE, DEFAULT_COOKIE_NAME, MAX_COOKIE_MAX_AGE, resolveCookie, type CookieOptions, type ResolvedCookie } from "./set-cookie.ts";
export { base64UrlDecode, base64UrlEncode, constantTimeEqual, hmacSha256, importHmacKey } from "./signature.ts";
export type { StrataResolution } from "./resolution.ts";
export { createStrataHttp, type EarlierDecision, type MaybePromise, type StrataHttp } from "./strata-http.ts";
export { isValidUnitId, MAX_UNIT_ID_LENGTH, MIN_UNIT_ID_LENGTH, newUnitId } from "./unit-id.ts";
export type { Decision, Engine, ExposureEvent, Explanation, Units } from "@strata/engine";
