/**
 * FNV-1a 32-bit, over UTF-16 code units (GrowthBook's variant) and over UTF-8 bytes.
 * @module
 */

const OFFSET_BASIS = 0x811c9dc5;
const PRIME = 0x01000193;

/** FNV-1a 32-bit over the string's UTF-16 code units (each unit fed as one value), unsigned. */
export function fnv1a32Utf16(text: string): number {
  return fnv1a32Utf16From(undefined, text);
}

/** FNV-1a 32-bit over bytes `[0, length)`, unsigned. */
export function fnv1a32(bytes: Uint8Array, length = bytes.length): number {
  let h = OFFSET_BASIS;
  for (let i = 0; i < length; i++) {
    h = Math.imul(h ^ (bytes[i] as number), PRIME);
  }
  return h >>> 0;
}

/** Continues an FNV-1a 32-bit state over more UTF-16 code units (`undefined` starts afresh), unsigned. */
export function fnv1a32Utf16From(state: number | undefined, text: string): number {
  let h = state === undefined ? OFFSET_BASIS : state;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), PRIME);
  }
  return h >>> 0;
}
