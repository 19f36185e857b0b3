/**
 * Finding, reading and parsing the decision vector file. File access is passed in, so the same
 * loader runs on Node, Deno, Bun and in a browser.
 * @module
 */
import type { DecisionVectorFile } from "./decision-vector-types.ts";
import { isRecord } from "./is-record.ts";

/** The URL of vectors/decision-vectors.json in this package (right from src/ and from dist/). */
export const decisionVectorsUrl: URL = new URL("../vectors/decision-vectors.json", import.meta.url);

function fail(path: string, message: string): never {
  throw new Error(`decision vectors: ${path}: ${message}`);
}

/** Checks the outline of parsed decision vectors (suites, configs, case shape, unique names) and returns them typed; throws naming the first bad field. */
export function checkDecisionVectors(data: unknown): DecisionVectorFile {
  if (!isRecord(data)) fail("(root)", "must be an object");
  if (typeof data.specVersion !== "string") fail("specVersion", "must be a string");
  if (!Array.isArray(data.suites) || data.suites.length === 0) fail("suites", "must be a non-empty list of { name, description, config, feedback, cases }");
  const names = new Set<string>();
  const suiteNames = new Set<string>();
  data.suites.forEach((suite: unknown, s) => {
    const at = `suites[${s}]`;
    if (!isRecord(suite)) fail(at, "must be an object { name, description, config, feedback, cases }");
    if (typeof suite.name !== "string" || suite.name === "") fail(`${at}.name`, "must be a non-empty string");
    if (suiteNames.has(suite.name)) fail(`${at}.name`, `${JSON.stringify(suite.name)} names another suite too; suite names are unique`);
    suiteNames.add(suite.name);
    if (!isRecord(suite.config)) fail(`${at}.config`, "must be a Strata config object");
    if (!isRecord(suite.feedback)) fail(`${at}.feedback`, "must be an object of counts by experiment and group ({} when there are none)");
    if (!Array.isArray(suite.cases)) fail(`${at}.cases`, "must be a list of cases");
    suite.cases.forEach((entry: unknown, index) => {
      const caseAt = `${at}.cases[${index}]`;
      if (!isRecord(entry)) fail(caseAt, "must be an object { name, input, expected }");
      if (typeof entry.name !== "string" || entry.name === "") fail(`${caseAt}.name`, "must be a non-empty string");
      if (names.has(entry.name)) fail(`${caseAt}.name`, `${JSON.stringify(entry.name)} names another case too; names are unique across the file`);
      names.add(entry.name);
      if (!isRecord(entry.input) || !isRecord(entry.input.units)) fail(`${caseAt}.input`, "must be an object with units");
      if (typeof entry.input.now !== "string") fail(`${caseAt}.input.now`, "must be a timestamp such as 2025-03-15T12:00:00.000Z");
      if (!isRecord(entry.expected) || !Array.isArray(entry.expected.assignments) || !isRecord(entry.expected.params)) {
        fail(`${caseAt}.expected`, "must be an object { assignments: [...], params: {...} }");
      }
    });
  });
  return data as unknown as DecisionVectorFile;
}

/** Parses the text of a decision vector file and checks its outline. */
export function parseDecisionVectors(text: string): DecisionVectorFile {
  return checkDecisionVectors(JSON.parse(text));
}

/** Reads the decision vector file with the runtime's reader, e.g. `loadDecisionVectors((url) => Deno.readTextFile(url))`. */
export async function loadDecisionVectors(readText: (url: URL) => Promise<string>, url: URL = decisionVectorsUrl): Promise<DecisionVectorFile> {
  return parseDecisionVectors(await readText(url));
}
