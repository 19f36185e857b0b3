/**
 * Reading one cookie from a request's `Cookie` header without allocating the whole jar.
 * @module
 */

/**
 * The value of the cookie called `name` in a `Cookie` header (surrounding double quotes
 * removed), or undefined. When the name repeats (browsers send a cookie per matching path and
 * domain), the first value that `accept` takes wins; when `accept` takes none (or is not given),
 * the first value is returned, so the caller can tell "missing" from "not acceptable". Values
 * are not decoded: see `isValidUnitId`. The whole header is scanned, whatever its length: the
 * scan is linear and makes no string but the values it returns.
 */
export function readCookie(header: string | null | undefined, name: string, accept?: (value: string) => boolean): string | undefined {
  if (!header) return undefined;
  let first: string | undefined;
  let start = 0;
  const length = header.length;
  // Names are compared in place, so reading a header of many cookies makes no strings but the values.
  while (start < length) {
    let end = header.indexOf(";", start);
    if (end === -1) end = length;
    const nameStart = skipSpace(header, start, end);
    if (header.startsWith(name, nameStart)) {
      const eq = skipSpace(header, nameStart + name.length, end);
      if (eq < end && header.charCodeAt(eq) === 61) {
        let value = header.slice(eq + 1, end).trim();
        if (value.length >= 2 && value.charCodeAt(0) === 34 && value.charCodeAt(value.length - 1) === 34) value = value.slice(1, -1);
        if (accept === undefined || accept(value)) return value;
        first ??= value;
      }
    }
    start = end + 1;
  }
  return first;
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
