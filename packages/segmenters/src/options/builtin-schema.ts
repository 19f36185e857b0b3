/**
 * Turns a segmenter's checking function into a Standard Schema (so the built-ins, and any
 * segmenter written the same way, need no schema library) and re-runs it inside `create`, so a
 * direct `create` call is verified too.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { SegmenterOptionsError } from "../errors.ts";
import { formatPath } from "../path.ts";
import { OptionsChecker, type OptionsCheckerSettings } from "./checker.ts";

/** A checking function: reports issues to the checker and returns the checked value (ignored when issues were reported). */
export type CheckOptions<Checked> = (value: unknown, checker: OptionsChecker) => Checked | undefined;

/** A segmenter's options schema plus the fully checked form its `create` works from. */
export interface CheckedOptionsSchema<Options, Checked> extends StandardSchemaV1<Options, Options> {
  /** Checks `value` and returns its checked form; throws SegmenterOptionsError naming `experimentId`. */
  readonly verify: (value: unknown, experimentId: string) => Checked;
}

/** How `checkedOptionsSchema` builds its schema: the checker's settings and the schema's vendor. */
export interface CheckedOptionsSchemaSettings extends OptionsCheckerSettings {
  /** The Standard Schema vendor name (default "strata"). */
  readonly vendor?: string;
}

/** A Standard Schema (vendor "strata" unless set) whose output is the input, validated by `check`. */
export function checkedOptionsSchema<Options, Checked>(
  check: CheckOptions<Checked>,
  settings: CheckedOptionsSchemaSettings = {},
): CheckedOptionsSchema<Options, Checked> {
  const { vendor = "strata", ...checkerSettings } = settings;
  const run = (value: unknown) => {
    const checker = new OptionsChecker(checkerSettings);
    const checked = check(value, checker);
    return { checker, checked };
  };
  return {
    "~standard": {
      version: 1,
      vendor,
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
