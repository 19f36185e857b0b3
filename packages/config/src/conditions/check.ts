/**
 * `checkCondition`: every problem of a targeting condition at once, each with its JSON Pointer —
 * unknown operators, wrong operand types, invalid versions, and regexes that are invalid, too
 * long or able to backtrack catastrophically. Never throws.
 * @module
 */
import { describeValue, listNames } from "../describe.ts";
import { isForbiddenKey } from "../forbidden-keys.ts";
import { LIMITS } from "../limits.ts";
import { child, type JsonPointer } from "../pointer.ts";
import { ProblemCollector, type Problem } from "../problem.ts";
import { didYouMean } from "../suggest.ts";
import { codePointLength, withinLength } from "../text-length.ts";
import { FIELD_OPERATORS, isObject, isScalar, LOGICAL_OPERATORS, REGEX_OPTIONS, SEMVER_OPERATORS } from "./operators.ts";
import { checkPattern } from "./regex/check-pattern.ts";
import { parseVersion } from "./semver.ts";

const LOGICAL = new Set<string>(LOGICAL_OPERATORS);
const FIELD = new Set<string>(FIELD_OPERATORS);
const SEMVER = new Set<string>(SEMVER_OPERATORS);
const OPTIONS = new Set(REGEX_OPTIONS);
/** Deeper than this, the shape-only check gives up (the document depth limit is far lower). */
const SHAPE_RECURSION_GUARD = 1_000;

/** Checks a condition; `pointer` is where it sits in the document (default: the condition itself). */
export function checkCondition(condition: unknown, pointer: JsonPointer = ""): Problem[] {
  const checker = new ConditionChecker(false);
  checker.condition(condition, pointer, 0);
  return checker.out.problems;
}

/** True when `value` has the shape of a condition (what `schema.json` checks: no limits on depth or size, no regex analysis). */
export function isConditionShape(value: unknown): boolean {
  const checker = new ConditionChecker(true);
  checker.condition(value, "", 0);
  return !checker.out.hasErrors && !checker.gaveUp;
}

const EXAMPLE = `{ "country": { "$in": ["DE", "FR"] } }`;

class ConditionChecker {
  readonly out = new ProblemCollector();
  gaveUp = false;
  private nodes = 0;
  private tooLarge = false;

  constructor(private readonly shapeOnly: boolean) {}

  private error(pointer: JsonPointer, code: string, message: string): void {
    this.out.error(pointer, code, message);
  }

  private count(pointer: JsonPointer): void {
    if (this.shapeOnly || this.tooLarge) return;
    if (++this.nodes > LIMITS.conditionNodes) {
      this.tooLarge = true;
      this.error(pointer, "condition-too-large", `the condition has more than ${LIMITS.conditionNodes} tests — split the targeting or use $in lists`);
    }
  }

  private depth(pointer: JsonPointer, depth: number): boolean {
    if (this.shapeOnly) {
      if (depth > SHAPE_RECURSION_GUARD) this.gaveUp = true;
      return depth <= SHAPE_RECURSION_GUARD;
    }
    if (depth <= LIMITS.conditionDepth) return true;
    this.error(pointer, "condition-too-deep", `$and, $or and $not are nested more than ${LIMITS.conditionDepth} deep — flatten the condition`);
    return false;
  }

