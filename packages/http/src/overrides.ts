/**
 * Signed QA overrides: forcing experiment groups for one request by query parameter or
 * header, honoured only with a valid HMAC-SHA256 signature and before its expiry.
 *
 * The token (the same in the query parameter and the header) is
 *
 * ```
 * <forced>~<expires>~<signature>
 * forced    = experiment:group[,experiment:group]...   e.g. button-color:green,new-checkout:one-page
 * expires   = Unix time in seconds after which the token is refused
 * signature = base64url, unpadded, of HMAC-SHA256(secret, "<forced>~<expires>")
 * ```
 *
 * Mint one with `signOverride`, or in a shell:
 * `printf '%s' "$PAYLOAD" | openssl dgst -sha256 -hmac "$SECRET" -binary | basenc --base64url | tr -d '='`.
 * @module
 */
import { rejectUnknownOptions } from "@strata/engine";
import { OVERRIDE_OPTION_NAMES } from "./options.ts";
import { queryOf, type StrataRequest } from "./request.ts";
import { base64UrlDecode, base64UrlEncode, constantTimeEqual, hmacSha256, importHmacKey } from "./signature.ts";

/** Options that turn QA overrides on. */
export interface OverrideOptions {
  /** The signing secret, at least 32 characters (e.g. `openssl rand -base64 32`). Keep it out of the browser. */
  readonly secret: string;
  /** The query parameter holding a token; default `strata_force`. Letters, digits, `_`, `.` and `-` only: such a name reads the same in a link encoded or not. */
  readonly param?: string;
  /** The request header holding a token; default `strata-force`. */
  readonly header?: string;
}

/** What became of a request's override token. */
export type OverrideStatus =
  /** The request carries no token. */
  | { readonly state: "none" }
  /** The request carries a token but overrides are off, or the token was refused; it was ignored. */
  | { readonly state: "disabled" | "invalid"; readonly source: "query" | "header"; readonly reason: string }
  /** A valid token: these groups are forced for this request. */
  | { readonly state: "valid"; readonly source: "query" | "header"; readonly forced: Readonly<Record<string, string>>; readonly expires: number };

/** The default query parameter carrying an override token. */
export const DEFAULT_OVERRIDE_PARAM = "strata_force";
/** The default header carrying an override token. */
export const DEFAULT_OVERRIDE_HEADER = "strata-force";
/** The shortest secret accepted. */
export const MIN_SECRET_LENGTH = 32;
/** The longest token read; longer ones are refused unread. */
export const MAX_TOKEN_LENGTH = 2048;
/** The most experiments one token may force. */
export const MAX_FORCED_EXPERIMENTS = 32;
/** The lifetime of a token minted without `expires` or `ttlSeconds`: one hour. */
const DEFAULT_OVERRIDE_TTL_SECONDS = 3600;
/** The latest expiry a token can carry, in Unix seconds (12 digits). */
const MAX_OVERRIDE_EXPIRES = 999_999_999_999;

/** The status of a request that carries no override token. */
export const NO_OVERRIDE: OverrideStatus = Object.freeze({ state: "none" });
const ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const EXPIRES = /^[0-9]{1,12}$/;
const HEADER = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Characters no URL or form encoder escapes, so `?name=` reads the same however the link was built.
const PARAM = /^[A-Za-z0-9_.-]+$/;

