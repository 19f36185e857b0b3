/**
 * The `strata` entry point as a function: picks the command, parses its arguments, runs it and
 * turns every error into a message and an exit code (0 success, 1 failed, 2 usage). A stack
 * trace is printed only with `--debug`.
 * @module
 */
import { closestName, ConfigError, formatProblem } from "@strata/config";
import { parseCommandLine } from "./args.ts";
import { COMMANDS } from "./commands/index.ts";
import type { Command } from "./commands/command.ts";
import { CommandFailed, EXIT, UsageError } from "./errors.ts";
import { commandHelp, mainHelp } from "./help.ts";
import { writeLine, type Io } from "./output.ts";
import { VERSION } from "./version.ts";

/** Runs `strata` with `argv` (the arguments after the program name); resolves to the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const debug = argv.includes("--debug");
  const [first, ...rest] = argv;
  const specs = COMMANDS.map((command) => command.spec);
  if (first === undefined) {
    io.stderr.write(mainHelp(specs, VERSION));
    return EXIT.usage;
  }
  if (first === "--help" || first === "-h") {
    io.stdout.write(mainHelp(specs, VERSION));
    return EXIT.ok;
  }
  if (first === "--version" || first === "-v") {
    writeLine(io.stdout, VERSION);
    return EXIT.ok;
  }
  if (first === "help") return help(rest[0], io);
  const command = COMMANDS.find((candidate) => candidate.spec.name === first);
  if (command === undefined) return usageError(unknownCommand(first), undefined, io);
  try {
    const args = parseCommandLine(command.spec, rest);
    if (args.flag("help")) {
      io.stdout.write(commandHelp(command.spec));
      return EXIT.ok;
    }
    return await command.run(args, io);
  } catch (error) {
    return report(error, command, debug, io);
  }
}

function help(name: string | undefined, io: Io): number {
  if (name === undefined) {
    io.stdout.write(mainHelp(COMMANDS.map((command) => command.spec), VERSION));
    return EXIT.ok;
  }
  const command = COMMANDS.find((candidate) => candidate.spec.name === name);
  if (command === undefined) return usageError(unknownCommand(name), undefined, io);
  io.stdout.write(commandHelp(command.spec));
  return EXIT.ok;
}

function unknownCommand(name: string): string {
  if (name.startsWith("-")) return `${name} is not a command or a global option; the command comes first, e.g. strata validate config.json`;
  const guess = closestName(name, COMMANDS.map((command) => command.spec.name));
  return `unknown command ${JSON.stringify(name)}${guess === undefined ? "" : ` — did you mean "${guess}"?`}`;
}

function usageError(message: string, command: string | undefined, io: Io): number {
  writeLine(io.stderr, `strata${command === undefined ? "" : ` ${command}`}: ${message}`);
  writeLine(io.stderr, command === undefined ? `Run "strata --help" for the commands.` : `Run "strata ${command} --help" for usage.`);
  return EXIT.usage;
}

/** Prints an error the way its kind calls for and returns the exit code. */
function report(error: unknown, command: Command, debug: boolean, io: Io): number {
  const name = command.spec.name;
  if (error instanceof UsageError) {
    if (debug) writeLine(io.stderr, error.stack);
    return usageError(error.message, error.command ?? name, io);
  }
  if (error instanceof CommandFailed) {
    for (const line of error.details) writeLine(io.stderr, line);
    writeLine(io.stderr, `strata ${name}: ${error.message}`);
    if (debug) writeLine(io.stderr, error.stack);
    return EXIT.failed;
  }
  if (error instanceof ConfigError) {
    for (const problem of error.problems) writeLine(io.stderr, formatProblem(problem));
    writeLine(io.stderr, `strata ${name}: the config is invalid`);
    if (debug) writeLine(io.stderr, error.stack);
    return EXIT.failed;
  }
  const message = error instanceof Error ? error.message : String(error);
  writeLine(io.stderr, `strata ${name}: unexpected error: ${message}`);
  if (debug) writeLine(io.stderr, error instanceof Error ? error.stack : String(error));
  else writeLine(io.stderr, "This is a bug in strata; run again with --debug for the stack trace and report it.");
  return EXIT.failed;
}
