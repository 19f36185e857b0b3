/**
 * Generates vectors/hash-vectors.json from published test values and from reference
 * implementations that share no code with @strata/hash: Node's crypto for MD5/SHA,
 * TextEncoder for UTF-8, and the Math.imul MurmurHash3 and FNV-1a in this folder.
 * Deterministic: the same file on every run (sampled cases use a fixed seed).
 *
 *   node scripts/generate.mjs           write the file, print the counts and the pin for CHANGELOG.md
 *   node scripts/generate.mjs --check   exit 1 when the file on disk differs from a fresh generation
 * @module
 */
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { canonicalJson } from "./canonical-json.mjs";
import {
  publishedFnv1a32,
  publishedMd5,
  publishedMurmur3,
  publishedSha1,
  publishedSha256,
  publishedUtf8,
} from "./published-vectors.mjs";
import { referenceFnv1a32, referenceFnv1a32Utf16 } from "./reference-fnv1a.mjs";
import { referenceMurmur3x86_32 } from "./reference-murmur3.mjs";
import {
  bucketCounts,
  bucketSweepSalt,
  bucketSweepUnits,
  createSampler,
  edgePairs,
  numericUnits,
  rawTexts,
  salts,
  text,
  units,
} from "./vector-inputs.mjs";

/** The version of the vector file; bump it (and add a CHANGELOG.md entry) whenever the content changes. */
export const SPEC_VERSION = "1.0.0";

/** Where the generated file lives. */
export const vectorsPath = fileURLToPath(new URL("../vectors/hash-vectors.json", import.meta.url));

/** The seed of the sampled (pseudo-random) scheme cases. */
const SAMPLE_SEED = 0x5eed0001;
/** How many sampled cases each scheme gets. */
const SAMPLES_PER_SCHEME = 40;

/**
 * @typedef {{ text: string, repeat?: number } | { hex: string, repeat?: number }} ByteSource
 * @typedef {{ algorithm: "murmur3_x86_32" | "md5", seed?: number, key: string, digest?: { offset: number, length: number }, mapping: "mod", buckets: number }} SchemeDefinition
 * @typedef {{ name: string, source: string, input: Record<string, unknown>, expected: Record<string, unknown> }} VectorCase
 * @typedef {{ "$schema": string, specVersion: string, description: string, schemes: Record<string, SchemeDefinition>, cases: Record<string, VectorCase[]> }} VectorFile
 */

/** @type {Record<string, SchemeDefinition>} The named schemes the vectors pin, as data. */
const SCHEMES = {
  "strata/v1": { algorithm: "murmur3_x86_32", seed: 0, key: "{unit}:{salt}", mapping: "mod", buckets: 1000 },
  "md5-prefix": { algorithm: "md5", key: "{unit}:{salt}", digest: { offset: 0, length: 4 }, mapping: "mod", buckets: 10000 },
};

const encoder = new TextEncoder();

/**
 * The bytes of a byte source: UTF-8 of `text` (as TextEncoder writes it) or the `hex` bytes, repeated.
 * @param {ByteSource} source
 * @returns {Uint8Array}
 */
function bytesOf(source) {
  const once = "hex" in source ? Uint8Array.from(Buffer.from(source.hex, "hex")) : encoder.encode(source.text);
  const repeat = source.repeat ?? 1;
  const out = new Uint8Array(once.length * repeat);
  for (let i = 0; i < repeat; i++) out.set(once, i * once.length);
  return out;
}

/**
 * @param {Uint8Array} bytes
 * @returns {string} lower-case hex
 */
function hexOf(bytes) {
  return Buffer.from(bytes).toString("hex");
}

/**
 * @param {number} value
 * @returns {string} e.g. 0x9747b28c
 */
function hex32(value) {
  return `0x${value.toString(16).padStart(8, "0")}`;
}

/**
 * How a case name shows a byte source when no label is given.
 * @param {ByteSource} source
 * @returns {string}
 */
function describe(source) {
  const shown = "hex" in source ? `bytes ${source.hex.match(/../g)?.join(" ") ?? "(none)"}` : JSON.stringify(source.text);
  return source.repeat === undefined ? shown : `${shown} × ${source.repeat}`;
}

/**
 * The digest of `bytes` with Node's crypto.
 * @param {"md5" | "sha1" | "sha256"} algorithm
 * @param {Uint8Array} bytes
 * @returns {Uint8Array}
 */