/** A value given to an option, for an error message: strings quoted and cut, other values by their kind; never throws. */
function shown(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint" || value === undefined) return String(value);
  if (value === null) return "null";
  try {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? "an invalid Date" : `the Date ${value.toISOString()}`;
  } catch {
    // A revoked proxy or a Date-like object whose methods throw: described by its kind below.
  }
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** A string by its length only, for an error message that must not echo it. */
function stringOfLength(text: string): string {
  return `a string of ${text.length} character${text.length === 1 ? "" : "s"}`;
}

/** A value given where the secret itself may have been passed by mistake, for an error message: a string by its length only, other values as `shown` gives them. */
function shownHidingStrings(value: unknown): string {
  return typeof value === "string" ? `${stringOfLength(value)} (not shown: it may be your secret)` : shown(value);
}

/** The message of something thrown; never throws. */
function messageOf(error: unknown): string {
  try {
    return error instanceof Error ? String(error.message) : String(error);
  } catch {
    return shown(error);
  }
}

/** Parses `experiment:group,…` into a record; returns a reason string when malformed. */
export function parseForced(text: string): Record<string, string> | string {
  const forced: Record<string, string> = Object.create(null);
  const pairs = text.split(",");
  if (pairs.length > MAX_FORCED_EXPERIMENTS) return `more than ${MAX_FORCED_EXPERIMENTS} experiments`;
  for (const pair of pairs) {
    const colon = pair.indexOf(":");
    const experiment = colon === -1 ? pair : pair.slice(0, colon);
    const group = colon === -1 ? "" : pair.slice(colon + 1);
    if (!ID.test(experiment) || !ID.test(group)) return `"${pair.slice(0, 64)}" is not experiment:group`;
    if (experiment in forced) return `experiment "${experiment}" is forced twice`;
    forced[experiment] = group;
  }
  return forced;
}

/** `forced` as the token's `experiment:group,…` text; throws a TypeError naming a malformed id. */
export function formatForced(forced: Readonly<Record<string, string>>): string {
  if (forced === null || typeof forced !== "object" || Array.isArray(forced)) {
    throw new TypeError(`forced must be an object of experiment id to group id, e.g. { "button-color": "green" }; got ${shown(forced)}`);
  }
  const entries = Object.entries(forced);
  if (entries.length === 0 || entries.length > MAX_FORCED_EXPERIMENTS) {
    throw new TypeError(`forced must name 1 to ${MAX_FORCED_EXPERIMENTS} experiments, e.g. { "button-color": "green" }`);
  }
  for (const [experiment, group] of entries) {
    if (!ID.test(experiment)) throw new TypeError(`forced: ${JSON.stringify(experiment)} is not an experiment id (letters, digits, "_", "." and "-")`);
    if (typeof group !== "string" || !ID.test(group)) throw new TypeError(`forced[${JSON.stringify(experiment)}]: ${JSON.stringify(group)} is not a group id (letters, digits, "_", "." and "-")`);
  }
  return entries.map(([experiment, group]) => `${experiment}:${group}`).join(",");
}

function checkSecret(secret: unknown, field: string): asserts secret is string {
  if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) {
    // Never echo the secret itself: say only what kind of value, or how long a string, it was.
    const given = typeof secret === "string" ? stringOfLength(secret) : secret === null ? "null" : secret === undefined ? "nothing" : typeof secret === "object" ? "an object" : `a ${typeof secret}`;
    throw new TypeError(`${field} must be a string of at least ${MIN_SECRET_LENGTH} characters, got ${given}; generate one with \`openssl rand -base64 32\` and keep it on the server`);
  }
}

/** Options of `signOverride`. */
export interface SignOverrideOptions {
  /** The same secret the server's `overrides.secret` holds. */
  readonly secret: string;
  /** Groups to force by experiment id, e.g. `{ "button-color": "green" }`. */
  readonly forced: Readonly<Record<string, string>>;
  /** When the token stops working: a Date or whole Unix seconds (a past one mints an expired token). Default: `ttlSeconds` from now. */
  readonly expires?: Date | number;
  /** Lifetime in whole seconds, at least 1, when `expires` is not given; default 3600 (one hour). */
  readonly ttlSeconds?: number;
  /** The clock, in milliseconds (tests). */
  readonly now?: () => number;
}

