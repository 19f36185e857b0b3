/**
 * Help text: the command list for `strata --help` and the page of one command for
 * `strata <command> --help`, both generated from the command specs so they never drift.
 * @module
 */
import { GLOBAL_OPTIONS, type CommandSpec, type OptionSpec } from "./args.ts";

/** The help page of one command. */
export function commandHelp(spec: CommandSpec): string {
  const lines = [`strata ${spec.name} — ${spec.summary}`, "", "Usage:"];
  for (const usage of spec.usage) lines.push(`  strata ${usage}`);
  if (spec.description !== undefined) lines.push("", ...spec.description.split("\n"));
  if (spec.positionals.length > 0) {
    lines.push("", "Arguments:");
    lines.push(...columns(spec.positionals.map((positional) => [`<${positional.name}>`, positional.description] as const)));
  }
  lines.push("", "Options:");
  lines.push(...columns(Object.entries({ ...spec.options, ...GLOBAL_OPTIONS }).map(([name, option]) => [optionLabel(name, option), option.description] as const)));
  if (spec.examples !== undefined && spec.examples.length > 0) {
    lines.push("", "Examples:");
    // An example is the command line after "strata", unless it is a pipeline that names strata itself.
    for (const example of spec.examples) lines.push(example.startsWith(`${spec.name} `) ? `  strata ${example}` : `  ${example}`);
  }
  lines.push("", "Exit codes:", ...spec.exitCodes.map((code) => `  ${code}`));
  return `${lines.join("\n")}\n`;
}

/** The top-level help: every command with its summary. */
export function mainHelp(specs: readonly CommandSpec[], version: string): string {
  const lines = [
    `strata ${version} — check, simulate and explain Strata experiment configs`,
    "",
    "Usage:",
    "  strata <command> [arguments] [options]",
    "  strata <command> --help",
    "",
    "Commands:",
    ...columns(specs.map((spec) => [spec.name, spec.summary] as const)),
    "",
    "Options:",
    ...columns([
      ["-h, --help", "show help (of a command when given after it)"],
      ["--version", "print the version"],
      ["--debug", "print stack traces of errors"],
    ] as const),
    "",
    "Exit codes: 0 success, 1 invalid config or failed check, 2 usage error.",
  ];
  return `${lines.join("\n")}\n`;
}

function optionLabel(name: string, option: OptionSpec): string {
  const short = option.short === undefined ? "    " : `-${option.short}, `;
  const value = option.type === "string" ? ` ${option.value ?? "<value>"}` : "";
  return `${short}--${name}${value}${option.multiple === true ? " …" : ""}`;
}

/** Two aligned columns, indented by two spaces. */
function columns(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}