  condition(value: unknown, pointer: JsonPointer, depth: number): void {
    if (!isObject(value)) {
      this.error(pointer, "condition-type", `a condition must be an object such as ${EXAMPLE} (got ${describeValue(value)})`);
      return;
    }
    if (!this.depth(pointer, depth)) return;
    for (const key of Object.keys(value)) {
      const at = child(pointer, key);
      const operand = value[key];
      this.count(at);
      if (key === "$and" || key === "$or") {
        if (!Array.isArray(operand) || operand.length === 0) {
          this.error(at, "condition-type", `${key} takes a non-empty list of conditions, e.g. { "${key}": [{ "country": "DE" }, { "plan": "pro" }] } (got ${describeValue(operand)})`);
          continue;
        }
        operand.forEach((item, index) => this.condition(item, child(at, index), depth + 1));
      } else if (key === "$not") {
        this.condition(operand, at, depth + 1);
      } else if (key.startsWith("$")) {
        const hint = FIELD.has(key)
          ? ` — ${key} tests one attribute, so put it inside one: { "country": { "${key}": … } }`
          : `${didYouMean(key, LOGICAL)}; at this level only ${listNames(LOGICAL_OPERATORS)} and attribute names are allowed`;
        this.error(at, "unknown-operator", `${JSON.stringify(key)} is not a condition operator${hint}`);
      } else {
        if (!this.attributeName(key, at)) continue;
        this.match(operand, at, depth);
      }
    }
  }

  private attributeName(key: string, at: JsonPointer): boolean {
    if (key === "") {
      this.error(at, "condition-attribute", `an attribute name must not be empty`);
      return false;
    }
    if (isForbiddenKey(key)) {
      this.error(at, "forbidden-key", `${JSON.stringify(key)} cannot be used as an attribute name (it is reserved in JavaScript objects) — rename the attribute`);
      return false;
    }
    if (!withinLength(key, LIMITS.idLength)) {
      this.error(at, "string-too-long", `the attribute name is ${codePointLength(key)} characters long; the limit is ${LIMITS.idLength}`);
      return false;
    }
    return true;
  }

  /** An attribute's test: a scalar (shorthand for $eq) or an operator object. */
  private match(value: unknown, at: JsonPointer, depth: number): void {
    if (isScalar(value)) {
      this.scalar(value, at);
      return;
    }
    if (Array.isArray(value)) {
      this.error(at, "condition-type", `to match one of several values write { "$in": [ … ] } instead of a list`);
      return;
    }
    if (!isObject(value)) {
      this.error(at, "condition-type", `an attribute test must be a string, number, boolean, null or an operator object such as { "$gte": 18 } (got ${describeValue(value)})`);
      return;
    }
    this.expression(value, at, depth);
  }

  private scalar(value: unknown, at: JsonPointer): boolean {
    if (!isScalar(value)) {
      this.error(at, "condition-type", `must be a string, number, boolean or null (got ${describeValue(value)})`);
      return false;
    }
    if (typeof value === "string" && !withinLength(value, LIMITS.stringLength)) {
      this.error(at, "string-too-long", `the string is ${codePointLength(value)} characters long; the limit is ${LIMITS.stringLength}`);
      return false;
    }
    return true;
  }

