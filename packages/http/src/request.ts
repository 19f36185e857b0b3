/**
 * The small request shape the core reads, and its conversion from a web-standard `Request`.
 * Adapters turn their native request into this (Express: `req.headers`, `req.originalUrl`,
 * `req.secure`).
 * @module
 */

/** Anything with a case-insensitive `get(name)`; the core always asks with lower-case names. */
export interface HeadersLike {
  /** The header's value, or null/undefined when absent (several values joined by ", "). */
  get(name: string): string | null | undefined;
}

/** What the core reads from a request. */
export interface StrataRequest {
  /** The request URL: absolute (`https://shop.example/cart?x=1`) or path and query (`/cart?x=1`). */
  readonly url: string;
  /** The HTTP method (informational). */
  readonly method?: string;
  /** The request headers. */
  readonly headers: HeadersLike;
  /** True when the request arrived over HTTPS (then the cookie gets `Secure`). */
  readonly secure: boolean;
}

/** Options of `fromWebRequest`. */
export interface WebRequestOptions {
  /** Trust the first `X-Forwarded-Proto` value (behind your own proxy or load balancer); default false. */
  readonly trustProxy?: boolean;
}

/**
 * The core's view of a web-standard `Request` (Deno, Bun, Workers, Node's fetch). For a protocol
 * upgrade (a WebSocket), the headers are copied: Deno refuses to read the request's headers once
 * the socket is upgraded, and the decision read in a socket handler reads them then (the
 * standard attributes, the QA token).
 */
export function fromWebRequest(request: Request, options: WebRequestOptions = {}): StrataRequest {
  const url = request.url;
  let secure = url.startsWith("https:");
  if (options.trustProxy) {
    const forwarded = request.headers.get("x-forwarded-proto");
    if (forwarded) secure = forwarded.split(",", 1)[0]?.trim().toLowerCase() === "https";
  }
  const headers = request.headers.get("upgrade") === null ? request.headers : new Headers(request.headers);
  return { url, method: request.method, headers, secure };
}

/** The query string of a URL without the `?` (empty when there is none), without parsing the rest. */
export function queryOf(url: string): string {
  const start = url.indexOf("?");
  if (start === -1) return "";
  const hash = url.indexOf("#", start);
  return hash === -1 ? url.slice(start + 1) : url.slice(start + 1, hash);
}
