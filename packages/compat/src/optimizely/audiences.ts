/**
 * Optimizely audiences as Strata conditions. Optimizely evaluates conditions in three-valued
 * logic — a missing attribute or a value of the wrong type is "unknown", `not unknown` is unknown,
 * and only `true` lets a user in — so each node is translated into the pair (definitely true,
 * definitely false), both two-valued Strata conditions. The experiment's conditions are the first.
 * @module
 */
import { checkCondition, LIMITS, type Condition } from "@strata/config";
import { and, not, or, type Cond } from "../import/condition-algebra.ts";
import type { ImportReport } from "../import/result.ts";
import { describeValue, isRecord } from "../import/source-lists.ts";

/** A node translated: when Optimizely says true, and when it says false (unknown is neither). */
interface Truth {
  readonly yes: Cond;
  readonly no: Cond;
}

const UNKNOWN: Truth = { yes: false, no: false };
/** Optimizely's `isSafeInteger` bound: numbers with |x| <= 2^53 are compared, others are unknown. */
const SAFE = 2 ** 53;

/** Thrown for a condition the importer cannot express; `path` is relative to the audience or experiment. */
export class UntranslatableAudience extends Error {
  /** Creates the error. */
  constructor(readonly path: string, reason: string) {
    super(reason);
  }
}

/** Escapes a literal for a regular expression (substring match). */
function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/**
 * A string attribute Strata's `$regex` can search: at most `LIMITS.regexSubjectLength` characters
 * (the empty pattern matches every such string, and `$regex` never matches a longer one).
 */
function searchable(name: string): Cond {
  return { [name]: { $regex: "" } };
}

/**
 * A `substring` leaf. Optimizely searches the whole value; Strata's `$regex` only values up to
 * `LIMITS.regexSubjectLength` characters, so on a longer value the leaf is unknown (neither true nor
 * false): Strata then admits a user only where Optimizely admits them whatever the leaf says.
 */
function substring(name: string, needle: string, path: string): Truth {
  // Every string contains "": true for any string, whatever its length.
  if (needle === "") return { yes: { [name]: { $gte: "" } }, no: false };
  const pattern = escapeRegex(needle);
  if (pattern.length > LIMITS.regexLength) {
    throw new UntranslatableAudience(
      path,
      `the substring is ${needle.length} characters long (${pattern.length} as a Strata $regex pattern); Strata's limit is ${LIMITS.regexLength} pattern characters — shorten the substring in Optimizely or write this experiment's conditions by hand`,
    );
  }
  const contains = { [name]: { $regex: pattern } };
  return { yes: contains, no: and(searchable(name), not(contains)) };
}

/** A user value Optimizely compares as a number: a number with |x| <= 2^53. */
function safeNumber(name: string): Cond {
  return and({ [name]: { $gte: -SAFE } }, { [name]: { $lte: SAFE } });
}

/** One `custom_attribute` leaf. */
function leaf(condition: unknown, path: string): Truth {
  // The SDK finds no evaluator for the type of a string, number or boolean leaf: unknown.
  if (typeof condition === "string" || typeof condition === "number" || typeof condition === "boolean") return UNKNOWN;
  if (typeof condition !== "object" || condition === null || Array.isArray(condition)) {
    throw new UntranslatableAudience(path, `a condition leaf must be an object (got ${JSON.stringify(condition)})`);
  }
  const { type, name, match, value } = condition as Record<string, unknown>;
  if (type !== "custom_attribute") {
    if (type === "third_party_dimension") throw new UntranslatableAudience(path, "ODP segment conditions (third_party_dimension) need Optimizely's segment service");
    return UNKNOWN; // The SDK has no evaluator for other types: unknown.
  }
  if (typeof name !== "string" || name === "" || name.length > LIMITS.idLength || name.startsWith("$") || ["__proto__", "constructor", "prototype"].includes(name)) {
    throw new UntranslatableAudience(path, `the attribute name ${JSON.stringify(name)} cannot be a Strata condition attribute`);
  }
  const present = { [name]: { $exists: true, $ne: null } };
  switch (match) {
    case undefined:
    case "exact":
      if (typeof value === "string") {
        if (value.length > LIMITS.stringLength) {
          throw new UntranslatableAudience(path, `the value is ${value.length} characters long; Strata condition strings are limited to ${LIMITS.stringLength}`);
        }
        return { yes: { [name]: { $eq: value } }, no: { [name]: { $gte: "", $ne: value } } };
      }
      if (typeof value === "boolean") return { yes: { [name]: { $eq: value } }, no: { [name]: { $eq: !value } } };
      if (typeof value === "number" && Math.abs(value) <= SAFE) return { yes: { [name]: { $eq: value } }, no: and(safeNumber(name), { [name]: { $ne: value } }) };
      return UNKNOWN;
    case "exists":
      return { yes: present, no: not(present) };
    case "gt":
    case "ge":
    case "lt":
    case "le": {
      if (typeof value !== "number" || !(Math.abs(value) <= SAFE)) return UNKNOWN;
      const op = { gt: "$gt", ge: "$gte", lt: "$lt", le: "$lte" }[match];
      const opposite = { gt: "$lte", ge: "$lt", lt: "$gte", le: "$gt" }[match];
      return { yes: and(safeNumber(name), { [name]: { [op]: value } }), no: and(safeNumber(name), { [name]: { [opposite]: value } }) };
    }
    case "substring":
      return typeof value === "string" ? substring(name, value, path) : UNKNOWN;
    case "semver_eq":
    case "semver_gt":
    case "semver_ge":
    case "semver_lt":
    case "semver_le":
      throw new UntranslatableAudience(path, `semantic-version matches (${match}) follow Optimizely's own version rules, which Strata's $semver does not reproduce exactly`);
    default:
      return UNKNOWN; // An unknown match type is unknown in the SDK.
  }
}

