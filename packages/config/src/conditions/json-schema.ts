/**
 * The condition language as JSON Schema (draft-07) definitions, for `schema.json`: editors
 * autocomplete operators and flag wrong operand types. It accepts exactly what
 * `isConditionShape` accepts; depth and size limits and the regex analysis are `validate`'s.
 * @module
 */
import { FORBIDDEN_KEYS } from "../forbidden-keys.ts";
import { LIMITS } from "../limits.ts";
import { REGEX_OPTIONS, SEMVER_OPERATORS } from "./operators.ts";
import { SEMVER_PATTERN } from "./semver.ts";

/** A JSON Schema object (the subset this package writes). */
export type JsonSchemaObject = { readonly [keyword: string]: unknown };

const ref = (name: string) => ({ $ref: `#/definitions/${name}` });

/** The definitions `condition`, `conditionTest`, `conditionOperators`, `conditionScalar` and `conditionSemver`. */
export function conditionDefinitions(): Record<string, JsonSchemaObject> {
  const scalar = ref("conditionScalar");
  const list = { type: "array", minItems: 1, maxItems: LIMITS.conditionValues, items: scalar };
  const ordered = { type: ["number", "string"], maxLength: LIMITS.stringLength };
  const version = { type: "string", maxLength: LIMITS.idLength, pattern: SEMVER_PATTERN };
  return {
    condition: {
      description:
        'Targeting: every key must hold. Attribute names map to a value (equality) or operators; "$and"/"$or" take lists of conditions, "$not" a condition.',
      type: "object",
      propertyNames: { maxLength: LIMITS.idLength, not: { enum: [...FORBIDDEN_KEYS] } },
      properties: {
        $and: { description: "All of these conditions.", type: "array", minItems: 1, items: ref("condition") },
        $or: { description: "At least one of these conditions.", type: "array", minItems: 1, items: ref("condition") },
        $not: { description: "This condition must not hold.", allOf: [ref("condition")] },
      },
      patternProperties: { "^[^$]": ref("conditionTest") },
      additionalProperties: false,
    },
    conditionTest: {
      description: 'A value the attribute must equal, or operators such as { "$in": ["DE", "FR"] }.',
      anyOf: [scalar, ref("conditionOperators")],
    },
    conditionScalar: { type: ["string", "number", "boolean", "null"], maxLength: LIMITS.stringLength },
    conditionOperators: {
      type: "object",
      minProperties: 1,
      properties: {
        $eq: { description: "Equal to this value.", allOf: [scalar] },
        $ne: { description: "Missing or not equal to this value.", allOf: [scalar] },
        $in: { description: "One of these values.", ...list },
        $nin: { description: "Missing or none of these values.", ...list },
        $gt: { description: "Greater than (numbers with numbers, strings with strings).", ...ordered },
        $gte: { description: "Greater than or equal.", ...ordered },
        $lt: { description: "Less than.", ...ordered },
        $lte: { description: "Less than or equal.", ...ordered },
        $exists: { description: "Whether the attribute is present.", type: "boolean" },
        $regex: { description: "A safe regular expression the string attribute matches.", type: "string", maxLength: LIMITS.regexLength },
        $options: { description: 'Regex flags: "i", "m", "s".', enum: [...REGEX_OPTIONS] },
        $semver: { description: 'Semantic-version comparisons, e.g. { "$gte": "2.1.0" }.', allOf: [ref("conditionSemver")] },
        $not: { description: "These operators must not all hold.", allOf: [ref("conditionOperators")] },
      },
      additionalProperties: false,
      dependencies: { $options: ["$regex"] },
    },
    conditionSemver: {
      type: "object",
      minProperties: 1,
      properties: Object.fromEntries(SEMVER_OPERATORS.map((op) => [op, version])),
      additionalProperties: false,
    },
  };
}
