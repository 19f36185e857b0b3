/**
 * The unit cookie's options, their validation, and the `Set-Cookie` header value written for
 * a new visitor.
 * @module
 */
import { rejectUnknownOptions } from "@strata/engine";
import { COOKIE_OPTION_NAMES } from "./options.ts";

/** Options of the unit cookie. */
export interface CookieOptions {
  /** The cookie name; default `strata_id`. A `__Secure-` name needs `secure: true`; a `__Host-` name also `path: "/"` and no `domain`. */
  readonly name?: string;
  /** Lifetime in seconds; default one year (31536000). Browsers cap cookies at 400 days. */
  readonly maxAge?: number;
  /** The cookie path; default `/`. */
  readonly path?: string;
  /** The cookie domain (e.g. `example.com` to share it with subdomains); default none (this host only). */
  readonly domain?: string;
  /** The SameSite attribute; default `Lax`. `None` needs `secure: true`. */
  readonly sameSite?: "Lax" | "Strict" | "None";
  /** `auto` (default): `Secure` when the request is HTTPS; `true`: always; `false`: never. */
  readonly secure?: boolean | "auto";
}

/** The cookie options with defaults applied and checked. */
export interface ResolvedCookie {
  /** The cookie name. */
  readonly name: string;
  /** Builds the `Set-Cookie` header value for `id`. */
  serialize(id: string, https: boolean): string;
}

/** The default cookie name. */
export const DEFAULT_COOKIE_NAME = "strata_id";
/** The default lifetime: one year, in seconds. */
export const DEFAULT_COOKIE_MAX_AGE = 31_536_000;
/** The longest lifetime browsers keep (400 days), in seconds. */
export const MAX_COOKIE_MAX_AGE = 34_560_000;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const PATH = /^\/[\x21-\x3A\x3C-\x7E]*$/;
const DOMAIN = /^\.?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

/**
 * Browsers (RFC 6265bis) drop a cookie whose name starts with `__Secure-` unless it is Secure, and
 * one whose name starts with `__Host-` unless it is also `Path=/` without a Domain (prefixes match
 * in any letter case). `secure: "auto"` is not enough: behind a proxy that terminates TLS the
 * request looks like plain HTTP, the cookie goes without Secure and every visit gets a new id.
 */
function checkNamePrefix(name: string, settings: { secure: boolean | "auto"; path: string; domain: string | undefined }, field: string): void {
  const lower = name.toLowerCase();
  const host = lower.startsWith("__host-");
  if (!host && !lower.startsWith("__secure-")) return;
  const kind = host ? "__Host-" : "__Secure-";
  if (settings.secure !== true) {
    throw new TypeError(`${field}.name ${JSON.stringify(name)} starts with ${kind}, which needs ${field}.secure: true (browsers drop ${kind} cookies without Secure), got ${JSON.stringify(settings.secure)}`);
  }
  if (host && settings.path !== "/") {
    throw new TypeError(`${field}.name ${JSON.stringify(name)} starts with __Host-, which needs ${field}.path "/" (browsers drop __Host- cookies with another path), got ${JSON.stringify(settings.path)}`);
  }
  if (host && settings.domain !== undefined) {
    throw new TypeError(`${field}.name ${JSON.stringify(name)} starts with __Host-, which needs no ${field}.domain (browsers drop __Host- cookies with a Domain); leave it out, or use a __Secure- name to share the cookie with subdomains`);
  }
}

/** Applies defaults to the cookie options and checks them; throws a TypeError naming the option and the fix. */
export function resolveCookie(options: CookieOptions = {}, field = "cookie"): ResolvedCookie {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`${field} must be an object such as { name: "${DEFAULT_COOKIE_NAME}", maxAge: ${DEFAULT_COOKIE_MAX_AGE} }, or left out for the defaults; got ${options === null ? "null" : Array.isArray(options) ? "an array" : `a ${typeof options}`}`);
  }
  rejectUnknownOptions(options, COOKIE_OPTION_NAMES, field, "a cookie option");
  const name = options.name ?? DEFAULT_COOKIE_NAME;
  if (typeof name !== "string" || !TOKEN.test(name)) {
    throw new TypeError(`${field}.name ${JSON.stringify(name)} is not a cookie name: use letters, digits and !#$%&'*+-.^_\`|~ only, e.g. "${DEFAULT_COOKIE_NAME}"`);
  }
  const maxAge = options.maxAge ?? DEFAULT_COOKIE_MAX_AGE;
  if (!Number.isInteger(maxAge) || maxAge < 1 || maxAge > MAX_COOKIE_MAX_AGE) {
    throw new TypeError(`${field}.maxAge must be a whole number of seconds from 1 to ${MAX_COOKIE_MAX_AGE} (400 days, the browsers' cap), got ${String(maxAge)}; one year is ${DEFAULT_COOKIE_MAX_AGE}`);
  }
  const path = options.path ?? "/";
  if (typeof path !== "string" || !PATH.test(path)) {
    throw new TypeError(`${field}.path ${JSON.stringify(path)} must start with "/" and contain no spaces, ";" or control characters, e.g. "/"`);
  }
  const domain = options.domain;
  if (domain !== undefined && (typeof domain !== "string" || domain.length > 253 || !DOMAIN.test(domain))) {
    throw new TypeError(`${field}.domain ${JSON.stringify(domain)} is not a host name; use e.g. "example.com", or leave it out for this host only`);
  }
  const sameSite = options.sameSite ?? "Lax";
  if (sameSite !== "Lax" && sameSite !== "Strict" && sameSite !== "None") {
    throw new TypeError(`${field}.sameSite must be "Lax", "Strict" or "None", got ${JSON.stringify(sameSite)}`);
  }
  const secure = options.secure ?? "auto";
  if (secure !== true && secure !== false && secure !== "auto") {
    throw new TypeError(`${field}.secure must be true, false or "auto", got ${JSON.stringify(secure)}`);
  }
  if (sameSite === "None" && secure !== true) {
    throw new TypeError(`${field}.sameSite "None" needs ${field}.secure: true (browsers drop SameSite=None cookies without Secure)`);
  }
  checkNamePrefix(name, { secure, path, domain }, field);
  const prefix = `${name}=`;
  const suffix = `; Max-Age=${maxAge}; Path=${path}${domain === undefined ? "" : `; Domain=${domain}`}; HttpOnly; SameSite=${sameSite}`;
  return {
    name,
    serialize(id: string, https: boolean): string {
      return prefix + id + suffix + (secure === true || (secure === "auto" && https) ? "; Secure" : "");
    },
  };
}
