/**
 * UTF-8 encoding into a reused, growable buffer, byte-identical to `TextEncoder`
 * (lone surrogates become U+FFFD, as the WHATWG encoder does). Strings written one after
 * another can be encoded as their concatenation: a surrogate pair split across two writes
 * becomes one 4-byte character, as in the joined string.
 * @module
 */

const REPLACEMENT = [0xef, 0xbf, 0xbd] as const;

/** A reusable byte buffer that strings are UTF-8 encoded into, growing when needed. */
export class Utf8Buffer {
  /** The backing bytes; only `[0, length)` of the last write is meaningful. */
  bytes: Uint8Array;

  /** Creates a buffer with room for `capacity` bytes to start with. */
  constructor(capacity = 256) {
    this.bytes = new Uint8Array(Math.max(16, capacity));
  }

  /** Makes sure `needed` bytes fit, keeping the first `keep` bytes. */
  ensure(needed: number, keep: number): void {
    if (needed <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < needed) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, keep));
    this.bytes = grown;
  }

  /**
   * Encodes `text` at byte `offset` and returns the offset just past it. `previous` is the last
   * UTF-16 code unit of the text this buffer's last write ended with at `offset` (see `lastCodeUnit`):
   * when it is a high surrogate and `text` starts with a low one, the two are encoded as one
   * character, so the bytes are those of the joined string. The default, 0, starts afresh.
   */
  write(text: string, offset: number, previous = 0): number {
    // A UTF-16 code unit never needs more than 3 UTF-8 bytes (a pair needs 4 for 2 units).
    this.ensure(offset + text.length * 3, offset);
    const out = this.bytes;
    let at = offset;
    const n = text.length;
    let i = 0;
    if (isHighSurrogate(previous) && isLowSurrogate(text.charCodeAt(0)) && offset >= 3) {
      // The previous write ended with that high surrogate as U+FFFD (3 bytes): replace it with the pair.
      at = offset - 3;
      at = writePair(out, at, previous, text.charCodeAt(0));
      i = 1;
    }
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) {
        out[at++] = c;
      } else if (c < 0x800) {
        out[at++] = 0xc0 | (c >> 6);
        out[at++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        out[at++] = 0xe0 | (c >> 12);
        out[at++] = 0x80 | ((c >> 6) & 0x3f);
        out[at++] = 0x80 | (c & 0x3f);
      } else {
        const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          at = writePair(out, at, c, next);
          i++;
        } else {
          out[at++] = REPLACEMENT[0];
          out[at++] = REPLACEMENT[1];
          out[at++] = REPLACEMENT[2];
        }
      }
    }
    return at;
  }
}

/** Writes the 4 UTF-8 bytes of the surrogate pair `high`, `low` at `at` and returns the offset past them. */
function writePair(out: Uint8Array, at: number, high: number, low: number): number {
  const c = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
  out[at] = 0xf0 | (c >> 18);
  out[at + 1] = 0x80 | ((c >> 12) & 0x3f);
  out[at + 2] = 0x80 | ((c >> 6) & 0x3f);
  out[at + 3] = 0x80 | (c & 0x3f);
  return at + 4;
}

/** True for a UTF-16 high (leading) surrogate, 0xD800–0xDBFF. */
export function isHighSurrogate(codeUnit: number): boolean {
  return (codeUnit & 0xfc00) === 0xd800;
}

/** True for a UTF-16 low (trailing) surrogate, 0xDC00–0xDFFF; false for NaN (`"".charCodeAt(0)`). */
export function isLowSurrogate(codeUnit: number): boolean {
  return (codeUnit & 0xfc00) === 0xdc00;
}

/** The last UTF-16 code unit of `before + text`, given `before`'s (0 for none): what `write` takes as `previous`. */
export function lastCodeUnit(text: string, before = 0): number {
  return text.length === 0 ? before : text.charCodeAt(text.length - 1);
}

/** UTF-8 bytes of `text` as a new array (the same bytes `new TextEncoder().encode(text)` gives). */
export function utf8(text: string): Uint8Array {
  const buffer = new Utf8Buffer(text.length * 3);
  const end = buffer.write(text, 0);
  return buffer.bytes.slice(0, end);
}