function nodeDigest(algorithm, bytes) {
  return new Uint8Array(createHash(algorithm).update(bytes).digest());
}

/**
 * Throws when a published value is not reproduced: the reference implementation is wrong.
 * @param {string} name
 * @param {unknown} published
 * @param {unknown} computed
 */
function confirm(name, published, computed) {
  if (published !== computed) {
    throw new Error(`${name}: the published value is ${String(published)} but the reference implementation gives ${String(computed)}`);
  }
}

/**
 * The scheme key: the template with {unit} and {salt} filled in (placeholder-looking text in a unit is left alone).
 * @param {string} template
 * @param {string} unit
 * @param {string} salt
 */
function fillKey(template, unit, salt) {
  return template
    .split(/(\{unit\}|\{salt\})/)
    .map((part) => (part === "{unit}" ? unit : part === "{salt}" ? salt : part))
    .join("");
}

/**
 * The integer hash a scheme gives `unit` and `salt` (a number unit is hashed as its decimal string).
 * @param {SchemeDefinition} scheme
 * @param {string | number} unit
 * @param {string} salt
 * @returns {number}
 */
function schemeHash(scheme, unit, salt) {
  const bytes = encoder.encode(fillKey(scheme.key, String(unit), salt));
  if (scheme.algorithm === "murmur3_x86_32") return referenceMurmur3x86_32(bytes, scheme.seed ?? 0);
  const slice = scheme.digest ?? { offset: 0, length: 4 };
  const digest = nodeDigest(scheme.algorithm, bytes);
  let value = 0;
  for (let i = slice.offset; i < slice.offset + slice.length; i++) value = value * 256 + (digest[i] ?? 0);
  return value;
}

/**
 * One scheme case.
 * @param {string} schemeName
 * @param {{ value: string | number, label: string }} unit
 * @param {{ value: string, label: string }} salt
 * @param {number} buckets
 * @returns {VectorCase}
 */
function schemeCase(schemeName, unit, salt, buckets) {
  const scheme = SCHEMES[schemeName];
  if (scheme === undefined) throw new Error(`unknown scheme ${schemeName}`);
  const hash = schemeHash(scheme, unit.value, salt.value);
  return {
    name: `${schemeName}: unit ${unit.label}, salt ${salt.label}, ${buckets} buckets`,
    source: "generator",
    input: { scheme: schemeName, unit: unit.value, salt: salt.value, buckets },
    expected: { hash, bucket: hash % buckets },
  };
}

/** @returns {VectorCase[]} the scheme cases of both schemes */
function schemeCases() {
  const sampler = createSampler(SAMPLE_SEED);
  /** @type {VectorCase[]} */
  const cases = [];
  for (const [name, scheme] of Object.entries(SCHEMES)) {
    const defaultSalt = salts[0] ?? text("button-color");
    for (const unit of units) cases.push(schemeCase(name, unit, defaultSalt, scheme.buckets));
    for (const salt of salts.slice(1)) cases.push(schemeCase(name, text("user-42"), salt, scheme.buckets));
    for (const unit of bucketSweepUnits) {
      for (const buckets of bucketCounts) cases.push(schemeCase(name, unit, bucketSweepSalt, buckets));
    }
    for (const unit of numericUnits) cases.push(schemeCase(name, unit, defaultSalt, scheme.buckets));
    for (const { unit, salt } of edgePairs) cases.push(schemeCase(name, unit, salt, scheme.buckets));
    for (let i = 0; i < SAMPLES_PER_SCHEME; i++) {
      const unit = text(sampler.string(16));
      const salt = text(sampler.string(12, ":"));
      const buckets = sampler.buckets();
      const sampled = schemeCase(name, unit, salt, buckets);
      sampled.name = `${name}: seeded sample ${String(i + 1).padStart(2, "0")}, unit ${unit.label}, salt ${salt.label}, ${buckets} buckets`;
      cases.push(sampled);
    }
  }
  return cases;
}

/** Byte inputs every byte algorithm gets beyond the published ones: a strata/v1 key, an accent, CJK, an emoji, a lone surrogate, 1 KB. */
function generatedByteSources() {
  /** @type {{ source: ByteSource, label?: string }[]} */
  const sources = rawTexts.map((t) => ({ source: { text: t.value }, label: t.label }));
  sources.push({ source: { text: "x", repeat: 1024 }, label: "\"x\" × 1024 (1 KB)" });
  return sources;
}

