/**
 * An output file must not be one of the command's inputs: `report c.json --out c.json` would
 * replace the config with HTML. The same path counts, and so does the same file reached through
 * a symbolic or hard link (the same device and inode).
 * @module
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { UsageError } from "./errors.ts";

/** A file the command reads, as the user named it. */
export interface InputFile {
  /** The name as given (`-` for stdin, which is never a file to compare). */
  readonly name: string;
  /** What it is, for the message, e.g. `the config` or `the --units file`. */
  readonly what: string;
}

/** An output file, as the user named it. */
export interface OutputFile {
  /** The option that names it, e.g. `--out`. */
  readonly option: string;
  /** The name as given. */
  readonly name: string;
  /** What is written there, e.g. `the report`. */
  readonly what: string;
}

/** Throws a UsageError naming the option and the input when `output` is the file of one of `inputs` (relative names start at `cwd`). */
export async function refuseInputAsOutput(output: OutputFile, inputs: readonly InputFile[], cwd: string, command: string): Promise<void> {
  const target = resolve(cwd, output.name);
  const written = await identity(target);
  if (written === undefined) return; // a new file cannot be an input
  for (const input of inputs) {
    if (input.name === "-") continue;
    const source = resolve(cwd, input.name);
    if ((await identity(source)) !== written) continue;
    const link = source === target ? "" : " (the same file, through a link)";
    throw new UsageError(
      `${output.option} ${JSON.stringify(output.name)} is ${input.what} ${JSON.stringify(input.name)}${link}: writing ${output.what} there would replace it — name another file for ${output.option}`,
      command,
    );
  }
}

/** The device and inode of the file at `path` (links followed), or undefined when it cannot be read (it does not exist yet). */
async function identity(path: string): Promise<string | undefined> {
  try {
    const status = await stat(path, { bigint: true });
    return `${status.dev}:${status.ino}`;
  } catch {
    return undefined;
  }
}
