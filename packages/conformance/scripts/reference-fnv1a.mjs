/**
 * A reference FNV-1a 32-bit over bytes and over UTF-16 code units, written independently of
 * @strata/hash. The generator checks it against the published FNV-1a values before trusting it.
 * @module
 */

const OFFSET_BASIS = 0x811c9dc5;
const PRIME = 0x01000193;

/**
 * FNV-1a 32-bit of a sequence of values (bytes, or UTF-16 code units), unsigned.
 * @param {Iterable<number>} values
 * @returns {number}
 */
function fnv1a32Of(values) {
  let h = OFFSET_BASIS;
  for (const value of values) h = Math.imul(h ^ value, PRIME);
  return h >>> 0;
}

/**
 * FNV-1a 32-bit over `bytes`, unsigned.
 * @param {Uint8Array} bytes
 * @returns {number}
 */
export function referenceFnv1a32(bytes) {
  return fnv1a32Of(bytes);
}

/**
 * FNV-1a 32-bit over the UTF-16 code units of `text` (a lone surrogate is fed as it is), unsigned.
 * @param {string} text
 * @returns {number}
 */
export function referenceFnv1a32Utf16(text) {
  const units = [];
  for (let i = 0; i < text.length; i++) units.push(text.charCodeAt(i));
  return fnv1a32Of(units);
}
