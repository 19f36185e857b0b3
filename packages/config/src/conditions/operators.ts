/**
 * The condition language's vocabulary, shared by the checker, the compiler and the JSON Schema.
 *
 * A condition is an object whose keys are attribute names (tested against the request's
 * attributes) or the logical operators `$and`, `$or` (non-empty lists of conditions) and `$not`
 * (a condition); all keys must hold. An attribute holds a scalar (shorthand for `$eq`) or an
 * operator object: `$eq $ne $in $nin $gt $gte $lt $lte $exists $regex` (+ `$options`),
 * `$semver` (an object of `$eq $gt $gte $lt $lte` with version operands) and `$not`.
 * @module
 */

/** Operators that combine conditions. */
export const LOGICAL_OPERATORS = ["$and", "$or", "$not"] as const;

/** Operators that test one attribute, inside `{ "attribute": { … } }`. */
export const FIELD_OPERATORS = [
  "$eq",
  "$ne",
  "$in",
  "$nin",
  "$gt",
  "$gte",
  "$lt",
  "$lte",
  "$exists",
  "$regex",
  "$options",
  "$semver",
  "$not",
] as const;

/** Comparisons allowed inside `$semver`. */
export const SEMVER_OPERATORS = ["$eq", "$gt", "$gte", "$lt", "$lte"] as const;

/** Ordering comparisons: numbers with numbers, strings with strings. */
export const ORDER_OPERATORS = ["$gt", "$gte", "$lt", "$lte"] as const;

/** Every valid `$options` value: `i` (ignore case, as JavaScript's `i` flag without `u`: é matches É too), `m` (multi-line ^ $), `s` (. matches newlines), each at most once. */
export const REGEX_OPTIONS: readonly string[] = (() => {
  const out = new Set<string>([""]);
  for (let round = 0; round < 3; round++) {
    for (const options of [...out]) for (const letter of "ims") if (!options.includes(letter)) out.add(options + letter);
  }
  return [...out].sort();
})();

/** A scalar condition operand: string, number, boolean or null. */
export type Scalar = string | number | boolean | null;

/** True for a JSON scalar (finite numbers only). */
export function isScalar(value: unknown): value is Scalar {
  return typeof value === "string" || typeof value === "boolean" || value === null || (typeof value === "number" && Number.isFinite(value));
}

/** True for a plain (non-array, non-null) object. */
export function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
