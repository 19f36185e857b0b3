/**
 * Parameter values: any JSON value without forbidden keys and with keys and strings within
 * `LIMITS.stringLength` (in code points, as JSON Schema counts), checked without recursion limits of its own beyond a guard.
 * @module
 */
import { isForbiddenKey } from "./forbidden-keys.ts";
import { LIMITS } from "./limits.ts";
import { withinLength } from "./text-length.ts";

/** Nesting deeper than this is refused by the shape check (the document depth limit is far lower). */
const DEPTH_GUARD = 1_000;

/** True for an object key a config may use anywhere: not a forbidden key, and at most `LIMITS.stringLength` characters. */
export function isAllowedKey(key: string): boolean {
  return !isForbiddenKey(key) && withinLength(key, LIMITS.stringLength);
}

/** True for a value whose objects, at any depth, use only allowed keys (whatever its strings and numbers). */
export function hasAllowedKeys(value: unknown, depth = 0): boolean {
  if (typeof value !== "object" || value === null) return true;
  if (depth > DEPTH_GUARD) return false;
  if (Array.isArray(value)) return value.every((item) => hasAllowedKeys(item, depth + 1));
  for (const key of Object.keys(value)) {
    if (!isAllowedKey(key) || !hasAllowedKeys((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/** True for a JSON value (finite numbers, plain arrays and objects) with no forbidden or over-long key and no over-long string. */
export function isJsonValue(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (typeof value === "string") return withinLength(value, LIMITS.stringLength);
  if (typeof value !== "object" || depth > DEPTH_GUARD) return false;
  if (Array.isArray(value)) {
    // An index loop, not `every`, which skips the holes of a sparse array: a hole is no JSON value.
    for (let i = 0; i < value.length; i++) if (!isJsonValue(value[i], depth + 1)) return false;
    return true;
  }
  for (const key of Object.keys(value)) {
    if (!isAllowedKey(key) || !isJsonValue((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  // JSON.parse makes "__proto__" an own property that Object.keys lists; a literal's is the prototype.
  return Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null;
}
