/**
 * Engine benchmarks in mitata's own output (distribution, percentiles, bytes allocated):
 * decide with 1, 10 and 100 layers, with conditions, with an in-memory sticky store, decide +
 * get(), bucket() alone, against the raw floor (ten MurmurHash3 hashes over pre-encoded bytes
 * plus one encodeInto) and the twenty hashes ten layers actually compute.
 *
 * The rows are the suite's (src/rows.ts), so both measure the same thing. mitata runs them one
 * after the other on the wall clock: on the shared machine the ratios in the `summary` below
 * drift with the load. src/suite.ts measures the same rows interleaved on CPU time and gives
 * the ratios that count; this view is for the distributions.
 *
 *   pnpm --filter @strata/bench exec tsx --conditions=@strata/source src/engine.bench.ts [--json]
 * @module
 */
import { bench, run, summary } from "mitata";
import { floorBenches, hashingBenches, strataBenches, strataEngines } from "./rows.ts";

const engines = strataEngines();

summary(() => {
  // The floor first: mitata's summary reports every other row relative to the fastest.
  for (const b of [...floorBenches(), ...hashingBenches().slice(0, 1), ...strataBenches(engines)]) bench(b.label, b.fn);
});

await run({ format: process.argv.includes("--json") ? "json" : "mitata" });
