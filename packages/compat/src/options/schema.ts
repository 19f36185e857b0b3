/**
 * Turns a compat segmenter's checking function into a Standard Schema (so no schema library is
 * needed) and re-runs it inside `create`, so a direct `create` call is verified too.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { formatPath, SegmenterOptionsError } from "@strata/segmenters";
import { OptionsChecker } from "./checker.ts";

/** A checking function: reports issues to the checker and returns the checked value (ignored when issues were reported). */
export type CheckOptions<Checked> = (value: unknown, checker: OptionsChecker) => Checked | undefined;

/** A compat segmenter's options schema plus the fully checked form its `create` works from. */
export interface CompatSchema<Options, Checked> extends StandardSchemaV1<Options, Options> {
  /** Checks `value` and returns its checked form; throws SegmenterOptionsError naming `experimentId`. */
  readonly verify: (value: unknown, experimentId: string) => Checked;
}

/** A Standard Schema (vendor "strata-compat") whose output is the input, validated by `check`. */
export function compatSchema<Options, Checked>(check: CheckOptions<Checked>): CompatSchema<Options, Checked> {
  const run = (value: unknown) => {
    const checker = new OptionsChecker();
    const checked = check(value, checker);
    return { checker, checked };
  };
  return {
    "~standard": {
      version: 1,
      vendor: "strata-compat",
      validate(value) {
        const { checker } = run(value);
        return checker.issues.length > 0 ? { issues: checker.issues } : { value: value as Options };
      },
    },
    verify(value, experimentId) {
      const { checker, checked } = run(value);
      if (checker.issues.length > 0 || checked === undefined) {
        const issues = checker.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
        throw new SegmenterOptionsError(experimentId, issues.length > 0 ? issues : [{ path: "", message: "invalid options" }]);
      }
      return checked;
    },
  };
}
