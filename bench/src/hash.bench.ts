/**
 * Hashing benchmarks (mitata): strata/v1 bucket(), one unit against 10 salts, TextEncoder +
 * murmur, and MD5 from @noble/hashes against other MD5 libraries and Node's crypto.
 * Run: pnpm bench (or `pnpm --filter @strata/bench bench`). Prints ns/op and ratios.
 */
/// <reference path="../../packages/hash/src/vendor-types.d.ts" />
import { createHash, hash as nodeHash } from "node:crypto";
import { md5 as nobleMd5 } from "@noble/hashes/legacy.js";
import { bucket, UnitHasher } from "@strata/hash";
import { createMD5 } from "hash-wasm";
import { md5 as jsMd5 } from "js-md5";
import murmur from "murmurhash3js-revisited";
import SparkMD5 from "spark-md5";
import { bench, do_not_optimize, run, summary } from "mitata";

const ids = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);
const salts = Array.from({ length: 10 }, (_, i) => `layer-${i}`);
const encoder = new TextEncoder();
let next = 0;
const nextId = () => ids[(next = (next + 1) % ids.length)]!;

summary(() => {
  bench("bucket(id, salt, 1000) — rotating 10,000 ids", () => do_not_optimize(bucket(nextId(), "button-color", 1000)));
  bench("TextEncoder.encode + murmur3 (naive)", () => do_not_optimize(murmur.x86.hash32(encoder.encode(`${nextId()}:button-color`), 0) % 1000));
});

const hasher = new UnitHasher("strata/v1");
const prepared = salts.map((salt) => hasher.prepare(salt));
summary(() => {
  bench("UnitHasher: one unit × 10 salts", () => {
    hasher.setUnit(nextId());
    let x = 0;
    for (let i = 0; i < 10; i++) x ^= hasher.bucket(prepared[i]!, 1000);
    return do_not_optimize(x);
  });
  bench("naive: 10 × TextEncoder.encode + murmur3", () => {
    const id = nextId();
    let x = 0;
    for (let i = 0; i < 10; i++) x ^= murmur.x86.hash32(encoder.encode(`${id}:${salts[i]}`), 0) % 1000;
    return do_not_optimize(x);
  });
});

const wasmMd5 = await createMD5();
summary(() => {
  bench("md5: @noble/hashes (chosen)", () => do_not_optimize(nobleMd5(encoder.encode(`${nextId()}:exp`))));
  bench("md5: js-md5", () => do_not_optimize(jsMd5.array(`${nextId()}:exp`)));
  bench("md5: spark-md5", () => do_not_optimize(SparkMD5.hash(`${nextId()}:exp`)));
  bench("md5: hash-wasm (WebAssembly, async init)", () => {
    wasmMd5.init();
    wasmMd5.update(`${nextId()}:exp`);
    return do_not_optimize(wasmMd5.digest("binary"));
  });
  bench("md5: node:crypto createHash (Node only)", () => do_not_optimize(createHash("md5").update(`${nextId()}:exp`).digest()));
  bench("md5: node:crypto hash one-shot (Node only)", () => do_not_optimize(nodeHash("md5", `${nextId()}:exp`, "buffer")));
});

await run({ format: process.argv.includes("--json") ? "json" : "mitata" });
