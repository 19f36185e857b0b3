/**
 * `lint`: advice about a config, kept apart from its errors. Errors are what `validate` reports
 * (shared salts, overlapping slots, orphan parameters…); warnings flag configs that are valid but
 * probably not what you meant: no control group, stopped experiments holding buckets, layers
 * more than 90% allocated, experiments with no buckets, parameters no experiment sets, groups the
 * segmenter never assigns.
 * @module
 */
import { experimentsWithoutBuckets } from "./lint/no-buckets.ts";
import { missingControl } from "./lint/control-group.ts";
import { nearlyFullLayers } from "./lint/layer-full.ts";
import { stoppedHoldingBuckets } from "./lint/stopped-buckets.ts";
import { unreachableGroups } from "./lint/unreachable-group.ts";
import { unusedParams } from "./lint/unused-params.ts";
import { ProblemCollector, type Problem } from "./problem.ts";
import type { Rule } from "./rules/context.ts";
import { segmenterRegistry } from "./segmenters.ts";
import type { StrataConfig } from "./types.ts";
import { inspect, sortByDocumentOrder, type ValidateOptions } from "./validate.ts";

/** Options of `lint`: the same segmenters as `validate`. */
export type LintOptions = ValidateOptions;

/** What `lint` returns: errors (the config is invalid) and warnings (it is valid but suspicious). */
export interface LintResult {
  /** The errors `validate` reports. */
  readonly errors: readonly Problem[];
  /** Advice, each with severity `warning`. */
  readonly warnings: readonly Problem[];
}

/** Every lint rule, each reporting warnings. */
export const LINT_RULES: readonly Rule[] = [
  missingControl,
  stoppedHoldingBuckets,
  nearlyFullLayers,
  experimentsWithoutBuckets,
  unusedParams,
  unreachableGroups,
];

/** Lints a config: its errors and its warnings, each with a JSON Pointer; never throws. */
export function lint(config: unknown, options: LintOptions = {}): LintResult {
  try {
    const segmenters = segmenterRegistry(options.segmenters ?? []);
    const { value, complete, errors } = inspect(config, segmenters);
    if (!complete) return { errors, warnings: [] };
    const out = new ProblemCollector();
    for (const rule of LINT_RULES) {
      try {
        rule({ config: value as StrataConfig, out, segmenters });
      } catch {
        // A lint rule that meets a malformed document gives no advice; the errors say what is wrong.
      }
    }
    return { errors, warnings: sortByDocumentOrder(out.problems, value) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      errors: [{ pointer: "", code: "internal-error", severity: "error", message: `the config could not be linted because of a bug in @strata/config (${reason})` }],
      warnings: [],
    };
  }
}
