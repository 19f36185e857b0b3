/** The decision vector file as the tests read it: its text on disk, the parsed vectors and their counts. */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { decisionVectorsUrl, parseDecisionVectors, type DecisionVectorFile } from "../../src/index.ts";

/** The path of vectors/decision-vectors.json. */
export const decisionVectorsPath = fileURLToPath(decisionVectorsUrl);

/** The text of the decision vector file, as committed. */
export const decisionVectorsText = await readFile(decisionVectorsPath, "utf8");

/** A fresh parse of the decision vector file (safe to mutate). */
export function readDecisionVectors(): DecisionVectorFile {
  return parseDecisionVectors(decisionVectorsText);
}

/** The number of cases of each suite, by suite name. */
export function countDecisionCasesBySuite(vectors: DecisionVectorFile): Record<string, number> {
  return Object.fromEntries(vectors.suites.map((suite) => [suite.name, suite.cases.length]));
}

/** The number of cases in the file. */
export function countDecisionCases(vectors: DecisionVectorFile): number {
  return vectors.suites.reduce((sum, suite) => sum + suite.cases.length, 0);
}
