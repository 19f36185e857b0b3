/**
 * `ConfigError`: for callers that would rather throw than inspect `validate`'s result.
 * @module
 */
import { formatProblem, type Problem } from "./problem.ts";

/** An invalid config; `problems` holds every problem and the message lists them all, one per line. */
export class ConfigError extends Error {
  /** Every problem found, errors first. */
  readonly problems: readonly Problem[];

  /** Creates the error from the problems `validate` (or `lint`) reported. */
  constructor(problems: readonly Problem[], options?: { cause?: unknown }) {
    const errors = problems.filter((problem) => problem.severity === "error");
    const count = errors.length === 1 ? "1 error" : `${errors.length} errors`;
    super(`invalid Strata config (${count}):\n${problems.map((problem) => `  ${formatProblem(problem)}`).join("\n")}`, options);
    this.name = "ConfigError";
    this.problems = [...errors, ...problems.filter((problem) => problem.severity !== "error")];
  }
}
