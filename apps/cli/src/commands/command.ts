/**
 * The shape of a command: its spec (arguments, options, help) and `run`, which returns the exit code.
 * @module
 */
import type { CommandSpec, ParsedArgs } from "../args.ts";
import type { Io } from "../output.ts";

/** One `strata` subcommand. */
export interface Command {
  /** Arguments, options and help text. */
  readonly spec: CommandSpec;
  /** Runs the command; resolves to the exit code, throws UsageError or CommandFailed. */
  run(args: ParsedArgs, io: Io): Promise<number>;
}

/** The `<config>` positional every command but `hash` takes. */
export const CONFIG_ARGUMENT = { name: "config", description: "the config JSON file (- reads it from stdin)" } as const;
