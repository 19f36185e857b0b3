/**
 * Runs the decision vectors on Bun against the @strata/engine sources, prints the report as
 * one JSON line and exits 1 on any mismatch:
 *
 *   bun --conditions=@strata/source runtimes/bun-decisions.ts
 * @module
 */
import { createEngine } from "@strata/engine";
import { loadDecisionVectors, runDecisionVectors } from "../src/index.ts";

/** The part of the Bun namespace this script uses (tsc runs without Bun's types). */
declare const Bun: {
  file(path: URL): { text(): Promise<string> };
  version: string;
};
/** Bun's process, for the exit code. */
declare const process: { exitCode: number | undefined };

const vectors = await loadDecisionVectors((url) => Bun.file(url).text());
const report = runDecisionVectors(vectors, createEngine);
console.log(JSON.stringify({ runtime: "bun", version: Bun.version, ...report }));
if (report.mismatches.length > 0) process.exitCode = 1;
