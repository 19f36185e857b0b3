/**
 * The inputs the generator combines into cases: units, salts, bucket counts and texts, each
 * with the label that case names use, and a seeded sampler of mixed-script strings.
 * @module
 */
import { seededRandom } from "./seeded-random.mjs";

/**
 * A value and how case names show it.
 * @template T
 * @typedef {{ value: T, label: string }} Labelled
 */

/**
 * A string shown as JSON (lone surrogates escaped), or with an explicit label.
 * @param {string} value
 * @param {string} [label]
 * @returns {Labelled<string>}
 */
export function text(value, label) {
  return { value, label: label ?? JSON.stringify(value) };
}

const KB_ASCII = "x".repeat(1024);
const KB_TWO_BYTE = "é".repeat(512);
const KB_EMOJI = "😀".repeat(256);

/** Units hashed as strings: ASCII, accents, CJK, emoji, lone surrogates, 1 KB ids, and the decimal twins of the numeric units. */
export const units = [
  text("user-42"),
  text("", "\"\" (empty unit)"),
  text("a"),
  text("0"),
  text("42"),
  text("12345"),
  text("-7"),
  text("1.5"),
  text("9007199254740991"),
  text("550e8400-e29b-41d4-a716-446655440000"),
  text("cookie-9f86d081884c7d65"),
  text("urn:user:42", "\"urn:user:42\" (colons in the unit)"),
  text("{salt}", "\"{salt}\" (a unit that looks like a template placeholder)"),
  text("price$&$1", "\"price$&$1\" (replacement patterns)"),
  text(" ", "\" \" (one space)"),
  text("tab\tnew\nline"),
  text("a\u0000b", "\"a\\u0000b\" (NUL inside)"),
  text("Zoë", "\"Zoë\" (precomposed ë)"),
  text("Zoe\u0308", "\"Zoe\\u0308\" (e + combining diaeresis)"),
  text("José Ñúñez"),
  text("Ångström"),
  text("naïve café"),
  text("用户标识", "\"用户标识\" (CJK)"),
  text("ユーザー"),
  text("사용자"),
  text("مستخدم", "\"مستخدم\" (Arabic, right to left)"),
  text("\uFEFFbom", "\"\\uFEFFbom\" (byte order mark)"),
  text("😀", "\"😀\" (emoji, a surrogate pair)"),
  text("a😀b"),
  text("👨‍👩‍👧‍👦", "\"👨‍👩‍👧‍👦\" (emoji ZWJ sequence)"),
  text("🇯🇵", "\"🇯🇵\" (flag, regional indicators)"),
  text("\u{10FFFF}", "\"\\u{10FFFF}\" (highest code point)"),
  text("\uFFFD", "\"\\uFFFD\" (the replacement character itself)"),
  text("\uD800", "\"\\uD800\" (lone high surrogate)"),
  text("\uDC00", "\"\\uDC00\" (lone low surrogate)"),
  text("\uDC00\uD800", "\"\\uDC00\\uD800\" (surrogates in the wrong order)"),
  text("x\uD83Dy", "\"x\\uD83Dy\" (lone high surrogate between letters)"),
  text("tail\uD83D", "\"tail\\uD83D\" (lone high surrogate just before the colon)"),
  text("\uDE00head", "\"\\uDE00head\" (lone low surrogate first)"),
  text(KB_ASCII, "1 KB ASCII id (\"x\" × 1024)"),
  text(KB_TWO_BYTE, "1 KB id of two-byte characters (\"é\" × 512)"),
  text(KB_EMOJI, "1 KB emoji id (\"😀\" × 256)"),
];

/** Units given as JSON numbers: hashed as their decimal string (their twins are in `units`). */
export const numericUnits = [0, 42, 12345, -7, 1.5, 9007199254740991].map((value) => ({ value, label: `${value} (a number)` }));

