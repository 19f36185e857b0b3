/**
 * Runs the decision vectors on Deno against the @strata/engine sources, prints the report as
 * one JSON line and exits 1 on any mismatch. Needs only read access to the vector file:
 *
 *   deno run --conditions=@strata/source --allow-read=vectors/decision-vectors.json runtimes/deno-decisions.ts
 * @module
 */
import { createEngine } from "@strata/engine";
import { loadDecisionVectors, runDecisionVectors } from "../src/index.ts";

/** The part of the Deno namespace this script uses (tsc runs without Deno's types). */
declare const Deno: {
  readTextFile(path: URL): Promise<string>;
  version: { deno: string };
  exit(code: number): never;
};

const vectors = await loadDecisionVectors((url) => Deno.readTextFile(url));
const report = runDecisionVectors(vectors, createEngine);
console.log(JSON.stringify({ runtime: "deno", version: Deno.version.deno, ...report }));
if (report.mismatches.length > 0) Deno.exit(1);