/**
 * A case of a byte algorithm.
 * @param {string} category
 * @param {ByteSource} source
 * @param {string} sourceKind
 * @param {Record<string, unknown>} expected
 * @param {{ label?: string, extraInput?: Record<string, unknown>, suffix?: string }} [options]
 * @returns {VectorCase}
 */
function byteCase(category, source, sourceKind, expected, options = {}) {
  return {
    name: `${category}: ${options.label ?? describe(source)}${options.suffix ?? ""}`,
    source: sourceKind,
    input: { ...source, ...options.extraInput },
    expected,
  };
}

/** @returns {VectorCase[]} */
function murmur3Cases() {
  /** @type {VectorCase[]} */
  const cases = [];
  /**
   * @param {ByteSource} source
   * @param {number} seed
   * @param {string} kind
   * @param {string} [label]
   */
  const add = (source, seed, kind, label) => {
    const hash = referenceMurmur3x86_32(bytesOf(source), seed);
    cases.push(byteCase("murmur3_x86_32", source, kind, { hash }, { label, extraInput: { seed }, suffix: `, seed ${hex32(seed)}` }));
    return hash;
  };
  for (const published of publishedMurmur3) {
    const hash = add(published.input, published.seed, "murmur3-verification");
    confirm(`murmur3_x86_32 ${describe(published.input)} seed ${hex32(published.seed)}`, published.hash, hash);
  }
  // Every tail length (0 to 3 bytes after 0 to 4 whole blocks), with bytes above 0x7f.
  for (let length = 1; length <= 16; length++) {
    const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + 200) & 0xff);
    add({ hex: hexOf(bytes) }, 0x9747b28c, "generator");
  }
  for (const { source, label } of generatedByteSources()) add(source, 0, "generator", label);
  // Seeds that a signed or truncated seed would get wrong.
  for (const seed of [1, 0x7fffffff, 0x80000000, 0xffffffff]) add({ text: "user-42:button-color" }, seed, "generator", "\"user-42:button-color\" (a strata/v1 key)");
  add({ text: "é", repeat: 512 }, 0x9747b28c, "generator", "\"é\" × 512 (1 KB of two-byte characters)");
  return cases;
}

/**
 * @param {"md5" | "sha1" | "sha256"} algorithm
 * @param {readonly { input: ByteSource, hex: string }[]} published
 * @param {string} publishedKind
 * @returns {VectorCase[]}
 */
function digestCases(algorithm, published, publishedKind) {
  /** @type {VectorCase[]} */
  const cases = [];
  for (const entry of published) {
    const hex = hexOf(nodeDigest(algorithm, bytesOf(entry.input)));
    confirm(`${algorithm} ${describe(entry.input)}`, entry.hex, hex);
    cases.push(byteCase(algorithm, entry.input, publishedKind, { hex }));
  }
  /** @type {{ source: ByteSource, label?: string }[]} */
  const generated = [...generatedByteSources(), { source: { hex: "00" } }, { source: { hex: "ff", repeat: 64 } }];
  if (algorithm !== "md5") generated.unshift({ source: { text: "" } });
  // Padding boundaries: 55 bytes fit one block with the length, 56 do not; 64 fill a block exactly.
  for (const repeat of [55, 56, 57, 63, 64, 65, 119, 120]) generated.push({ source: { text: "a", repeat } });
  if (algorithm !== "md5") {
    generated.push({
      source: { text: "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu" },
      label: "the FIPS 180 896-bit message",
    });
  }
  for (const { source, label } of generated) {
    cases.push(byteCase(algorithm, source, "generator", { hex: hexOf(nodeDigest(algorithm, bytesOf(source))) }, { label }));
  }
  return cases;
}

/** @returns {VectorCase[]} */
function fnv1a32Cases() {
  /** @type {VectorCase[]} */
  const cases = [];
  for (const published of publishedFnv1a32) {
    const hash = referenceFnv1a32(bytesOf({ text: published.text }));
    confirm(`fnv1a32 ${JSON.stringify(published.text)}`, published.hash, hash);
    cases.push(byteCase("fnv1a32", { text: published.text }, "fnv-reference", { hash }));
  }
  /** @type {{ source: ByteSource, label?: string }[]} */
  const generated = [...generatedByteSources(), { source: { hex: "00" } }, { source: { hex: "ff" } }, { source: { hex: "0000" } }, { source: { hex: "80ff7f01" } }];
  for (const { source, label } of generated) {
    cases.push(byteCase("fnv1a32", source, "generator", { hash: referenceFnv1a32(bytesOf(source)) }, { label }));
  }
  return cases;
}

