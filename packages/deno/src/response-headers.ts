/**
 * Adding headers to a handler's `Response`, also when its headers are immutable (a
 * `Response.redirect`, a `fetch` result): then the response is copied with the same body,
 * status and headers — less the encoding headers of a body that `fetch` has already decoded.
 * @module
 */

/**
 * Headers that describe the body as it came over the wire. A `fetch` result's body is already
 * decompressed, so a copy that kept them would announce an encoding (and a length) it does not
 * have; the runtime drops them only for the original `fetch` result, not for a copy.
 */
const WIRE_BODY_HEADERS = ["content-encoding", "content-length"] as const;

/** Whether `response` came from `fetch` (type "basic", "cors", …) rather than `new Response` or `Response.redirect` ("default"). */
function isFetchResult(response: Response): boolean {
  return response.type !== "default";
}

/** `response` with the headers appended; a copy when its own headers cannot be changed. */
export function appendHeaders(response: Response, headers: ReadonlyArray<readonly [name: string, value: string]>): Response {
  if (headers.length === 0) return response;
  try {
    for (const [name, value] of headers) response.headers.append(name, value);
    return response;
  } catch {
    // Immutable headers: copy the response. Statuses outside 200–599 (a 101 upgrade) cannot be copied; leave those alone.
    if (response.status < 200 || response.status > 599) return response;
    const copiedHeaders = new Headers(response.headers);
    if (isFetchResult(response)) for (const name of WIRE_BODY_HEADERS) copiedHeaders.delete(name);
    const copy = new Response(response.body, { status: response.status, statusText: response.statusText, headers: copiedHeaders });
    for (const [name, value] of headers) copy.headers.append(name, value);
    return copy;
  }
}
