/**
 * Formats a Standard Schema issue path as the dotted, indexed text users read in errors.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `["groups", 1, "weight"]` → `groups[1].weight`; odd keys are quoted: `shares["a b"]`. */
export function formatPath(path: StandardSchemaV1.Issue["path"]): string {
  let text = "";
  for (const segment of path ?? []) {
    const key = typeof segment === "object" && segment !== null ? segment.key : segment;
    if (typeof key === "number") text += `[${key}]`;
    else if (typeof key === "symbol") text += `[${key.toString()}]`;
    else if (IDENTIFIER.test(key)) text += text === "" ? key : `.${key}`;
    else text += `[${JSON.stringify(key)}]`;
  }
  return text;
}
