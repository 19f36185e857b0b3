/**
 * `conditionsDisjoint`: proves that no request can satisfy two conditions, so their experiments
 * may share buckets of a layer. The proof looks for one attribute that both conditions pin down
 * with `$eq`/`$in` (or literals) to disjoint sets, or that one pins to values the other excludes
 * with `$ne`/`$nin` — through `$and` and through `$or` when every branch constrains the attribute.
 * Anything it cannot prove counts as overlapping.
 * @module
 */
import { isObject, isScalar } from "./operators.ts";
import type { Condition } from "../types.ts";

/** What a condition requires of one attribute: its value is one of `values`, or none of them. */
type Constraint = { readonly kind: "in" | "out"; readonly values: ReadonlySet<unknown> };
type Constraints = Map<string, Constraint>;

/** True only when no attributes can satisfy both conditions; false when unsure, never throws. */
export function conditionsDisjoint(a: Condition | undefined, b: Condition | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  try {
    const left = constraintsOf(a, 0);
    const right = constraintsOf(b, 0);
    for (const [attribute, constraint] of left) {
      if (isEmpty(constraint)) return true;
      const other = right.get(attribute);
      if (other !== undefined && excludes(constraint, other)) return true;
    }
    for (const constraint of right.values()) if (isEmpty(constraint)) return true;
    return false;
  } catch {
    return false;
  }
}

const MAX_DEPTH = 32;

function isEmpty(constraint: Constraint): boolean {
  return constraint.kind === "in" && constraint.values.size === 0;
}

function excludes(a: Constraint, b: Constraint): boolean {
  if (a.kind === "in" && b.kind === "in") return ![...a.values].some((value) => b.values.has(value));
  if (a.kind === "in" && b.kind === "out") return [...a.values].every((value) => b.values.has(value));
  if (a.kind === "out" && b.kind === "in") return [...b.values].every((value) => a.values.has(value));
  return false;
}

/** Both must hold. */
function both(a: Constraint, b: Constraint): Constraint {
  if (a.kind === "in" && b.kind === "in") return { kind: "in", values: new Set([...a.values].filter((v) => b.values.has(v))) };
  if (a.kind === "out" && b.kind === "out") return { kind: "out", values: new Set([...a.values, ...b.values]) };
  const [within, without] = a.kind === "in" ? [a, b] : [b, a];
  return { kind: "in", values: new Set([...within.values].filter((v) => !without.values.has(v))) };
}

/** Either may hold. */
function either(a: Constraint, b: Constraint): Constraint {
  if (a.kind === "in" && b.kind === "in") return { kind: "in", values: new Set([...a.values, ...b.values]) };
  if (a.kind === "out" && b.kind === "out") return { kind: "out", values: new Set([...a.values].filter((v) => b.values.has(v))) };
  const [within, without] = a.kind === "in" ? [a, b] : [b, a];
  return { kind: "out", values: new Set([...without.values].filter((v) => !within.values.has(v))) };
}

function add(into: Constraints, attribute: string, constraint: Constraint): void {
  const existing = into.get(attribute);
  into.set(attribute, existing === undefined ? constraint : both(existing, constraint));
}

function constraintsOf(condition: unknown, depth: number): Constraints {
  const out: Constraints = new Map();
  if (!isObject(condition) || depth > MAX_DEPTH) return out;
  for (const key of Object.keys(condition)) {
    const operand = condition[key];
    if (key === "$and") {
      if (!Array.isArray(operand)) continue;
      for (const member of operand) for (const [attribute, c] of constraintsOf(member, depth + 1)) add(out, attribute, c);
    } else if (key === "$or") {
      if (!Array.isArray(operand) || operand.length === 0) continue;
      const branches = operand.map((member) => constraintsOf(member, depth + 1));
      for (const [attribute, first] of branches[0]!) {
        let merged: Constraint | undefined = first;
        for (const branch of branches.slice(1)) {
          const next = branch.get(attribute);
          merged = next === undefined || merged === undefined ? undefined : either(merged, next);
        }
        if (merged !== undefined) add(out, attribute, merged);
      }
    } else if (!key.startsWith("$")) {
      for (const constraint of attributeConstraints(operand)) add(out, key, constraint);
    }
  }
  return out;
}

function attributeConstraints(operand: unknown): Constraint[] {
  if (isScalar(operand)) return [{ kind: "in", values: new Set([operand]) }];
  if (!isObject(operand)) return [];
  const out: Constraint[] = [];
  for (const key of Object.keys(operand)) {
    const value = operand[key];
    if ((key === "$eq" || key === "$ne") && isScalar(value)) out.push({ kind: key === "$eq" ? "in" : "out", values: new Set([value]) });
    if ((key === "$in" || key === "$nin") && Array.isArray(value) && value.every(isScalar)) {
      out.push({ kind: key === "$in" ? "in" : "out", values: new Set(value) });
    }
  }
  return out;
}
