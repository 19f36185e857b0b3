/**
 * String lengths as the limits count them: in Unicode code points, the way JSON Schema's
 * `maxLength` does, so `validate` and `schema.json` agree on every string (JavaScript's
 * `.length` counts UTF-16 units, two for an emoji).
 * @module
 */

/** The number of code points in `text`: a surrogate pair counts once, a lone surrogate once. */
export function codePointLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++, count++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
  }
  return count;
}

/** True when `text` has at most `limit` code points (counted only when its UTF-16 length is over the limit). */
export function withinLength(text: string, limit: number): boolean {
  return text.length <= limit || codePointLength(text) <= limit;
}
