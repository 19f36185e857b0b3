/**
 * @strata/conformance — language-neutral test vectors that pin Strata's hashing contract
 * (`strata/v1`, `md5-prefix`) and the algorithms under it, with a runner that checks any
 * implementation of the hash API against them on any runtime.
 *
 * @example
 * ```ts
 * import * as hash from "@strata/hash";
 * import { loadHashVectors, runHashVectors } from "@strata/conformance";
 * import { readFile } from "node:fs/promises";
 *
 * const vectors = await loadHashVectors((url) => readFile(url, "utf8"));
 * const { cases, mismatches } = runHashVectors(vectors, hash); // mismatches: [] when hash conforms
 * ```
 * @module
 */
export { checkHashVectors, hashVectorsUrl, loadHashVectors, parseHashVectors } from "./load-vectors.ts";
export { runHashVectors, type HashApi, type UnitHasherLike, type VectorMismatch, type VectorRunReport } from "./run-vectors.ts";
export {
  vectorCategories,
  type BytesInput,
  type HashExpected,
  type HashVectorCases,
  type HashVectorFile,
  type HexExpected,
  type SchemeDefinition,
  type SchemeExpected,
  type SchemeInput,
  type TextInput,
  type VectorCase,
  type VectorCategory,
  type VectorSource,
} from "./vector-types.ts";
