/**
 * MurmurHash3 x86 32-bit over the low byte of each UTF-16 code unit — what `murmurhash3js`
 * (used by unleash-client) computes for a JS string (`key.charCodeAt(i) & 0xff`). It equals
 * MurmurHash3 over UTF-8 for ASCII only: "é" (U+00E9) hashes as the single byte 0xE9.
 * @module
 */
import { murmur3x86_32 } from "@strata/hash";

/** Hashes strings the murmurhash3js way, reusing one byte buffer (not reentrant across instances' calls). */
export class LowByteMurmur {
  private bytes = new Uint8Array(64);
  private views: Uint8Array[] = [];

  /** MurmurHash3 x86 32-bit, unsigned, of the low bytes of the code units of `prefix + text`, with `seed`. */
  hash(prefix: string, text: string, seed: number): number {
    const length = prefix.length + text.length;
    if (length > this.bytes.length) {
      let size = this.bytes.length * 2;
      while (size < length) size *= 2;
      this.bytes = new Uint8Array(size);
      this.views = [];
    }
    const bytes = this.bytes;
    for (let i = 0; i < prefix.length; i++) bytes[i] = prefix.charCodeAt(i) & 0xff;
    for (let i = 0; i < text.length; i++) bytes[prefix.length + i] = text.charCodeAt(i) & 0xff;
    let view = this.views[length];
    if (view === undefined) {
      view = bytes.subarray(0, length);
      this.views[length] = view;
    }
    return murmur3x86_32(view, seed);
  }
}

/** MurmurHash3 x86 32-bit, unsigned, of the low bytes of the code units of `text` (murmurhash3js `x86.hash32`). */
export function lowByteMurmur3(text: string, seed = 0): number {
  return new LowByteMurmur().hash("", text, seed);
}
