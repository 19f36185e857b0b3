/**
 * The shape check: runs the valibot schema over the snapshot and turns each issue into a
 * problem with a JSON Pointer and the schema's sentence.
 * @module
 */
import * as v from "valibot";
import { toPointer } from "./pointer.ts";
import type { ProblemCollector } from "./problem.ts";
import { ConditionSchema, isLengthIssue, StrataConfigSchema } from "./schema.ts";

/**
 * Reports every shape problem of `value` (conditions are left to `checkCondition`, which says
 * more); `skip` holds pointers already reported as unreadable, so they are not reported twice.
 */
export function checkStructure(value: unknown, out: ProblemCollector, skip: ReadonlySet<string> = new Set()): void {
  const result = v.safeParse(StrataConfigSchema, value, { abortEarly: false, abortPipeEarly: false });
  if (result.success) return;
  for (const issue of result.issues) {
    const path = (issue.path ?? []).map((item) => item.key as string | number);
    // The condition schema only says "not a condition"; rules/conditions.ts reports each problem.
    if (issue.type === "custom" && issue.message === conditionMessage) continue;
    const pointer = toPointer(path);
    if (skip.has(pointer)) continue;
    out.error(pointer, codeOf(issue), issue.message);
  }
}

const conditionMessage = v.safeParse(ConditionSchema, null).issues?.[0]?.message;

function codeOf(issue: v.BaseIssue<unknown>): string {
  if (issue.expected === "never" && issue.type === "strict_object") return "unknown-field";
  if (issue.expected === "never") return "unexpected-entry";
  if (issue.input === undefined) return "missing-field";
  if (issue.type === "max_length" || issue.type === "max_entries" || isLengthIssue(issue)) return "too-large";
  return "invalid-value";
}