  /** `{ "$gte": 18, "$lt": 65 }`: operators on one attribute, all of which must hold. */
  private expression(value: Readonly<Record<string, unknown>>, at: JsonPointer, depth: number): void {
    const keys = Object.keys(value);
    if (keys.length === 0) {
      this.error(at, "condition-empty", `an empty operator object tests nothing — give an operator such as { "$eq": "DE" } or remove the attribute`);
      return;
    }
    if (!this.depth(at, depth)) return;
    for (const key of keys) {
      const operandAt = child(at, key);
      const operand = value[key];
      this.count(operandAt);
      switch (key) {
        case "$eq":
        case "$ne":
          this.scalar(operand, operandAt);
          break;
        case "$in":
        case "$nin":
          this.list(key, operand, operandAt);
          break;
        case "$gt":
        case "$gte":
        case "$lt":
        case "$lte":
          if (typeof operand === "string") this.scalar(operand, operandAt);
          else if (typeof operand !== "number" || !Number.isFinite(operand)) {
            this.error(operandAt, "condition-type", `${key} compares with a number or a string (got ${describeValue(operand)}); to compare versions use { "$semver": { "${key}": "2.1.0" } }`);
          }
          break;
        case "$exists":
          if (typeof operand !== "boolean") this.error(operandAt, "condition-type", `$exists takes true or false (got ${describeValue(operand)})`);
          break;
        case "$regex":
          this.regex(operand, value.$options, operandAt);
          break;
        case "$options":
          if (typeof operand !== "string" || !OPTIONS.has(operand)) {
            this.error(operandAt, "condition-type", `$options takes the letters "i", "m" and "s", each at most once (got ${describeValue(operand)})`);
          } else if (!Object.hasOwn(value, "$regex")) {
            this.error(operandAt, "condition-type", `$options only applies to a $regex next to it — add "$regex" or remove "$options"`);
          }
          break;
        case "$semver":
          this.semver(operand, operandAt);
          break;
        case "$not":
          if (!isObject(operand)) {
            this.error(operandAt, "condition-type", `$not on an attribute takes an operator object such as { "$in": ["DE", "FR"] } (got ${describeValue(operand)})`);
          } else this.expression(operand, operandAt, depth + 1);
          break;
        default:
          if (key === "$and" || key === "$or") {
            this.error(operandAt, "unknown-operator", `${key} combines conditions, so it goes at the condition level: { "${key}": [{ "a": 1 }, { "b": 2 }] }`);
          } else if (key.startsWith("$")) {
            this.error(operandAt, "unknown-operator", `${JSON.stringify(key)} is not an attribute operator${didYouMean(key, FIELD)}; use one of ${listNames(FIELD_OPERATORS)}`);
          } else {
            this.error(
              operandAt,
              "condition-nesting",
              `nested attributes are not supported: ${JSON.stringify(key)} is not an operator — test the attribute with an operator such as $eq, or flatten the attribute name (e.g. "user.plan")`,
            );
          }
      }
    }
  }

  private list(key: string, operand: unknown, at: JsonPointer): void {
    if (!Array.isArray(operand) || operand.length === 0) {
      this.error(at, "condition-type", `${key} takes a non-empty list of strings, numbers, booleans or nulls, e.g. ["DE", "FR"] (got ${describeValue(operand)})`);
      return;
    }
    if (operand.length > LIMITS.conditionValues) {
      this.error(at, "condition-too-large", `${key} lists ${operand.length} values; the limit is ${LIMITS.conditionValues}`);
      return;
    }
    operand.forEach((item, index) => this.scalar(item, child(at, index)));
  }

  private regex(pattern: unknown, options: unknown, at: JsonPointer): void {
    if (typeof pattern !== "string") {
      this.error(at, "condition-type", `$regex takes a pattern string such as "^Mozilla/" (got ${describeValue(pattern)})`);
      return;
    }
    if (!withinLength(pattern, LIMITS.regexLength)) {
      this.error(at, "regex-too-long", `the pattern is ${codePointLength(pattern)} characters long; the limit is ${LIMITS.regexLength} — shorten it or use $in for lists of values`);
      return;
    }
    if (this.shapeOnly) return;
    const problem = checkPattern(pattern, typeof options === "string" && OPTIONS.has(options) ? options : "");
    if (problem !== undefined) this.error(at, problem.code, problem.message);
  }

  private semver(operand: unknown, at: JsonPointer): void {
    if (!isObject(operand) || Object.keys(operand).length === 0) {
      this.error(at, "condition-type", `$semver takes comparisons such as { "$gte": "2.1.0", "$lt": "3.0.0" } (got ${describeValue(operand)})`);
      return;
    }
    for (const key of Object.keys(operand)) {
      const versionAt = child(at, key);
      if (!SEMVER.has(key)) {
        this.error(versionAt, "unknown-operator", `${JSON.stringify(key)} is not a $semver comparison${didYouMean(key, SEMVER)}; use one of ${listNames(SEMVER_OPERATORS)}`);
        continue;
      }
      const version = operand[key];
      if (typeof version !== "string" || !withinLength(version, LIMITS.idLength) || parseVersion(version) === undefined) {
        this.error(versionAt, "invalid-semver", `must be a semantic version such as "2.1.0" or "3.0.0-beta.1" (got ${describeValue(version)})`);
      }
    }
  }
}
