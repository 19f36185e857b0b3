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
import { queryOf, type StrataRequest } from "./request.ts";
import { base64UrlDecode, base64UrlEncode, constantTimeEqual, hmacSha256, importHmacKey } from "./signature.ts";

/** Options that turn QA overrides on. */
export interface OverrideOptions {
  /** The signing secret, at least 32 characters (e.g. `openssl rand -base64 32`). Keep it out of the browser. */
  readonly secret: string;
  /** The query parameter holding a token; default `strata_force`. */
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

/** The status of a request that carries no override token. */
export const NO_OVERRIDE: OverrideStatus = Object.freeze({ state: "none" });
const ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const EXPIRES = /^[0-9]{1,12}$/;
const HEADER = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const PARAM = /^[^&=#?\s]+$/;

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
    throw new TypeError(`${field} must be a string of at least ${MIN_SECRET_LENGTH} characters; generate one with \`openssl rand -base64 32\` and keep it on the server`);
  }
}

/** Options of `signOverride`. */
export interface SignOverrideOptions {
  /** The same secret the server's `overrides.secret` holds. */
  readonly secret: string;
  /** Groups to force by experiment id, e.g. `{ "button-color": "green" }`. */
  readonly forced: Readonly<Record<string, string>>;
  /** When the token stops working: a Date or Unix seconds. Default: `ttlSeconds` from now. */
  readonly expires?: Date | number;
  /** Lifetime when `expires` is not given; default 3600 (one hour). */
  readonly ttlSeconds?: number;
  /** The clock, in milliseconds (tests). */
  readonly now?: () => number;
}

/** Mints a signed override token; put it in the `strata_force` query parameter or the `strata-force` header. */
export async function signOverride(options: SignOverrideOptions): Promise<string> {
  checkSecret(options.secret, "signOverride: secret");
  const now = (options.now ?? Date.now)();
  const expires =
    options.expires instanceof Date
      ? Math.floor(options.expires.getTime() / 1000)
      : options.expires ?? Math.floor(now / 1000) + (options.ttlSeconds ?? 3600);
  if (!Number.isSafeInteger(expires) || expires < 0 || !EXPIRES.test(String(expires))) {
    throw new TypeError(`signOverride: expires must be a Date or whole Unix seconds, got ${String(options.expires)}`);
  }
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
    this.param = options?.param ?? DEFAULT_OVERRIDE_PARAM;
    this.header = (options?.header ?? DEFAULT_OVERRIDE_HEADER).toLowerCase();
    if (options === undefined) return;
    checkSecret(options.secret, `${field}.secret`);
    if (typeof this.param !== "string" || !PARAM.test(this.param)) {
      throw new TypeError(`${field}.param ${JSON.stringify(options.param)} is not a query parameter name; use e.g. "${DEFAULT_OVERRIDE_PARAM}"`);
    }
    if (!HEADER.test(this.header)) {
      throw new TypeError(`${field}.header ${JSON.stringify(options.header)} is not a header name; use e.g. "${DEFAULT_OVERRIDE_HEADER}"`);
    }
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
    if (query === "" || !query.includes(this.param)) return undefined;
    const token = new URLSearchParams(query).get(this.param);
    return token ? { token, source: "query" } : undefined;
  }

  /**
   * What the request's token, if any, forces; synchronous when there is no token. `now` is the
   * time in ms, or a clock that is read only when a token is checked against its expiry.
   */
  read(request: StrataRequest, now: number | (() => number)): OverrideStatus | Promise<OverrideStatus> {
    if (this.key === undefined) return this.ignored(request);
    const found = this.tokenOf(request);
    if (found === undefined) return NO_OVERRIDE;
    return this.verify(this.key, found.token, found.source, typeof now === "number" ? now : now());
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

  private async verify(key: Promise<CryptoKey>, token: string, source: "query" | "header", nowMs: number): Promise<OverrideStatus> {
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
    const expires = Number(expiresText);
    if (expires * 1000 <= nowMs) return invalid(`the token expired at ${new Date(expires * 1000).toISOString()}`);
    return { state: "valid", source, forced, expires };
  }
}
