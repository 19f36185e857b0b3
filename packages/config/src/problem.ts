/**
 * Problems: what `validate` and `lint` report. Each has a JSON Pointer, a sentence a person can
 * act on, a severity and a stable code that tools can match on.
 * @module
 */
import { displayPointer, type JsonPointer } from "./pointer.ts";

/** How bad a problem is: errors make a config invalid, warnings do not. */
export type Severity = "error" | "warning";

/** One thing wrong with a config. */
export interface Problem {
  /** Where: a JSON Pointer into the document (`""` is the whole document). */
  readonly pointer: JsonPointer;
  /** What is wrong and how to fix it, as a sentence. */
  readonly message: string;
  /** `error` makes the config invalid; `warning` is advice from `lint`. */
  readonly severity: Severity;
  /** A stable kebab-case code such as `shared-salt` (see the README for the list). */
  readonly code: string;
}

/** One problem as the CLI prints it: `/domain/layers/0/id: message`. */
export function formatProblem(problem: Problem): string {
  return `${displayPointer(problem.pointer)}: ${problem.message}`;
}

/** Collects problems while rules run; a rule reports and moves on, it never throws. */
export class ProblemCollector {
  /** Every problem reported so far, in the order reported. */
  readonly problems: Problem[] = [];
  private readonly seen = new Set<string>();

  /** Reports an error at `pointer` (a second identical report at the same place is dropped). */
  error(pointer: JsonPointer, code: string, message: string): void {
    this.add({ pointer, message, severity: "error", code });
  }

  /** Reports a warning at `pointer`. */
  warn(pointer: JsonPointer, code: string, message: string): void {
    this.add({ pointer, message, severity: "warning", code });
  }

  /** Adds a problem unless the same code was already reported at the same pointer with the same message. */
  add(problem: Problem): void {
    const key = `${problem.severity}\u0000${problem.code}\u0000${problem.pointer}\u0000${problem.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.problems.push(problem);
  }

  /** True when at least one error was reported. */
  get hasErrors(): boolean {
    return this.problems.some((problem) => problem.severity === "error");
  }
}