/** @returns {VectorCase[]} */
function fnv1a32Utf16Cases() {
  /** @type {VectorCase[]} */
  const cases = [];
  for (const published of publishedFnv1a32) {
    const hash = referenceFnv1a32Utf16(published.text);
    confirm(`fnv1a32_utf16 ${JSON.stringify(published.text)}`, published.hash, hash);
    cases.push(byteCase("fnv1a32_utf16", { text: published.text }, "fnv-reference", { hash }));
  }
  const generated = [
    ...rawTexts,
    text("é", "\"é\" (one code unit above 0xff)"),
    text("\uDC00\uD800", "\"\\uDC00\\uD800\" (surrogates in the wrong order)"),
    text("a\uD83Dz", "\"a\\uD83Dz\" (lone high surrogate, fed as it is)"),
    text("\uFFFD", "\"\\uFFFD\" (differs from a lone surrogate here: no replacement)"),
    text("👨‍👩‍👧‍👦", "\"👨‍👩‍👧‍👦\" (emoji ZWJ sequence)"),
  ];
  for (const t of generated) {
    cases.push(byteCase("fnv1a32_utf16", { text: t.value }, "generator", { hash: referenceFnv1a32Utf16(t.value) }, { label: t.label }));
  }
  cases.push(byteCase("fnv1a32_utf16", { text: "x", repeat: 1024 }, "generator", { hash: referenceFnv1a32Utf16("x".repeat(1024)) }, { label: "\"x\" × 1024 (1 KB)" }));
  return cases;
}

/** @returns {VectorCase[]} */
function utf8Cases() {
  /** @type {VectorCase[]} */
  const cases = [];
  for (const published of publishedUtf8) {
    const hex = hexOf(encoder.encode(published.text));
    confirm(`utf8 ${JSON.stringify(published.text)}`, published.hex, hex);
    cases.push(byteCase("utf8", { text: published.text }, "rfc3629", { hex }));
  }
  const generated = [
    text("", "\"\" (nothing)"),
    text("user-42:button-color"),
    text("\u0000", "U+0000"),
    text("\u007F", "U+007F (last one-byte)"),
    text("\u0080", "U+0080 (first two-byte)"),
    text("\u07FF", "U+07FF (last two-byte)"),
    text("\u0800", "U+0800 (first three-byte)"),
    text("\uD7FF", "U+D7FF (just below the surrogates)"),
    text("\uE000", "U+E000 (just above the surrogates)"),
    text("\uFFFD", "U+FFFD (the replacement character)"),
    text("\uFFFF", "U+FFFF (last three-byte)"),
    text("\u{10000}", "U+10000 (first four-byte, a surrogate pair)"),
    text("\u{10FFFF}", "U+10FFFF (last code point)"),
    text("Zoë", "\"Zoë\" (precomposed ë)"),
    text("Zoe\u0308", "\"Zoe\\u0308\" (e + combining diaeresis)"),
    text("用户标识", "\"用户标识\" (CJK)"),
    text("😀", "\"😀\" (emoji, a surrogate pair)"),
    text("👨‍👩‍👧‍👦", "\"👨‍👩‍👧‍👦\" (emoji ZWJ sequence)"),
    text("\uD800", "\"\\uD800\" (lone high surrogate → U+FFFD)"),
    text("\uDBFF", "\"\\uDBFF\" (last high surrogate, alone → U+FFFD)"),
    text("\uDC00", "\"\\uDC00\" (lone low surrogate → U+FFFD)"),
    text("\uDFFF", "\"\\uDFFF\" (last low surrogate, alone → U+FFFD)"),
    text("\uDC00\uD800", "\"\\uDC00\\uD800\" (wrong order → two U+FFFD)"),
    text("\uD800\uD800\uDC00", "\"\\uD800\\uD800\\uDC00\" (a lone high surrogate, then a pair)"),
    text("\uD83D\uDE00\uDE00", "\"\\uD83D\\uDE00\\uDE00\" (a pair, then a lone low surrogate)"),
    text("a\uD800b", "\"a\\uD800b\" (lone high surrogate between letters)"),
    text("é".repeat(512), "\"é\" × 512 (1 KB of two-byte characters)"),
  ];
  for (const t of generated) {
    cases.push(byteCase("utf8", { text: t.value }, "generator", { hex: hexOf(encoder.encode(t.value)) }, { label: t.label }));
  }
  return cases;
}

