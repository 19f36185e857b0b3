/**
 * The whole of `validate` as a Standard Schema (v1), for libraries that accept one: its issues
 * carry the path of each problem, its value is the validated config.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { parsePointer } from "./pointer.ts";
import type { StrataConfig } from "./types.ts";
import { validate } from "./validate.ts";

/** A Standard Schema that runs `validate` with the built-in segmenters (shape and every semantic rule). */
export const configStandardSchema: StandardSchemaV1<unknown, StrataConfig> = {
  "~standard": {
    version: 1,
    vendor: "strata",
    validate(value) {
      const result = validate(value);
      if (result.ok) return { value: result.config! };
      return { issues: result.errors.map((problem) => ({ message: problem.message, path: parsePointer(problem.pointer) })) };
    },
  },
};
