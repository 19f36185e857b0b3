/**
 * Common request facts as targeting attributes: user agent, preferred language, and the
 * country from a header your CDN or proxy sets (e.g. `cf-ipcountry`).
 * @module
 */
import type { HeadersLike } from "./request.ts";

/** The facts every request offers; keys are absent when the request does not carry them. */
export type StandardAttributes = {
  /** The `User-Agent` header (first 512 characters). */
  userAgent?: string;
  /** The preferred language's primary subtag, lower case (`de` for `de-CH,de;q=0.9`). */
  language?: string;
  /** The two-letter country code, upper case, from the configured country header. */
  country?: string;
};

/** The longest user agent kept; longer ones are cut. */
export const MAX_USER_AGENT_LENGTH = 512;

const LANGUAGE_TAG = /^([A-Za-z]{1,8})(?:-[A-Za-z0-9]{1,8})*$/;
const COUNTRY = /^[A-Za-z]{2}$/;

/** The `User-Agent` header, cut to 512 characters; undefined when absent or empty. */
export function userAgentOf(headers: HeadersLike): string | undefined {
  const value = headers.get("user-agent");
  if (!value) return undefined;
  return value.length > MAX_USER_AGENT_LENGTH ? value.slice(0, MAX_USER_AGENT_LENGTH) : value;
}

/** How many distinct `Accept-Language` values `languageOf` remembers before it starts over. */
const LANGUAGE_CACHE_SIZE = 256;
/**
 * `Accept-Language` value → its language (null: none). Browsers send a few distinct values, and
 * parsing one takes about a microsecond, so each is parsed once; the cache is emptied when full,
 * so odd values cannot grow it.
 */
const languageCache = new Map<string, string | null>();

/** The primary subtag (lower case) of the most preferred language in `Accept-Language`; undefined when none. */
export function languageOf(headers: HeadersLike): string | undefined {
  const header = headers.get("accept-language");
  if (!header || header.length > 1024) return undefined;
  let language = languageCache.get(header);
  if (language === undefined) {
    if (languageCache.size >= LANGUAGE_CACHE_SIZE) languageCache.clear();
    language = parseLanguage(header) ?? null;
    languageCache.set(header, language);
  }
  return language ?? undefined;
}

/** The primary subtag (lower case) of the highest-`q` valid language tag in an `Accept-Language` value. */
function parseLanguage(header: string): string | undefined {
  let best: string | undefined;
  let bestQ = 0;
  for (const part of header.split(",")) {
    const [rawTag, ...params] = part.split(";");
    const tag = (rawTag ?? "").trim();
    const match = LANGUAGE_TAG.exec(tag);
    if (!match) continue;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.split("=");
      if (key?.trim() === "q") q = Number(value);
    }
    if (Number.isFinite(q) && q > bestQ) {
      best = (match[1] as string).toLowerCase();
      bestQ = q;
    }
  }
  return best;
}

/** The two-letter country code (upper case) in header `headerName`; undefined when absent or not two letters. */
export function countryOf(headers: HeadersLike, headerName: string): string | undefined {
  const value = headers.get(headerName.toLowerCase())?.trim();
  return value && COUNTRY.test(value) ? value.toUpperCase() : undefined;
}

/** The standard attributes of a request: user agent, language and (with `countryHeader`) country. */
export function standardAttributes(headers: HeadersLike, countryHeader?: string): StandardAttributes {
  const out: StandardAttributes = {};
  const userAgent = userAgentOf(headers);
  if (userAgent !== undefined) out.userAgent = userAgent;
  const language = languageOf(headers);
  if (language !== undefined) out.language = language;
  if (countryHeader !== undefined) {
    const country = countryOf(headers, countryHeader);
    if (country !== undefined) out.country = country;
  }
  return out;
}
