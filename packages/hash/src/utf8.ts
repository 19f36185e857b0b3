/**
 * UTF-8 encoding into a reused, growable buffer, byte-identical to `TextEncoder`
 * (lone surrogates become U+FFFD, as the WHATWG encoder does).
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

  /** Encodes `text` at byte `offset` and returns the offset just past it. */
  write(text: string, offset: number): number {
    // A UTF-16 code unit never needs more than 3 UTF-8 bytes (a pair needs 4 for 2 units).
    this.ensure(offset + text.length * 3, offset);
    const out = this.bytes;
    let at = offset;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      let c = text.charCodeAt(i);
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
          c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          i++;
          out[at++] = 0xf0 | (c >> 18);
          out[at++] = 0x80 | ((c >> 12) & 0x3f);
          out[at++] = 0x80 | ((c >> 6) & 0x3f);
          out[at++] = 0x80 | (c & 0x3f);
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

/** UTF-8 bytes of `text` as a new array (the same bytes `new TextEncoder().encode(text)` gives). */
export function utf8(text: string): Uint8Array {
  const buffer = new Utf8Buffer(text.length * 3);
  const end = buffer.write(text, 0);
  return buffer.bytes.slice(0, end);
}
