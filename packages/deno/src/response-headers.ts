/**
 * Adding headers to a handler's `Response`, also when its headers are immutable (a
 * `Response.redirect`, a `fetch` result) or it has no body (then it may be one object the
 * handler returns for every request): then the response is copied with the same body, status
 * and headers — less the encoding headers of a body that `fetch` has already decoded (gzip and
 * br; deflate too except on Deno; a body in another coding keeps its headers, as it keeps its bytes).
 * @module
 */

/**
 * Headers that describe the body as it came over the wire. `fetch` decompresses a body in the
 * common encodings, so a copy that kept them would announce an encoding (and a length) its body
 * no longer has; the runtime drops them only for the original `fetch` result, not for a copy.
 */
const WIRE_BODY_HEADERS = ["content-encoding", "content-length"] as const;

/**
 * The content codings this runtime's `fetch` decodes; a body in any other comes through as it was
 * sent (zstd and a custom coding everywhere, and deflate on Deno, whose `fetch` leaves it alone).
 */
const DECODED_BY_FETCH: ReadonlySet<string> = new Set(typeof (globalThis as { Deno?: unknown }).Deno === "object" ? ["gzip", "x-gzip", "br"] : ["gzip", "x-gzip", "deflate", "br"]);

/** Whether `fetch` has decoded the body of a result with these headers: it had a Content-Encoding, and every coding in it is one fetch decodes. */
function decodedByFetch(headers: Headers): boolean {
  const encoding = headers.get("content-encoding");
  if (encoding === null) return false;
  const codings = encoding.split(",").map((coding) => coding.trim().toLowerCase()).filter((coding) => coding !== "" && coding !== "identity");
  return codings.length > 0 && codings.every((coding) => DECODED_BY_FETCH.has(coding));
}

/** Whether `response` came from `fetch` (type "basic", "cors", …) rather than `new Response` or `Response.redirect` ("default"). */
function isFetchResult(response: Response): boolean {
  return response.type !== "default";
}

/** Whether `response` can be copied: `new Response` refuses statuses outside 200–599 (a 101 upgrade, a `Response.error()`). */
function isCopyable(response: Response): boolean {
  return response.status >= 200 && response.status <= 599;
}

/** A copy of `response` (same body, status and headers) with the headers appended. */
function copyWith(response: Response, headers: ReadonlyArray<readonly [name: string, value: string]>): Response {
  const copiedHeaders = new Headers(response.headers);
  if (isFetchResult(response) && decodedByFetch(copiedHeaders)) for (const name of WIRE_BODY_HEADERS) copiedHeaders.delete(name);
  for (const [name, value] of headers) copiedHeaders.append(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: copiedHeaders });
}

/**
 * `response` with the headers appended. A copy when its own headers cannot be changed, and
 * always for a response without a body: nothing stops a handler from returning one such
 * object for every request (a module-level `new Response(null, { status: 204 })`), so its
 * headers must never collect one visitor's cookie for the next. A response with a body can be
 * sent only once, so changing its headers in place concerns its own request alone.
 */
export function appendHeaders(response: Response, headers: ReadonlyArray<readonly [name: string, value: string]>): Response {
  if (headers.length === 0) return response;
  if (response.body === null && isCopyable(response)) return copyWith(response, headers);
  try {
    for (const [name, value] of headers) response.headers.append(name, value);
    return response;
  } catch {
    // Immutable headers: copy the response, unless it cannot be copied; leave those alone.
    return isCopyable(response) ? copyWith(response, headers) : response;
  }
}
