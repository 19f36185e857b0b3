/**
 * Reading one cookie from a request's `Cookie` header without allocating the whole jar.
 * @module
 */

/** The longest `Cookie` header read; longer headers are treated as carrying no Strata cookie. */
export const MAX_COOKIE_HEADER_LENGTH = 16_384;

/**
 * The raw value of the first cookie called `name` in a `Cookie` header (surrounding double
 * quotes removed), or undefined. The value is not decoded or validated: see `isValidUnitId`.
 */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header || header.length > MAX_COOKIE_HEADER_LENGTH) return undefined;
  let start = 0;
  const length = header.length;
  // Names are compared in place, so reading a header of many cookies makes no strings but the value.
  while (start < length) {
    let end = header.indexOf(";", start);
    if (end === -1) end = length;
    const nameStart = skipSpace(header, start, end);
    if (header.startsWith(name, nameStart)) {
      const eq = skipSpace(header, nameStart + name.length, end);
      if (eq < end && header.charCodeAt(eq) === 61) {
        let value = header.slice(eq + 1, end).trim();
        if (value.length >= 2 && value.charCodeAt(0) === 34 && value.charCodeAt(value.length - 1) === 34) value = value.slice(1, -1);
        return value;
      }
    }
    start = end + 1;
  }
  return undefined;
}

/** The index of the first character from `at` (before `end`) that `String.prototype.trim` would keep. */
function skipSpace(text: string, at: number, end: number): number {
  while (at < end) {
    const c = text.charCodeAt(at);
    const space = c === 32 || (c >= 9 && c <= 13) || (c > 127 && text.charAt(at).trim() === "");
    if (!space) break;
    at++;
  }
  return at;
}