/** The Unix second a token minted with `options` expires at; throws a TypeError naming the option and the fix. */
function expiryOf(options: SignOverrideOptions): number {
  const { expires, ttlSeconds, now } = options;
  if (expires !== undefined) {
    const seconds = expires instanceof Date ? Math.floor(expires.getTime() / 1000) : expires;
    if (typeof seconds !== "number" || !Number.isSafeInteger(seconds) || seconds < 0 || seconds > MAX_OVERRIDE_EXPIRES) {
      const looksLikeMs = typeof seconds === "number" && seconds > MAX_OVERRIDE_EXPIRES && seconds < MAX_OVERRIDE_EXPIRES * 1000;
      throw new TypeError(
        `signOverride: expires must be a valid Date or whole Unix seconds, e.g. Math.floor(Date.now() / 1000) + 3600; got ${shown(expires)}${looksLikeMs ? " (milliseconds? divide by 1000)" : ""}`,
      );
    }
    return seconds;
  }
  const ttl = ttlSeconds ?? DEFAULT_OVERRIDE_TTL_SECONDS;
  if (typeof ttl !== "number" || !Number.isSafeInteger(ttl) || ttl < 1) {
    throw new TypeError(`signOverride: ttlSeconds must be a whole number of seconds of at least 1, e.g. 3600 for one hour; got ${shown(ttlSeconds)}`);
  }
  if (now !== undefined && typeof now !== "function") throw new TypeError(`signOverride: now must be a function returning milliseconds like Date.now, got ${shown(now)}`);
  const nowMs: unknown = (now ?? Date.now)();
  if (typeof nowMs !== "number" || !Number.isFinite(nowMs)) {
    throw new TypeError(`signOverride: now() must return milliseconds since 1970 like Date.now, got ${shown(nowMs)}`);
  }
  const seconds = Math.floor(nowMs / 1000) + ttl;
  if (seconds < 0 || seconds > MAX_OVERRIDE_EXPIRES) {
    throw new TypeError(`signOverride: ttlSeconds ${ttl} from now() (${nowMs} ms) gives an expiry outside 0 to ${MAX_OVERRIDE_EXPIRES} Unix seconds; use a shorter ttlSeconds or fix now`);
  }
  return seconds;
}

/** The clock's time in ms, or the reason the expiry cannot be checked against it; never throws. */
function timeOf(now: number | (() => number)): number | string {
  let time: unknown;
  try {
    time = typeof now === "function" ? now() : now;
  } catch (error) {
    return `the clock threw (${messageOf(error)}), so the expiry cannot be checked`;
  }
  if (typeof time !== "number" || !Number.isFinite(time)) {
    return `the clock returned ${shown(time)}, not milliseconds since 1970, so the expiry cannot be checked (the clock, engineOptions.now, must work like Date.now)`;
  }
  return time;
}

/** Mints a signed override token; put it in the `strata_force` query parameter or the `strata-force` header. */
export async function signOverride(options: SignOverrideOptions): Promise<string> {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`signOverride(options): options must be an object such as { secret, forced: { "button-color": "green" } }; got ${shownHidingStrings(options)}`);
  }
  checkSecret(options.secret, "signOverride: secret");
  const expires = expiryOf(options);
  const payload = `${formatForced(options.forced)}~${expires}`;
  const signature = await hmacSha256(await importHmacKey(options.secret), payload);
  return `${payload}~${base64UrlEncode(signature)}`;
}

/** Reads and verifies override tokens for one configuration (the key is imported once). */
export class OverrideVerifier {
  private readonly key: Promise<CryptoKey> | undefined;
  private readonly param: string;
  private readonly header: string;

  /** Checks the options; throws a TypeError naming the option and the fix. Without options, overrides are off. */
  constructor(options: OverrideOptions | undefined, field = "overrides") {
    this.param = DEFAULT_OVERRIDE_PARAM;
    this.header = DEFAULT_OVERRIDE_HEADER;
    if (options === undefined) return;
    if (options === null || typeof options !== "object") {
      throw new TypeError(`${field} must be an object such as { secret } (a string of at least ${MIN_SECRET_LENGTH} characters), or left out to keep QA overrides off; got ${shownHidingStrings(options)}`);
    }
    rejectUnknownOptions(options, OVERRIDE_OPTION_NAMES, field, "an override option");
    checkSecret(options.secret, `${field}.secret`);
    const param: unknown = options.param ?? DEFAULT_OVERRIDE_PARAM;
    if (typeof param !== "string" || !PARAM.test(param)) {
      throw new TypeError(
        `${field}.param must be a query parameter name of letters, digits, "_", "." and "-" (the same in a link encoded or not), e.g. "${DEFAULT_OVERRIDE_PARAM}"; got ${shown(options.param)}`,
      );
    }
    const header: unknown = options.header ?? DEFAULT_OVERRIDE_HEADER;
    if (typeof header !== "string" || !HEADER.test(header)) {
      throw new TypeError(`${field}.header must be a header name, e.g. "${DEFAULT_OVERRIDE_HEADER}"; got ${shown(options.header)}`);
    }
    this.param = param;
    this.header = header.toLowerCase();
    this.key = importHmacKey(options.secret);
    // An import failure surfaces on the first token read; keep it from being an unhandled rejection now.
    this.key.catch(() => undefined);
  }

