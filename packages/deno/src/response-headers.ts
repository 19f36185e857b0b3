/**
 * Adding headers to a handler's `Response`, also when its headers are immutable (a
 * `Response.redirect`, a `fetch` result): then the response is copied with the same body,
 * status and headers.
 * @module
 */

/** `response` with the headers appended; a copy when its own headers cannot be changed. */
export function appendHeaders(response: Response, headers: ReadonlyArray<readonly [name: string, value: string]>): Response {
  if (headers.length === 0) return response;
  try {
    for (const [name, value] of headers) response.headers.append(name, value);
    return response;
  } catch {
    // Immutable headers: copy the response. Statuses outside 200–599 (a 101 upgrade) cannot be copied; leave those alone.
    if (response.status < 200 || response.status > 599) return response;
    const copy = new Response(response.body, { status: response.status, statusText: response.statusText, headers: response.headers });
    for (const [name, value] of headers) copy.headers.append(name, value);
    return copy;
  }
}
