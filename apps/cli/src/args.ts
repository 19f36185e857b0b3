/**
 * Command-line parsing on node:util `parseArgs`, with the messages a person needs: an unknown
 * option names the closest known one, a missing value shows the expected form, an option given
 * twice is an error rather than silently overwritten, and a missing positional says what it is.
 * @module
 */
import { parseArgs } from "node:util";
import { UsageError } from "./errors.ts";
import { closestName } from "@strata/config";

/** One option of a command. */
export interface OptionSpec {
  /** `string` options take a value; `boolean` options are flags. */
  readonly type: "string" | "boolean";
  /** A one-letter alias, e.g. `o` for `--out`. */
  readonly short?: string;
  /** True when the option may be repeated (values are collected in order). */
  readonly multiple?: boolean;
  /** The value's placeholder in help, e.g. `<id>`. */
  readonly value?: string;
  /** What the option does, one line. */
  readonly description: string;
}

/** One positional argument of a command. */
export interface PositionalSpec {
  /** Its name in usage lines, e.g. `config`. */
  readonly name: string;
  /** What it is, one line. */
  readonly description: string;
  /** True when it may be left out. */
  readonly optional?: boolean;
}

/** What a command accepts and how its help reads. */
export interface CommandSpec {
  /** The command name, e.g. `assign`. */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Usage lines without the leading `strata `. */
  readonly usage: readonly string[];
  /** A paragraph or two for `--help`. */
  readonly description?: string;
  /** Positional arguments in order. */
  readonly positionals: readonly PositionalSpec[];
  /** Options by long name. */
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Example invocations without the leading `strata ` (a pipeline, which does not start with the command name, is printed as written). */
  readonly examples?: readonly string[];
  /** What each exit code means for this command. */
  readonly exitCodes: readonly string[];
}

/** Options every command accepts. */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = Object.freeze({
  help: { type: "boolean", short: "h", description: "show this help and exit" },
  debug: { type: "boolean", description: "print stack traces of errors" },
});

type RawValue = string | boolean | (string | boolean)[] | undefined;

/** Parsed arguments with typed accessors. */
export class ParsedArgs {
  /** The command these arguments are for. */
  readonly command: string;
  /** Positional arguments in order. */
  readonly positionals: readonly string[];
  private readonly values: Readonly<Record<string, RawValue>>;

  /** Wraps values parsed for `command`. */
  constructor(command: string, values: Readonly<Record<string, RawValue>>, positionals: readonly string[]) {
    this.command = command;
    this.values = values;
    this.positionals = positionals;
  }

  /** The value of a string option, or undefined when it was not given. */
  string(name: string): string | undefined {
    const value = this.values[name];
    return typeof value === "string" ? value : undefined;
  }

  /** The value of a string option that must be given; throws a UsageError naming it otherwise. */
  required(name: string, hint: string): string {
    const value = this.string(name);
    if (value === undefined) throw new UsageError(`missing --${name}: ${hint}`, this.command);
    return value;
  }

  /** True when a flag was given. */
  flag(name: string): boolean {
    return this.values[name] === true;
  }

  /** Every value of a repeatable option, in order (empty when not given). */
  list(name: string): string[] {
    const value = this.values[name];
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
  }

  /** True when the option was given at all. */
  has(name: string): boolean {
    return this.values[name] !== undefined;
  }
}

/** Parses `argv` (the arguments after the command name) against `spec`; throws UsageError with a fix. */
export function parseCommandLine(spec: CommandSpec, argv: readonly string[]): ParsedArgs {
  const options = { ...spec.options, ...GLOBAL_OPTIONS };
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true; strict: true; tokens: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError(describeParseError(error, spec, options), spec.name);
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== "option") continue;
    if (token.value?.includes("\uFFFD")) {
      // Node turns argument bytes that are not UTF-8 into U+FFFD: two different ids would become one.
      throw new UsageError(
        `--${token.name} holds the character U+FFFD, which is what bytes that are not UTF-8 become: two different values would read the same. Pass it as UTF-8 (a shell in a UTF-8 locale, or $'\\u00e9' in bash), or put ids in a --units file, which names a bad byte's line`,
        spec.name,
      );
    }
    const option = options[token.name];
    if (option?.multiple === true) continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} was given twice; give it once`, spec.name);
    seen.add(token.name);
  }
  const args = new ParsedArgs(spec.name, parsed.values as Record<string, RawValue>, parsed.positionals);
  if (args.flag("help")) return args;
  const required = spec.positionals.filter((positional) => positional.optional !== true);
  if (parsed.positionals.length > spec.positionals.length) {
    const extra = parsed.positionals[spec.positionals.length] as string;
    const hint = extra.startsWith("-") && extra !== "-" ? ` (an option's value? write it as --option=${extra})` : "";
    throw new UsageError(`unexpected argument ${JSON.stringify(extra)}${hint}`, spec.name);
  }
  const missing = required[parsed.positionals.length];
  if (missing !== undefined) throw new UsageError(`missing <${missing.name}>: ${missing.description}`, spec.name);
  return args;
}

/** Rewrites a parseArgs error into a sentence that names the option and the fix. */
function describeParseError(error: unknown, spec: CommandSpec, options: Readonly<Record<string, OptionSpec>>): string {
  const code = (error as { code?: string } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const named = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? "";
  const name = named.replace(/^-+/, "");
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const guess = closestName(name, Object.keys(options));
    return `unknown option ${named} for "strata ${spec.name}"${guess === undefined ? "" : ` — did you mean --${guess}?`}`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const long = Object.entries(options).find(([key, option]) => key === name || option.short === name);
    if (long !== undefined && long[1].type === "boolean") return `--${long[0]} is a flag and takes no value`;
    if (long !== undefined) {
      if (message.includes("ambiguous")) return `--${long[0]} needs a value, e.g. --${long[0]} ${long[1].value ?? "<value>"} (for a value starting with "-" write --${long[0]}=VALUE)`;
      return `--${long[0]} needs a value, e.g. --${long[0]} ${long[1].value ?? "<value>"}`;
    }
  }
  return message;
}

/** Digits, or digits grouped in threes by one kind of separator: `20000`, `20,000`, `1_000_000`. */
const WHOLE_NUMBER = /^(?:\d+|\d{1,3}(?:,\d{3})+|\d{1,3}(?:_\d{3})+)$/;

/** Parses a whole number option such as `--units 20000` (grouped in threes by commas or underscores: `1_000_000`); throws a UsageError naming it. */
export function wholeNumber(text: string, option: string, command: string, min: number, max: number): number {
  if (!WHOLE_NUMBER.test(text)) {
    throw new UsageError(
      `--${option} must be a whole number written as digits, optionally grouped in threes by "," or "_" (e.g. 20000, 20,000 or 20_000), from ${min.toLocaleString("en-US")} to ${max.toLocaleString("en-US")} (got ${JSON.stringify(text)})`,
      command,
    );
  }
  const value = Number(text.replace(/[_,]/g, ""));
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${option} must be a whole number from ${min.toLocaleString("en-US")} to ${max.toLocaleString("en-US")} (got ${JSON.stringify(text)})`, command);
  }
  return value;
}
