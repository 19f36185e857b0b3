/**
 * Finding, reading and parsing the hash vector file. File access is passed in, so the same
 * loader runs on Node, Deno, Bun and in a browser.
 * @module
 */
import { vectorCategories, type HashVectorFile } from "./vector-types.ts";
import { isRecord } from "./is-record.ts";

/** The URL of vectors/hash-vectors.json in this package (right from src/ and from dist/). */
export const hashVectorsUrl: URL = new URL("../vectors/hash-vectors.json", import.meta.url);

function fail(path: string, message: string): never {
  throw new Error(`hash vectors: ${path}: ${message}`);
}

/** Checks the outline of parsed vectors (fields, categories, case shape) and returns them typed; throws naming the first bad field. */
export function checkHashVectors(data: unknown): HashVectorFile {
  if (!isRecord(data)) fail("(root)", "must be an object");
  if (typeof data.specVersion !== "string") fail("specVersion", "must be a string");
  if (!isRecord(data.schemes)) fail("schemes", "must be an object of scheme definitions");
  const cases = data.cases;
  if (!isRecord(cases)) fail("cases", "must be an object of case lists by category");
  for (const category of Object.keys(cases)) {
    if (!(vectorCategories as readonly string[]).includes(category)) {
      fail(`cases.${category}`, `unknown category; this runner checks ${vectorCategories.join(", ")} (update @strata/conformance)`);
    }
  }
  for (const category of vectorCategories) {
    const list = cases[category];
    if (!Array.isArray(list)) fail(`cases.${category}`, "must be a list of cases");
    list.forEach((entry: unknown, index) => {
      const at = `cases.${category}[${index}]`;
      if (!isRecord(entry)) fail(at, "must be an object { name, source, input, expected }");
      if (typeof entry.name !== "string" || entry.name === "") fail(`${at}.name`, "must be a non-empty string");
      if (!isRecord(entry.input)) fail(`${at}.input`, "must be an object");
      if (!isRecord(entry.expected)) fail(`${at}.expected`, "must be an object");
    });
  }
  return data as unknown as HashVectorFile;
}

/** Parses the text of a vector file and checks its outline. */
export function parseHashVectors(text: string): HashVectorFile {
  return checkHashVectors(JSON.parse(text));
}

/** Reads the vector file with the runtime's reader, e.g. `loadHashVectors((url) => Deno.readTextFile(url))`. */
export async function loadHashVectors(readText: (url: URL) => Promise<string>, url: URL = hashVectorsUrl): Promise<HashVectorFile> {
  return parseHashVectors(await readText(url));
}
