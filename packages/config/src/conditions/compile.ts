/**
 * `compileCondition`: turns a checked condition into a predicate over request attributes.
 * Closures are built once; a call allocates nothing and never throws: missing attributes and
 * values of the wrong type simply do not match (`$ne`, `$nin`, `$not` and `$exists: false`
 * match a missing attribute).
 * Numbers compare with numbers and strings with strings: `"21"` is not greater than `18`.
 * @module
 */
import { ConfigError } from "../config-error.ts";
import { LIMITS } from "../limits.ts";
import { checkCondition } from "./check.ts";
import { isObject, type Scalar } from "./operators.ts";
import { compareToVersion, parseVersion } from "./semver.ts";
import type { Condition } from "../types.ts";

/** Request attributes, e.g. `{ country: "DE", appVersion: "2.3.1" }`. */
export type Attributes = Readonly<Record<string, unknown>>;

/** A compiled condition: true when the attributes satisfy it; never throws. */
export type ConditionPredicate = (attributes: Attributes) => boolean;

type ValueTest = (value: unknown) => boolean;
type AttributesTest = (attributes: Attributes) => boolean;

const EMPTY: Attributes = Object.freeze({});
/** `$in` lists up to this long are scanned; longer ones use a Set. */
const SCAN_LIMIT = 8;
const always: AttributesTest = () => true;

/** Compiles `condition` once (throws ConfigError when it is invalid); the predicate never throws. */
export function compileCondition(condition: Condition | undefined): ConditionPredicate {
  if (condition === undefined) return always;
  const problems = checkCondition(condition);
  if (problems.length > 0) throw new ConfigError(problems);
  const test = compileNode(condition);
  if (test === always) return always;
  return (attributes) => {
    const attrs = typeof attributes === "object" && attributes !== null ? attributes : EMPTY;
    try {
      return test(attrs);
    } catch {
      // A hostile attributes object (a throwing getter or proxy) simply does not match.
      return false;
    }
  };
}

function all(tests: readonly AttributesTest[]): AttributesTest {
  if (tests.length === 0) return always;
  if (tests.length === 1) return tests[0]!;
  if (tests.length === 2) {
    const [a, b] = tests as [AttributesTest, AttributesTest];
    return (attrs) => a(attrs) && b(attrs);
  }
  return (attrs) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i]!(attrs)) return false;
    return true;
  };
}

function any(tests: readonly AttributesTest[]): AttributesTest {
  if (tests.length === 1) return tests[0]!;
  return (attrs) => {
    for (let i = 0; i < tests.length; i++) if (tests[i]!(attrs)) return true;
    return false;
  };
}

function compileNode(condition: Condition): AttributesTest {
  const tests: AttributesTest[] = [];
  for (const key of Object.keys(condition)) {
    const operand = condition[key];
    if (key === "$and") tests.push(all((operand as readonly Condition[]).map(compileNode)));
    else if (key === "$or") tests.push(any((operand as readonly Condition[]).map(compileNode)));
    else if (key === "$not") {
      const inner = compileNode(operand as Condition);
      tests.push((attrs) => !inner(attrs));
    } else tests.push(attributeTest(key, compileMatch(operand)));
  }
  return all(tests);
}

/** Reads an attribute; names `Object.prototype` defines (`toString`, `valueOf`…) only as own properties. */
function attributeTest(name: string, test: ValueTest): AttributesTest {
  if (name in Object.prototype) return (attrs) => test(Object.hasOwn(attrs, name) ? attrs[name] : undefined);
  return (attrs) => test(attrs[name]);
}

function compileMatch(operand: unknown): ValueTest {
  if (isObject(operand)) return compileExpression(operand);
  const expected = operand as Scalar;
  return (value) => value === expected;
}

function compileExpression(expression: Readonly<Record<string, unknown>>): ValueTest {
  const tests: ValueTest[] = [];
  for (const key of Object.keys(expression)) {
    const operand = expression[key];
    switch (key) {
      case "$eq": {
        const expected = operand as Scalar;
        tests.push((value) => value === expected);
        break;
      }
      case "$ne": {
        const expected = operand as Scalar;
        tests.push((value) => value !== expected);
        break;
      }
      case "$in":
        tests.push(membership(operand as readonly Scalar[]));
        break;
      case "$nin": {
        const member = membership(operand as readonly Scalar[]);
        tests.push((value) => !member(value));
        break;
      }
      case "$gt":
      case "$gte":
      case "$lt":
      case "$lte":
        tests.push(order(key, operand as number | string));
        break;
      case "$exists":
        tests.push(operand === true ? (value) => value !== undefined : (value) => value === undefined);
        break;
      case "$regex":
        tests.push(regexTest(operand as string, typeof expression.$options === "string" ? expression.$options : ""));
        break;
      case "$semver":
        tests.push(semverTest(operand as Readonly<Record<string, string>>));
        break;
      case "$not": {
        const inner = compileExpression(operand as Readonly<Record<string, unknown>>);
        tests.push((value) => !inner(value));
        break;
      }
      default:
        break; // $options is read with $regex
    }
  }
  return allValues(tests);
}

function allValues(tests: readonly ValueTest[]): ValueTest {
  if (tests.length === 1) return tests[0]!;
  if (tests.length === 2) {
    const [a, b] = tests as [ValueTest, ValueTest];
    return (value) => a(value) && b(value);
  }
  return (value) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i]!(value)) return false;
    return true;
  };
}

function membership(values: readonly Scalar[]): ValueTest {
  if (values.length === 1) {
    const only = values[0];
    return (value) => value === only;
  }
  if (values.length <= SCAN_LIMIT) {
    const list = [...values];
    return (value) => {
      for (let i = 0; i < list.length; i++) if (list[i] === value) return true;
      return false;
    };
  }
  const set = new Set<unknown>(values);
  return (value) => set.has(value);
}

function order(operator: string, operand: number | string): ValueTest {
  const type = typeof operand;
  switch (operator) {
    case "$gt":
      return (value) => typeof value === type && (value as number | string) > operand;
    case "$gte":
      return (value) => typeof value === type && (value as number | string) >= operand;
    case "$lt":
      return (value) => typeof value === type && (value as number | string) < operand;
    default:
      return (value) => typeof value === type && (value as number | string) <= operand;
  }
}

function regexTest(pattern: string, options: string): ValueTest {
  // No "g" or "y" flag: test() keeps no state between calls.
  const regex = new RegExp(pattern, options);
  const limit = LIMITS.regexSubjectLength;
  return (value) => typeof value === "string" && value.length <= limit && regex.test(value);
}

function semverTest(comparisons: Readonly<Record<string, string>>): ValueTest {
  const tests: ValueTest[] = [];
  for (const key of Object.keys(comparisons)) {
    const version = parseVersion(comparisons[key]!)!;
    const accept =
      key === "$eq"
        ? (c: number) => c === 0
        : key === "$gt"
          ? (c: number) => c > 0
          : key === "$gte"
            ? (c: number) => c >= 0
            : key === "$lt"
              ? (c: number) => c < 0
              : (c: number) => c <= 0;
    // NaN (not a version) fails every comparison.
    tests.push((value) => typeof value === "string" && accept(compareToVersion(value, version)));
  }
  return allValues(tests);
}