/** Optimizely's operators; an array starting with any other string is an implicit "or" of all its elements. */
const OPERATORS: readonly unknown[] = ["and", "or", "not"];
/** Deeper trees are not read (Strata conditions nest at most `LIMITS.conditionDepth` deep anyway). */
const MAX_TREE_DEPTH = 256;

/**
 * Optimizely's condition tree over `leafOf`, as the SDK's `condition_tree_evaluator` reads it: an
 * array whose first element is "and", "or" or "not" applies it to the rest; one starting with
 * another string is an implicit "or" of every element; one starting with anything else (a leaf
 * object, a nested array) is an "or" of the rest — the first element is skipped. Anything else is a leaf.
 */
function tree(node: unknown, path: string, leafOf: (value: unknown, path: string) => Truth, depth = 0): Truth {
  if (!Array.isArray(node)) return leafOf(node, path);
  if (depth >= MAX_TREE_DEPTH) throw new UntranslatableAudience(path, `the condition tree nests more than ${MAX_TREE_DEPTH} lists deep`);
  const first: unknown = node[0];
  const implicit = typeof first === "string" && !OPERATORS.includes(first);
  const operator = OPERATORS.includes(first) ? first : "or";
  const offset = implicit ? 0 : 1;
  const parts = node.slice(offset).map((child, i) => tree(child, `${path}/${i + offset}`, leafOf, depth + 1));
  if (operator === "and") return { yes: and(...parts.map((p) => p.yes)), no: or(...parts.map((p) => p.no)) };
  if (operator === "or") return { yes: or(...parts.map((p) => p.yes)), no: and(...parts.map((p) => p.no)) };
  const negated = parts[0];
  return negated === undefined ? UNKNOWN : { yes: negated.no, no: negated.yes };
}

/**
 * Audiences by id, as the SDK builds them: `audiences` (JSON-string conditions), then `typedAudiences`
 * winning. Ids are object keys there, so a number id is its decimal text; an entry that is not an
 * object with a string or number id is listed unsupported and not read.
 */
export function audiencesById(audiences: readonly unknown[], typed: readonly unknown[], report: ImportReport): Map<string, { conditions: unknown; pointer: string }> {
  const byId = new Map<string, { conditions: unknown; pointer: string }>();
  const read = (section: string, typedConditions: boolean) => (audience: unknown, i: number) => {
    const at = `/${section}/${i}`;
    if (!isRecord(audience) || (typeof audience.id !== "string" && typeof audience.id !== "number")) {
      report.skip(at, `not an audience (an object with an id and conditions; got ${describeValue(audience)}); experiments naming it find no such audience`);
      return;
    }
    let conditions: unknown = audience.conditions;
    if (!typedConditions && typeof conditions === "string") {
      try {
        conditions = JSON.parse(conditions);
      } catch {
        conditions = undefined;
      }
    }
    byId.set(String(audience.id), { conditions, pointer: `${at}/conditions` });
  };
  audiences.forEach(read("audiences", false));
  typed.forEach(read("typedAudiences", true));
  return byId;
}

/**
 * The Strata condition under which Optimizely lets a user into an experiment with these audience
 * conditions (`audienceConditions`, else `audienceIds`); `true` when there are none. Throws
 * UntranslatableAudience (with a path into the datafile) for what Strata cannot express.
 */
export function audienceCondition(
  audienceConditions: unknown,
  audiences: ReadonlyMap<string, { conditions: unknown; pointer: string }>,
  path: string,
): Cond {
  // The SDK's test: `!conditions || conditions.length === 0` lets everyone in.
  if (!audienceConditions || (audienceConditions as { length?: unknown }).length === 0) return true;
  const cache = new Map<string, Truth>();
  const audience = (reference: unknown, at: string): Truth => {
    // The SDK looks the id up as an object key: a number is its decimal text.
    if (typeof reference !== "string" && typeof reference !== "number") {
      throw new UntranslatableAudience(at, `an audience reference must be an audience id (got ${describeValue(reference)})`);
    }
    const id = String(reference);
    let truth = cache.get(id);
    if (truth === undefined) {
      const found = audiences.get(id);
      if (found === undefined) truth = UNKNOWN; // The SDK treats a missing audience as unknown.
      else if (found.conditions === undefined) throw new UntranslatableAudience(found.pointer, "the audience's conditions are not valid JSON");
      else truth = tree(found.conditions, found.pointer, leaf);
      cache.set(id, truth);
    }
    return truth;
  };
  const admitted = tree(audienceConditions, path, audience).yes;
  if (typeof admitted !== "boolean") {
    // Each leaf fits Strata's limits; the whole condition may still be too deep or too large.
    const problem = checkCondition(admitted as Condition)[0];
    if (problem) throw new UntranslatableAudience(path, `Strata rejects the translated condition at ${JSON.stringify(problem.pointer)}: ${problem.message}`);
  }
  return admitted;
}
