/**
 * Targeting conditions in words for the report: `country in DE, FR, NL`, `age ≥ 18`,
 * `plan = "pro" and beta`; anything unusual falls back to compact JSON.
 * @module
 */
import type { Condition } from "@strata/config";

const OPERATORS: Readonly<Record<string, string>> = { $eq: "=", $ne: "≠", $gt: ">", $gte: "≥", $lt: "<", $lte: "≤", $regex: "matches" };

/** A condition as a short phrase. */
export function describeCondition(condition: Condition): string {
  const parts = Object.entries(condition).map(([key, value]) => describeEntry(key, value));
  return parts.join(" and ");
}

function describeEntry(key: string, value: unknown): string {
  if (key === "$and" && Array.isArray(value)) return value.map((item) => describeCondition(item as Condition)).join(" and ");
  if (key === "$or" && Array.isArray(value)) return `(${value.map((item) => describeCondition(item as Condition)).join(" or ")})`;
  if (key === "$not" && isObject(value)) return `not (${describeCondition(value as Condition)})`;
  if (!isObject(value)) return `${key} = ${show(value)}`;
  return Object.entries(value)
    .map(([operator, operand]) => {
      if (operator === "$in" && Array.isArray(operand)) return `${key} in ${operand.map(show).join(", ")}`;
      if (operator === "$nin" && Array.isArray(operand)) return `${key} not in ${operand.map(show).join(", ")}`;
      if (operator === "$exists") return operand === false ? `no ${key}` : `has ${key}`;
      const symbol = OPERATORS[operator];
      return symbol === undefined ? `${key} ${operator} ${JSON.stringify(operand)}` : `${key} ${symbol} ${show(operand)}`;
    })
    .join(" and ");
}

function show(value: unknown): string {
  return typeof value === "string" && /^[\w.-]+$/.test(value) ? value : JSON.stringify(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
