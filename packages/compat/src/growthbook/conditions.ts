/**
 * GrowthBook targeting conditions (its Mongo-style language) as Strata conditions. GrowthBook reads
 * a missing attribute as `null` and compares loosely (`"5" == 5`, truthy booleans, `null < 5`); the
 * translation is exact for attributes of the operand's JSON type and for missing or null attributes
 * (so `{ "age": { "$lt": 30 } }` also admits users without an age, as GrowthBook does). Operators
 * Strata has no equivalent for (`$elemMatch`, `$size`, `$all`, `$type`, `$vgt`…, saved groups,
 * nested paths) are reported as untranslatable.
 * @module
 */
import { checkCondition, type Condition } from "@strata/config";
import { and, not, or, type Cond } from "../import/condition-algebra.ts";

/** Thrown for a condition the importer cannot express; `path` is relative to the condition. */
export class UntranslatableCondition extends Error {
  /** Creates the error. */
  constructor(readonly path: string, reason: string) {
    super(reason);
  }
}

type Scalar = string | number | boolean | null;

function isScalar(value: unknown): value is Scalar {
  return value === null || typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));
}

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k.startsWith("$"));
}

/** The attribute is missing or null (GrowthBook's `getPath` gives null for both). */
function missing(name: string): Cond {
  return { [name]: { $not: { $exists: true, $ne: null } } };
}

/** GrowthBook's `evalConditionValue(expected, attributes[name])`. */
function value(name: string, expected: unknown, path: string): Cond {
  // Shorthands compare String(value) with a string and value * 1 with a number, and null is what a missing attribute reads as:
  // so "null" and 0 also match a missing attribute.
  if (typeof expected === "string") return or({ [name]: { $eq: expected } }, expected === "null" ? missing(name) : false);
  if (typeof expected === "number") return or({ [name]: { $eq: expected } }, expected === 0 ? missing(name) : false);
  if (typeof expected === "boolean") return { [name]: { $eq: expected } };
  if (expected === null) return missing(name);
  if (!isOperatorObject(expected)) {
    throw new UntranslatableCondition(path, "matching a whole array or object (compared as JSON text by GrowthBook) has no Strata equivalent");
  }
  return and(...Object.entries(expected).map(([op, operand]) => operator(name, op, operand, `${path}/${op}`)));
}

/** One operator of an operator object. */
function operator(name: string, op: string, operand: unknown, path: string): Cond {
  switch (op) {
    case "$eq":
    case "$ne": {
      if (!isScalar(operand)) throw new UntranslatableCondition(path, `${op} with a non-scalar operand has no Strata equivalent`);
      const equal = operand === null ? missing(name) : { [name]: { $eq: operand } };
      return op === "$eq" ? equal : not(equal);
    }
    case "$in":
    case "$nin": {
      if (!Array.isArray(operand)) return false; // GrowthBook: a non-array operand fails both $in and $nin.
      if (!operand.every(isScalar)) throw new UntranslatableCondition(path, `${op} lists only strings, numbers, booleans and null in Strata`);
      const values = operand.filter((v) => v !== null);
      const member = or(values.length > 0 ? { [name]: { $in: values } } : false, operand.includes(null) ? missing(name) : false);
      return op === "$in" ? member : not(member);
    }
    case "$gt":
    case "$gte":
    case "$lt":
    case "$lte": {
      if (typeof operand !== "number" && typeof operand !== "string") throw new UntranslatableCondition(path, `${op} compares with a number or a string in Strata`);
      if (typeof operand === "number" && !Number.isFinite(operand)) throw new UntranslatableCondition(path, `${op} needs a finite number`);
      // GrowthBook compares null (a missing attribute) as JS does: null < 5 is true.
      const nullPasses = compare(op, null, operand);
      return or({ [name]: { [op]: operand } }, nullPasses ? missing(name) : false);
    }
    case "$exists":
      return operand ? not(missing(name)) : missing(name);
    case "$regex": {
      if (typeof operand !== "string") throw new UntranslatableCondition(path, "$regex needs a string pattern");
      let regex: RegExp;
      try {
        regex = new RegExp(operand);
      } catch {
        return false; // GrowthBook: an invalid pattern matches nothing.
      }
      // GrowthBook tests String(value): a missing attribute is the text "null".
      return or({ [name]: { $regex: operand } }, regex.test("null") ? missing(name) : false);
    }
    case "$not":
      return not(value(name, operand, path));
    default:
      throw new UntranslatableCondition(path, `the GrowthBook operator ${op} has no exact Strata equivalent`);
  }
}

function compare(op: string, left: unknown, right: number | string): boolean {
  const a = left as number;
  switch (op) {
    case "$gt":
      return a > (right as number);
    case "$gte":
      return a >= (right as number);
    case "$lt":
      return a < (right as number);
    default:
      return a <= (right as number);
  }
}

/** A condition object (GrowthBook's `evalCondition`). */
function condition(node: unknown, path: string): Cond {
  if (typeof node !== "object" || node === null || Array.isArray(node)) throw new UntranslatableCondition(path, "a condition must be an object");
  const parts: Cond[] = [];
  for (const [key, operand] of Object.entries(node)) {
    const at = `${path}/${key}`;
    const children = () => {
      if (!Array.isArray(operand)) throw new UntranslatableCondition(at, `${key} needs a list of conditions`);
      return operand.map((child, i) => condition(child, `${at}/${i}`));
    };
    // GrowthBook: an empty $or holds, so an empty $nor does not.
    if (key === "$or") parts.push(Array.isArray(operand) && operand.length === 0 ? true : or(...children()));
    else if (key === "$nor") parts.push(Array.isArray(operand) && operand.length === 0 ? false : not(or(...children())));
    else if (key === "$and") parts.push(and(...children()));
    else if (key === "$not") parts.push(not(condition(operand, at)));
    else if (key.startsWith("$")) throw new UntranslatableCondition(at, `${key === "$savedGroup" ? "saved groups" : `the top-level key ${key}`} cannot be expressed in Strata`);
    else if (key.includes(".")) throw new UntranslatableCondition(at, `nested attribute paths ("${key}") read inside objects; Strata conditions read top-level attributes`);
    else parts.push(value(key, operand, at));
  }
  return and(...parts);
}

/** Deeper conditions are not read (Strata conditions nest at most `LIMITS.conditionDepth` deep anyway). */
const MAX_NESTING = 256;

/** True when `value` nests objects and lists more than `levels` deep (reads no deeper than that). */
function nestsDeeper(value: unknown, levels: number): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (levels === 0) return true;
  return Object.values(value).some((item) => nestsDeeper(item, levels - 1));
}

/**
 * The Strata condition equivalent to a GrowthBook condition (`true`: always; `false`: never).
 * Throws UntranslatableCondition with a path relative to the condition.
 */
export function translateCondition(growthbookCondition: unknown): Cond {
  if (nestsDeeper(growthbookCondition, MAX_NESTING)) throw new UntranslatableCondition("", `the condition nests objects and lists more than ${MAX_NESTING} deep`);
  const translated = condition(growthbookCondition, "");
  if (typeof translated !== "boolean") {
    const problems = checkCondition(translated as Condition);
    const problem = problems[0];
    if (problem) throw new UntranslatableCondition("", `Strata rejects the translated condition at ${JSON.stringify(problem.pointer)}: ${problem.message}`);
  }
  return translated;
}
