/**
 * Unit ids that break careless segmenters: empty, long, astral, unpaired surrogates,
 * prototype keys, control characters.
 * @module
 */

/** Odd unit ids every segmenter must assign without throwing. */
export const oddUnits: readonly string[] = [
  "",
  " ",
  "x".repeat(1024),
  "é".repeat(1024),
  "🧪🙂👩🏽‍💻",
  "\ud800",
  "\udfff-lone-surrogate",
  "\u0000",
  "line\nbreak\ttab",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "0",
  "-1",
  "NaN",
  "null",
  "user:with:colons",
  "Ω≈ç√∫",
  "x".repeat(64 * 1024),
];
