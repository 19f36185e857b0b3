/**
 * A tiny algebra over Strata conditions with the constants "always" and "never", so translated
 * targeting simplifies as it is built (`and(x, never)` is never, `not(not(x))` is x) and a rule
 * whose targeting can never match is recognised and dropped.
 * @module
 */
import type { Condition } from "@strata/config";

/** A condition, or a constant: `true` (always holds) or `false` (never holds). */
export type Cond = boolean | Condition;

/** All of the conditions. */
export function and(...parts: readonly Cond[]): Cond {
  const kept: Condition[] = [];
  for (const part of parts) {
    if (part === false) return false;
    if (part !== true) kept.push(part);
  }
  if (kept.length === 0) return true;
  return kept.length === 1 ? (kept[0] as Condition) : { $and: kept };
}

/** Any of the conditions. */
export function or(...parts: readonly Cond[]): Cond {
  const kept: Condition[] = [];
  for (const part of parts) {
    if (part === true) return true;
    if (part !== false) kept.push(part);
  }
  if (kept.length === 0) return false;
  return kept.length === 1 ? (kept[0] as Condition) : { $or: kept };
}

/** The negation. */
export function not(part: Cond): Cond {
  if (typeof part === "boolean") return !part;
  const keys = Object.keys(part);
  if (keys.length === 1 && keys[0] === "$not") return part.$not as Condition;
  return { $not: part };
}

/** The config's `conditions` for a condition: none for "always"; `{ "$not": {} }` (which no request meets) for "never". */
export function toConditions(part: Cond): Condition | undefined {
  if (part === true) return undefined;
  if (part === false) return { $not: {} };
  return part;
}