  /** True when overrides are on. */
  get enabled(): boolean {
    return this.key !== undefined;
  }

  /** The token a request carries (header first, then the query parameter), if any. */
  private tokenOf(request: StrataRequest): { token: string; source: "query" | "header" } | undefined {
    const header = request.headers.get(this.header);
    if (header) return { token: header.trim(), source: "header" };
    const query = queryOf(request.url);
    // The name as written, or percent-escaped (which URLSearchParams decodes), must be there to parse.
    if (query === "" || (!query.includes(this.param) && !query.includes("%"))) return undefined;
    const token = new URLSearchParams(query).get(this.param);
    return token ? { token, source: "query" } : undefined;
  }

  /**
   * What the request's token, if any, forces; synchronous when there is no token. `now` is the
   * time in ms, or a clock that is read only when a signed token is checked against its expiry;
   * a clock that throws or gives no finite time makes the token ignored, with the reason.
   */
  read(request: StrataRequest, now: number | (() => number)): OverrideStatus | Promise<OverrideStatus> {
    if (this.key === undefined) return this.ignored(request);
    const found = this.tokenOf(request);
    if (found === undefined) return NO_OVERRIDE;
    return this.verify(this.key, found.token, found.source, now);
  }

  /**
   * What the request's token, if any, is while overrides are off: `none`, or `disabled` with the
   * reason for `explain`. Synchronous; the core asks only when something reads the status.
   */
  ignored(request: StrataRequest): OverrideStatus {
    const found = this.tokenOf(request);
    if (found === undefined) return NO_OVERRIDE;
    return { state: "disabled", source: found.source, reason: `QA override ignored: overrides are off (pass the overrides option with a secret to honour signed tokens)` };
  }

  private async verify(key: Promise<CryptoKey>, token: string, source: "query" | "header", now: number | (() => number)): Promise<OverrideStatus> {
    const invalid = (why: string): OverrideStatus => ({ state: "invalid", source, reason: `QA override ignored: ${why}` });
    if (token.length > MAX_TOKEN_LENGTH) return invalid(`the token is longer than ${MAX_TOKEN_LENGTH} characters`);
    const last = token.lastIndexOf("~");
    const middle = last === -1 ? -1 : token.lastIndexOf("~", last - 1);
    if (middle === -1) return invalid("no signature (expected experiment:group~expires~signature)");
    const payload = token.slice(0, last);
    const forcedText = token.slice(0, middle);
    const expiresText = token.slice(middle + 1, last);
    const given = base64UrlDecode(token.slice(last + 1));
    if (given === undefined || given.length !== 32) return invalid("the signature is not 43 base64url characters");
    if (!EXPIRES.test(expiresText)) return invalid("the expiry is not Unix seconds");
    const forced = parseForced(forcedText);
    if (typeof forced === "string") return invalid(forced);
    let expected: Uint8Array;
    try {
      expected = await hmacSha256(await key, payload);
    } catch (error) {
      return invalid(`the signature could not be checked (${error instanceof Error ? error.message : String(error)})`);
    }
    if (!constantTimeEqual(expected, given)) return invalid("the signature does not match");
    const nowMs = timeOf(now);
    if (typeof nowMs === "string") return invalid(nowMs);
    const expires = Number(expiresText);
    if (expires * 1000 <= nowMs) return invalid(`the token expired at ${new Date(expires * 1000).toISOString()}`);
    return { state: "valid", source, forced, expires };
  }
}
