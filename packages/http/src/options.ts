/**
 * The options of `createStrataHttp`, shared by every adapter (`strata()` for Express,
 * `withStrata()` for Deno, Bun and Workers).
 * @module
 */
import type { Engine, EngineOptions } from "@strata/engine";
import type { StandardAttributes } from "./attributes.ts";
import type { ExposureSink } from "./exposure-collector.ts";
import type { OverrideOptions } from "./overrides.ts";
import type { CookieOptions } from "./set-cookie.ts";

/** What a `userId` callback may return: an id, or nothing for anonymous visitors. */
export type UserIdValue = string | number | null | undefined;

/** Targeting attributes of a request, read by the config's `conditions`. */
export type Attributes = Readonly<Record<string, unknown>>;

/** Options shared by the HTTP adapters; `R` is the adapter's native request type. */
export interface StrataHttpOptions<R> {
  /** The Strata config (parsed JSON) to build the engine from. Pass this or `engine`. */
  readonly config?: unknown;
  /** Engine options used with `config`: segmenters, stores, clock. Exposures and errors go through the options below. */
  readonly engineOptions?: Omit<EngineOptions, "onExposure" | "exposure" | "onError">;
  /** An engine you built with `createEngine`. It reports exposures through its own `onExposure`, so `onExposure` here needs `config`. */
  readonly engine?: Engine;
  /** The signed-in user's id (sync or async); undefined for anonymous visitors. A throw is reported and the request goes on without it. */
  readonly userId?: (request: R) => UserIdValue | Promise<UserIdValue>;
  /** Targeting attributes; receives the standard ones (userAgent, language, country). Default: the standard ones. */
  readonly attributes?: (request: R, standard: StandardAttributes) => Attributes | Promise<Attributes>;
  /** The header your CDN or proxy puts the visitor's country in, e.g. `cf-ipcountry`; gives the `country` attribute. */
  readonly countryHeader?: string;
  /** The config's unit type names for the user id and the cookie id; default `userId` and `cookieId` (a default the config lacks is an unused unit). */
  readonly units?: { readonly user?: string; readonly cookie?: string };
  /** The unit cookie; default `strata_id`, one year, HttpOnly, SameSite=Lax, Path=/, Secure on HTTPS. */
  readonly cookie?: CookieOptions;
  /** Turns QA overrides on: groups forced by a signed token in the `strata_force` query parameter or `strata-force` header. Off by default. */
  readonly overrides?: OverrideOptions;
  /** Receives each request's exposures once, when its response is done. A throw or rejection goes to `onError`. */
  readonly onExposure?: ExposureSink;
  /** `lazy` (default): an exposure when `decision.get` reads a parameter an experiment set; `eager`: every assignment. Needs `config` (an engine you build has its own). */
  readonly exposure?: "lazy" | "eager";
  /** Report exposures of QA-forced groups too; default false (they would skew the results). With `engine` and `overrides` it must be true: that engine's sink cannot leave them out. */
  readonly exposeForced?: boolean;
  /** Receives errors of callbacks, stores and sinks; the request goes on with what could be decided. Default: console.error. */
  readonly onError?: (error: unknown, context: string) => void;
  /** Adds a `Strata-Assignments: experiment:group,…` response header; default false (it reveals assignments). */
  readonly debugHeader?: boolean;
}

/** The options `createStrataHttp` reads: every key of `StrataHttpOptions`. */
export const STRATA_HTTP_OPTION_NAMES = [
  "config",
  "engineOptions",
  "engine",
  "userId",
  "attributes",
  "countryHeader",
  "units",
  "cookie",
  "overrides",
  "onExposure",
  "exposure",
  "exposeForced",
  "onError",
  "debugHeader",
] as const;

/**
 * Options an adapter reads from the same object it hands to `createStrataHttp`, so they are
 * accepted there too: `trustProxy` of `withStrata` (@strata/deno), passed on to `fromWebRequest`.
 */
export const ADAPTER_OPTION_NAMES = ["trustProxy"] as const;

/** The keys of `units`. */
export const UNIT_OPTION_NAMES = ["user", "cookie"] as const;

/** The keys of `cookie` (`CookieOptions`). */
export const COOKIE_OPTION_NAMES = ["name", "maxAge", "path", "domain", "sameSite", "secure"] as const;

/** The keys of `overrides` (`OverrideOptions`). */
export const OVERRIDE_OPTION_NAMES = ["secret", "param", "header"] as const;

// Compile-time: each list names every key of its type (a type error otherwise), so no documented option is refused.
type ListsEvery<T, Listed extends readonly string[]> = [Exclude<keyof T, Listed[number]>] extends [never] ? true : false;
type Holds<Check extends true> = Check;
type EveryOptionListed = Holds<ListsEvery<StrataHttpOptions<unknown>, typeof STRATA_HTTP_OPTION_NAMES>>;
type EveryUnitListed = Holds<ListsEvery<NonNullable<StrataHttpOptions<unknown>["units"]>, typeof UNIT_OPTION_NAMES>>;
type EveryCookieOptionListed = Holds<ListsEvery<CookieOptions, typeof COOKIE_OPTION_NAMES>>;
type EveryOverrideOptionListed = Holds<ListsEvery<OverrideOptions, typeof OVERRIDE_OPTION_NAMES>>;
