/**
 * The command line of `pnpm bench` (src/run-all.ts): `--only name,name`, `--skip name,name`,
 * `--json`. A leading `--` is dropped: pnpm hands it through in
 * `pnpm --filter @strata/bench bench -- --skip express`, so that form and the one without `--` both work.
 * @module
 */
import { parseArgs } from "node:util";

/** How `pnpm bench` is called, appended to every command-line error. */
export const RUN_ALL_USAGE = "usage: pnpm --filter @strata/bench bench [--only name,name] [--skip name,name] [--json]";

/** What the command line asks `pnpm bench` to do; `only` empty means every step. */
export interface RunAllArgs {
  readonly only: readonly string[];
  readonly skip: readonly string[];
  readonly json: boolean;
}

/** Parses `pnpm bench`'s arguments (without node and the script); throws an Error naming the argument and the fix. */
export function parseRunAllArgs(argv: readonly string[]): RunAllArgs {
  const args = argv[0] === "--" ? argv.slice(1) : [...argv];
  let values: { only?: string; skip?: string; json?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { only: { type: "string" }, skip: { type: "string" }, json: { type: "boolean", default: false } }, strict: true, allowPositionals: false }));
  } catch (error) {
    const positional = (error as { code?: string }).code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL" ? " (steps are chosen with --only or --skip, and at most one leading -- is dropped)" : "";
    throw new Error(`${(error as Error).message}${positional}; ${RUN_ALL_USAGE}`);
  }
  return { only: stepNames("--only", values.only), skip: stepNames("--skip", values.skip), json: values.json ?? false };
}

/** The comma-separated step names of one option; an empty list is an error, since `--only ""` would otherwise run every step. */
function stepNames(option: string, value: string | undefined): string[] {
  if (value === undefined) return [];
  const names = value.split(",").map((name) => name.trim()).filter(Boolean);
  if (names.length === 0) throw new Error(`${option} names no step; give at least one step name (e.g. ${option} suite) or leave ${option} out; ${RUN_ALL_USAGE}`);
  return names;
}
