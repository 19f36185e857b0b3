/**
 * Strings as the hash sees them: keys are hashed as UTF-8, which has no encoding for a lone
 * surrogate, so each one becomes U+FFFD (as the WHATWG encoder and `@strata/hash` do). Two strings
 * that differ only there hash the same.
 * @module
 */

/** `text` with every lone surrogate replaced by U+FFFD: equal results mean equal UTF-8 bytes. */
export function asEncoded(text: string): string {
  let out = "";
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdfff) continue;
    if (unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    out += `${text.slice(copied, i)}\uFFFD`;
    copied = i + 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