/** Salts (never containing ":"): ASCII, empty, accents, CJK, emoji, lone surrogates, 1 KB, and lengths around 256 bytes. */
export const salts = [
  text("button-color"),
  text("", "\"\" (empty salt)"),
  text("layer-1"),
  text("checkout-flow-2024"),
  text("s"),
  text("salt with spaces"),
  text("ç"),
  text("实验", "\"实验\" (CJK)"),
  text("🧪", "\"🧪\" (emoji, a surrogate pair)"),
  text("\uDFFF", "\"\\uDFFF\" (lone low surrogate just after the colon)"),
  text("\uD83D", "\"\\uD83D\" (lone high surrogate at the end)"),
  text("y".repeat(1024), "1 KB salt (\"y\" × 1024)"),
  // With unit "user-42", keys of 255, 256 and 257 bytes: either side of a 256-byte buffer.
  text("z".repeat(247), "\"z\" × 247 (a 255-byte key after \"user-42:\")"),
  text("z".repeat(248), "\"z\" × 248 (a 256-byte key after \"user-42:\")"),
  text("z".repeat(249), "\"z\" × 249 (a 257-byte key after \"user-42:\")"),
];

/** Bucket counts: 1, 2, small primes, the layer and segmenter defaults, 2^16, 2^31 and 2^32-1. */
export const bucketCounts = [1, 2, 3, 7, 100, 1000, 10000, 65536, 2147483648, 4294967295];

/** Units hashed against every bucket count. */
export const bucketSweepUnits = [text("user-42"), text("用户标识", "\"用户标识\" (CJK)"), text("😀", "\"😀\" (emoji, a surrogate pair)")];

/** The salt used for the bucket-count sweep. */
export const bucketSweepSalt = text("exp-bucketing");

/** Pairs of unit and salt at the edges of the key: both empty, long on both sides, surrogate halves across the colon. */
export const edgePairs = [
  { unit: text("", "\"\" (empty unit)"), salt: text("", "\"\" (empty salt)") },
  { unit: text("", "\"\" (empty unit)"), salt: text("🧪", "\"🧪\" (emoji)") },
  { unit: text(KB_ASCII, "1 KB ASCII id"), salt: text("y".repeat(1024), "1 KB salt") },
  { unit: text("\uD83D", "\"\\uD83D\" (high half of 😀)"), salt: text("\uDE00", "\"\\uDE00\" (low half of 😀; the colon keeps them apart)") },
];

/** Texts for the raw algorithms, beyond the published ones. */
export const rawTexts = [
  text("user-42:button-color", "\"user-42:button-color\" (a strata/v1 key)"),
  text("Zoë", "\"Zoë\" (accent)"),
  text("用户标识", "\"用户标识\" (CJK)"),
  text("😀", "\"😀\" (emoji, a surrogate pair)"),
  text("\uD800", "\"\\uD800\" (lone high surrogate)"),
];

/** Characters the sampler draws from, with weights: the scripts and edge cases the contract must survive. */
const POOLS = [
  { weight: 40, from: 0x20, to: 0x7e },
  { weight: 10, from: 0xa0, to: 0x17f },
  { weight: 10, from: 0x370, to: 0x4ff },
  { weight: 10, from: 0x4e00, to: 0x9fff },
  { weight: 5, from: 0xac00, to: 0xd7a3 },
  { weight: 15, from: 0x1f300, to: 0x1faff },
  { weight: 10, from: 0xd800, to: 0xdfff },
];
const TOTAL_WEIGHT = POOLS.reduce((sum, pool) => sum + pool.weight, 0);

/**
 * A sampler of mixed-script strings, unit/salt pairs and bucket counts, seeded so every run
 * draws the same sequence.
 * @param {number} seed
 */
export function createSampler(seed) {
  const random = seededRandom(seed);
  /** @param {number} n @returns {number} an integer in [0, n) */
  const below = (n) => Math.floor(random() * n);

  /**
   * A string of 0 to `maxLength` code points from the pools, without `exclude`.
   * @param {number} maxLength
   * @param {string} [exclude]
   */
  function string(maxLength, exclude) {
    const length = below(maxLength + 1);
    let out = "";
    while ([...out].length < length) {
      let pick = below(TOTAL_WEIGHT);
      const pool = POOLS.find((p) => (pick -= p.weight) < 0) ?? { from: 0x61, to: 0x7a };
      const char = String.fromCodePoint(pool.from + below(pool.to - pool.from + 1));
      if (char !== exclude) out += char;
    }
    return out;
  }

  /** A bucket count: half from `bucketCounts`, half anywhere in [1, 2^32-1]. */
  function buckets() {
    if (random() < 0.5) return bucketCounts[below(bucketCounts.length)] ?? 1000;
    return 1 + below(4294967295);
  }

  return { string, buckets };
}
