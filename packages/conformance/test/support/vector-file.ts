/** The vector file as the tests read it: its text on disk, the parsed vectors and their counts. */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { hashVectorsUrl, parseHashVectors, vectorCategories, type HashVectorFile, type VectorCategory } from "../../src/index.ts";

/** This package's folder. */
export const packageDir = fileURLToPath(new URL("../..", import.meta.url));

/** The path of vectors/hash-vectors.json. */
export const vectorsPath = fileURLToPath(hashVectorsUrl);

/** The text of the vector file, as committed. */
export const vectorsText = await readFile(vectorsPath, "utf8");

/** A fresh parse of the vector file (safe to mutate). */
export function readVectors(): HashVectorFile {
  return parseHashVectors(vectorsText);
}

/** The number of cases of each category. */
export function countByCategory(vectors: HashVectorFile): Record<VectorCategory, number> {
  return Object.fromEntries(vectorCategories.map((category) => [category, vectors.cases[category].length])) as Record<VectorCategory, number>;
}

/** The number of cases in the file. */
export function countCases(vectors: HashVectorFile): number {
  return Object.values(countByCategory(vectors)).reduce((sum, n) => sum + n, 0);
}