/**
 * Throws when two cases of the file share a name, or two cases of a category share an input.
 * @param {Record<string, VectorCase[]>} cases
 */
function assertDistinct(cases) {
  const names = new Set();
  for (const [category, list] of Object.entries(cases)) {
    const inputs = new Set();
    for (const c of list) {
      if (names.has(c.name)) throw new Error(`duplicate case name: ${c.name}`);
      names.add(c.name);
      const input = canonicalJson(c.input);
      if (inputs.has(input)) throw new Error(`${category}: duplicate input in ${c.name}`);
      inputs.add(input);
    }
  }
}

/**
 * Builds the vector file's content.
 * @returns {VectorFile}
 */
export function generateHashVectors() {
  const cases = {
    scheme: schemeCases(),
    murmur3_x86_32: murmur3Cases(),
    md5: digestCases("md5", publishedMd5, "rfc1321"),
    sha1: digestCases("sha1", publishedSha1, "fips180"),
    sha256: digestCases("sha256", publishedSha256, "fips180"),
    fnv1a32: fnv1a32Cases(),
    fnv1a32_utf16: fnv1a32Utf16Cases(),
    utf8: utf8Cases(),
  };
  assertDistinct(cases);
  return {
    $schema: "./hash-vectors.schema.json",
    specVersion: SPEC_VERSION,
    description:
      "Test vectors for Strata's hashing contract (strata/v1, md5-prefix) and the algorithms under it. Format, sources and use: the README of @strata/conformance. Generated by scripts/generate.mjs; do not edit by hand.",
    schemes: SCHEMES,
    cases,
  };
}

/**
 * The file text: one case per line, lone surrogates written as \uXXXX escapes (well-formed
 * JSON.stringify), so the file is valid UTF-8 and every JSON parser reads the same strings.
 * @param {VectorFile} vectors
 * @returns {string}
 */
export function renderHashVectors(vectors) {
  const { cases, schemes, ...head } = vectors;
  const lines = ["{"];
  for (const [key, value] of Object.entries(head)) lines.push(`  ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
  lines.push(`  "schemes": {`);
  const schemeLines = Object.entries(schemes).map(([name, scheme]) => `    ${JSON.stringify(name)}: ${JSON.stringify(scheme)}`);
  lines.push(schemeLines.join(",\n"), "  },", `  "cases": {`);
  const categoryBlocks = Object.entries(cases).map(
    ([category, list]) => `    ${JSON.stringify(category)}: [\n${list.map((c) => `      ${JSON.stringify(c)}`).join(",\n")}\n    ]`,
  );
  lines.push(categoryBlocks.join(",\n"), "  }", "}", "");
  const rendered = lines.join("\n");
  if (/[\uD800-\uDFFF]/u.test(rendered)) throw new Error("the rendered vectors hold a raw lone surrogate; it would not survive UTF-8");
  if (!isDeepStrictEqual(JSON.parse(rendered), vectors)) throw new Error("the rendered vectors do not parse back to the same content");
  return rendered;
}

/**
 * The pin recorded in CHANGELOG.md: the case count and the SHA-256 of the canonical JSON.
 * @param {VectorFile} vectors
 */
export function pinOf(vectors) {
  const count = Object.values(vectors.cases).reduce((sum, list) => sum + list.length, 0);
  const sha256 = createHash("sha256").update(canonicalJson(vectors)).digest("hex");
  return { count, sha256 };
}

/** @param {string[]} args */
async function main(args) {
  const vectors = generateHashVectors();
  const rendered = renderHashVectors(vectors);
  if (args.includes("--check")) {
    const current = await readFile(vectorsPath, "utf8").catch(() => "");
    if (current !== rendered) {
      console.error(`${vectorsPath} is stale: run node scripts/generate.mjs`);
      process.exitCode = 1;
    } else {
      console.log(`${vectorsPath} is up to date`);
    }
    return;
  }
  await writeFile(vectorsPath, rendered);
  for (const [category, list] of Object.entries(vectors.cases)) console.log(`${category.padEnd(16)} ${list.length}`);
  const { count, sha256 } = pinOf(vectors);
  console.log(`\nwrote ${vectorsPath} (specVersion ${vectors.specVersion})`);
  console.log(`Record this line under "## ${vectors.specVersion}" in vectors/CHANGELOG.md (test/vector-pin.test.ts checks it):\n`);
  console.log(`Pin: ${count} cases, canonical SHA-256 ${sha256}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
