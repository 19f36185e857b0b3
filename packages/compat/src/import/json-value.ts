/**
 * Checks a parameter value from a source document before it goes into the config: it must be
 * JSON, hold no `__proto__`, `constructor` or `prototype` key, no string or key longer than
 * `LIMITS.stringLength`, and fit `LIMITS.documentDepth` at the place it takes in the config.
 * @module
 */
import { FORBIDDEN_KEYS, LIMITS } from "@strata/config";
import { exceedsStringLength } from "./text-limits.ts";

/** The depth of a parameter default in a config (`/params/<name>`; the config object is depth 0). */
export const DEFAULT_VALUE_DEPTH = 2;
/** The depth of a group's parameter value in a root layer (`/domain/layers/i/slots/j/experiment/groups/k/params/<name>`). */
export const GROUP_VALUE_DEPTH = 10;

/** Why `value` cannot be a Strata parameter value placed at `depth` of the config, or undefined when it can. */
export function paramValueProblem(value: unknown, depth: number): string | undefined {
  return problemAt(value, depth, depth);
}

function problemAt(value: unknown, depth: number, placed: number): string | undefined {
  if (value === null || typeof value === "boolean") return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? undefined : "a parameter value must be a finite number";
  if (typeof value === "string") {
    return exceedsStringLength(value) ? `the value holds a string of ${[...value].length} characters; the limit is ${LIMITS.stringLength} (LIMITS.stringLength)` : undefined;
  }
  if (typeof value !== "object") return `the value holds ${typeof value}, which is not JSON`;
  if (depth >= LIMITS.documentDepth) {
    return `the value nests objects and arrays ${depth - placed + 1} or more deep; at its place in the config (depth ${placed}) Strata allows ${LIMITS.documentDepth - placed} (LIMITS.documentDepth is ${LIMITS.documentDepth})`;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = value[i] === undefined ? "the value holds a missing list entry, which is not JSON" : problemAt(value[i], depth + 1, placed);
      if (problem) return problem;
    }
    return undefined;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return "the value holds an object that is not plain JSON data";
  for (const [key, item] of Object.entries(value)) {
    if (FORBIDDEN_KEYS.has(key)) return `the value holds the key "${key}", which Strata documents may not contain`;
    if (exceedsStringLength(key)) return `the value holds a key of ${[...key].length} characters; the limit is ${LIMITS.stringLength} (LIMITS.stringLength)`;
    if (item === undefined) continue;
    const problem = problemAt(item, depth + 1, placed);
    if (problem) return problem;
  }
  return undefined;
}
