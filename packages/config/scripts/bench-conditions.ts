/// <reference types="node" />
/**
 * How fast compiled conditions and `validate` are: `pnpm tsx --conditions=@strata/source
 * scripts/bench-conditions.ts`. Prints nanoseconds per call; not part of the tests.
 * @module
 */
import { readFileSync } from "node:fs";
import { compileCondition, validate, type Condition } from "../src/index.ts";

function bench(name: string, run: () => unknown, iterations = 2_000_000): void {
  for (let i = 0; i < 100_000; i++) run();
  const started = performance.now();
  for (let i = 0; i < iterations; i++) run();
  const ns = ((performance.now() - started) * 1e6) / iterations;
  console.log(`${name.padEnd(44)} ${ns.toFixed(1).padStart(9)} ns`);
}

const attributes = { country: "DE", plan: "pro", age: 31, appVersion: "2.4.1", userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)" };
const cases: [string, Condition][] = [
  ["$eq", { country: "DE" }],
  ["$in (3 values)", { country: { $in: ["DE", "FR", "NL"] } }],
  ["$in (50 values, Set)", { country: { $in: Array.from({ length: 50 }, (_, i) => `C${i}`) } }],
  ["range", { age: { $gte: 18, $lt: 65 } }],
  ["$semver", { appVersion: { $semver: { $gte: "2.1.0", $lt: "3.0.0" } } }],
  ["$regex", { userAgent: { $regex: "iPhone|iPad" } }],
  ["$or of three", { $or: [{ plan: "team" }, { plan: "pro" }, { age: { $gt: 60 } }] }],
];
for (const [name, condition] of cases) {
  const predicate = compileCondition(condition);
  bench(`compileCondition ${name}`, () => predicate(attributes));
}
const shop = JSON.parse(readFileSync(new URL("../examples/shop.json", import.meta.url), "utf8"));
bench("validate(examples/shop.json)", () => validate(shop), 2_000);
