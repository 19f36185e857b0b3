/**
 * Checks a parameter value from a source document before it goes into the config: Strata
 * documents may not hold the keys `__proto__`, `constructor` or `prototype` anywhere.
 * @module
 */
import { FORBIDDEN_KEYS } from "@strata/config";

/** Why `value` cannot be a Strata parameter value, or undefined when it can. */
export function paramValueProblem(value: unknown, depth = 0): string | undefined {
  if (depth > 64) return "the value is nested too deeply";
  if (value === null || typeof value !== "object") {
    return typeof value === "number" && !Number.isFinite(value) ? "a parameter value must be finite" : undefined;
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = paramValueProblem(item, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (FORBIDDEN_KEYS.has(key)) return `the value holds the key "${key}", which Strata documents may not contain`;
    const problem = paramValueProblem(item, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}
