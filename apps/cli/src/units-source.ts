/**
 * Unit ids from a file or stdin (`-`), one per line, read as a stream: a million ids use the
 * memory of one line. Blank lines are skipped, surrounding ASCII spaces and tabs (and a Windows
 * `\r`) trimmed; every other character is part of the id, Unicode spaces included, as with
 * `--unit`. The ids must be UTF-8 (other bytes are an error naming the line, never a replacement
 * character).
 * @module
 */
import { open } from "node:fs/promises";
import { resolve } from "node:path";
import type { Readable } from "node:stream";
import { CommandFailed, UsageError } from "./errors.ts";
import { describeFsError } from "./fs-errors.ts";
import type { Io } from "./output.ts";
import { utf8Lines } from "./utf8-lines.ts";

/**
 * Opens the unit source; throws a UsageError now (before any output) when the file cannot be
 * read, and (with `atLeastOne`) once it is read through, when it held no id: a check of no units
 * proves nothing.
 */
export async function openUnits(name: string, io: Io, command: string, atLeastOne = false): Promise<AsyncIterable<string>> {
  let input: Readable;
  if (name === "-") {
    input = io.stdin;
  } else {
    const path = resolve(io.cwd, name);
    try {
      const handle = await open(path, "r");
      if ((await handle.stat()).isDirectory()) {
        await handle.close();
        throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
      }
      input = handle.createReadStream({ autoClose: true });
    } catch (error) {
      throw new UsageError(`--units ${name}: cannot read the file: ${describeFsError(error)}`, command);
    }
  }
  return unitLines(input, name, atLeastOne ? command : undefined);
}

/** `line` without surrounding ASCII spaces, tabs and carriage returns. */
function trimAscii(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && isAsciiBlank(line.charCodeAt(start))) start++;
  while (end > start && isAsciiBlank(line.charCodeAt(end - 1))) end--;
  return start === 0 && end === line.length ? line : line.slice(start, end);
}

function isAsciiBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

async function* unitLines(input: Readable, name: string, requiredBy: string | undefined): AsyncGenerator<string> {
  const source = name === "-" ? "stdin" : name;
  let number = 0;
  let ids = 0;
  for await (const lines of utf8Lines(input as AsyncIterable<Uint8Array | string>, source)) {
    for (const line of lines) {
      number++;
      // A byte order mark (Notepad, PowerShell) is no part of the first id.
      const id = trimAscii(number === 1 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line);
      if (id === "") continue;
      if (id.includes("\t")) {
        throw new CommandFailed(`${source}:${number}: a unit id cannot contain a tab (the TSV output would be ambiguous) — one id per line`);
      }
      ids++;
      yield id;
    }
  }
  if (ids === 0 && requiredBy !== undefined) {
    throw new UsageError(`--units ${name}: ${source} holds no unit id (blank lines are skipped): give one id per line, or --units N for N synthetic units`, requiredBy);
  }
}
