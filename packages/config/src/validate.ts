/**
 * `validate`: checks a whole config document and returns every problem at once, each with its
 * JSON Pointer and a sentence a person can act on. Never throws, whatever it is given.
 *
 * Three passes: the input is copied into a frozen plain-JSON snapshot (hostile keys, depth and
 * size limits), the shape is checked (the same rules as `schema.json`), then the semantic rules
 * run (unique ids, ranges, overlaps, parameter ownership, units, salts, schedules, conditions,
 * forced units, segmenter options).
 * @module
 */
import type { SegmenterFactory } from "@strata/segmenters";
import { readInput } from "./input.ts";
import { parsePointer } from "./pointer.ts";
import { ProblemCollector, type Problem } from "./problem.ts";
import { RULES } from "./rules/index.ts";
import { segmenterRegistry, type SegmenterRegistry } from "./segmenters.ts";
import { checkStructure } from "./structure.ts";
import type { StrataConfig } from "./types.ts";

/** Options of `validate`. */
export interface ValidateOptions {
  /** Third-party segmenter factories, in addition to the built-ins (one of the same type replaces the built-in). */
  readonly segmenters?: readonly SegmenterFactory<any>[];
}

/** What `validate` returns. */
export interface ValidationResult {
  /** True when there is no error. */
  readonly ok: boolean;
  /** Every error, in document order. */
  readonly errors: readonly Problem[];
  /** The validated config — a frozen plain copy of the input — when `ok`. */
  readonly config?: StrataConfig;
}

/** Validates a config document (parsed JSON); returns every problem at once and never throws. */
export function validate(json: unknown, options: ValidateOptions = {}): ValidationResult {
  try {
    const { value, errors } = inspect(json, segmenterRegistry(options.segmenters ?? []));
    const ok = errors.length === 0;
    return ok ? { ok, errors, config: value as StrataConfig } : { ok, errors };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      errors: [
        {
          pointer: "",
          code: "internal-error",
          severity: "error",
          message: `the config could not be validated because of a bug in @strata/config (${reason}) — please report it with the config`,
        },
      ],
    };
  }
}

/** The snapshot of `json` (undefined when it could not be read completely) and every error, in document order. */
export function inspect(json: unknown, segmenters: SegmenterRegistry): { readonly value: unknown; readonly complete: boolean; readonly errors: Problem[] } {
  const out = new ProblemCollector();
  const { value, complete } = readInput(json, out);
  if (complete) {
    const unreadable = new Set(out.problems.filter((problem) => problem.code === "not-json").map((problem) => problem.pointer));
    checkStructure(value, out, unreadable);
    runRules(value as StrataConfig, out, segmenters);
  }
  return { value, complete, errors: sortByDocumentOrder(out.problems, value) };
}

/** Runs every semantic rule on a snapshot (used by `validate` and `lint`); a rule tripping over a malformed shape is skipped. */
export function runRules(config: StrataConfig, out: ProblemCollector, segmenters: SegmenterRegistry): void {
  const shapeProblems = out.hasErrors;
  for (const rule of RULES) {
    try {
      rule({ config, out, segmenters });
    } catch (error) {
      // With shape errors reported, a rule may meet data it cannot read; those errors say why.
      if (shapeProblems) continue;
      const reason = error instanceof Error ? error.message : String(error);
      out.error("", "internal-error", `the rule ${rule.name} failed because of a bug in @strata/config (${reason}) — please report it with the config`);
    }
  }
}

/** Sorts problems by where they point in `document` (object keys in their written order), keeping the order of problems at one place. */
export function sortByDocumentOrder(problems: readonly Problem[], document: unknown): Problem[] {
  const paths = new Map<string, number[]>();
  const positions = (pointer: string): number[] => {
    let known = paths.get(pointer);
    if (known !== undefined) return known;
    known = [];
    let node: unknown = document;
    for (const token of parsePointer(pointer)) {
      if (Array.isArray(node)) {
        known.push(Number(token));
        node = node[Number(token)];
      } else if (typeof node === "object" && node !== null) {
        const index = Object.keys(node).indexOf(token);
        known.push(index < 0 ? Number.MAX_SAFE_INTEGER : index);
        node = (node as Record<string, unknown>)[token];
      } else {
        known.push(Number.MAX_SAFE_INTEGER);
        node = undefined;
      }
    }
    paths.set(pointer, known);
    return known;
  };
  return problems
    .map((problem, order) => ({ problem, order, at: positions(problem.pointer) }))
    .sort((a, b) => {
      const length = Math.min(a.at.length, b.at.length);
      for (let i = 0; i < length; i++) if (a.at[i] !== b.at[i]) return a.at[i]! - b.at[i]!;
      return a.at.length - b.at.length || a.order - b.order;
    })
    .map(({ problem }) => problem);
}
