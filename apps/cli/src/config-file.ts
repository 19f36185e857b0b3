/**
 * Reading a config: the file (or stdin for `-`) as text, the text as JSON with a line and column
 * for syntax errors, and the JSON validated by @strata/config. A file that cannot be read is a
 * usage error (exit 2); a file that is not UTF-8 or not a valid config is a failure (exit 1).
 * @module
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { formatProblem, validate, type Problem, type StrataConfig } from "@strata/config";
import { CommandFailed, UsageError } from "./errors.ts";
import { describeFsError } from "./fs-errors.ts";
import type { Io } from "./output.ts";
import { findDuplicateKey } from "./json-duplicate-keys.ts";
import { findJsonSyntaxError, type JsonSyntaxError } from "./json-syntax-error.ts";
import { EXTRA_SEGMENTERS } from "./segmenter-registry.ts";
import { decodeUtf8 } from "./strict-utf8.ts";

/** A config file that parsed and validated. */
export interface LoadedConfig {
  /** The path as the user gave it (`-` for stdin), for messages. */
  readonly name: string;
  /** The absolute path, or undefined for stdin. */
  readonly path: string | undefined;
  /** The validated config. */
  readonly config: StrataConfig;
  /** The text it was read from, so a change can be written into it (`allocate --write`). */
  readonly text: string;
}

/** The result of parsing a file as JSON. */
export type ParsedJson = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: Problem };

/**
 * Reads a UTF-8 text file, or stdin for `-`; throws a UsageError that names `what` and the file when
 * it cannot be read, and CommandFailed naming the file, line and column when it is not UTF-8.
 */
export async function readText(name: string, io: Io, what: string): Promise<string> {
  if (name === "-") {
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : (chunk as Buffer));
    return decodeUtf8(Buffer.concat(chunks), "stdin");
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(resolve(io.cwd, name));
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${JSON.stringify(name)}: ${describeFsError(error)}`);
  }
  return decodeUtf8(bytes, name);
}

/**
 * Reads and parses a config for a command's `--json` output: a file that is not UTF-8 becomes a
 * problem (`invalid-utf8`, at the document) like a syntax error, so that `--json` always prints
 * JSON. A file that cannot be read is still a usage error.
 */
export async function readJsonForJsonOutput(name: string, io: Io): Promise<ParsedJson> {
  let text: string;
  try {
    text = await readText(name, io, "the config");
  } catch (error) {
    if (!(error instanceof CommandFailed)) throw error;
    return { ok: false, problem: { pointer: "", message: error.message, severity: "error", code: "invalid-utf8" } };
  }
  return parseJson(text);
}

/** Parses JSON text; a syntax error becomes a one-line problem at the document with its line and column, and a key given twice in one object a problem at that object. */
export function parseJson(text: string): ParsedJson {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body) as unknown;
  } catch (error) {
    if (body.trim() === "") return { ok: false, problem: { pointer: "", message: "the file is empty — a config is a JSON object", severity: "error", code: "invalid-json" } };
    const found = findJsonSyntaxError(body) ?? parserReason(body, error);
    const message = `not valid JSON at line ${lineColumn(body, found.offset)}: ${found.message}`;
    return { ok: false, problem: { pointer: "", message, severity: "error", code: "invalid-json" } };
  }
  const duplicate = findDuplicateKey(body);
  if (duplicate !== undefined) {
    const message = `the key ${JSON.stringify(duplicate.key)} is given twice in this object (line ${lineColumn(body, duplicate.first)} and line ${lineColumn(body, duplicate.again)}); JSON keeps only the last, so the first would be ignored without a word — remove one of them`;
    return { ok: false, problem: { pointer: duplicate.pointer, message, severity: "error", code: "duplicate-key" } };
  }
  return { ok: true, value };
}

/** The parser's own reason, on one line, for text the scanner accepts (it should not happen): at its position, else at the end. */
function parserReason(text: string, error: unknown): JsonSyntaxError {
  const raw = error instanceof Error ? error.message : String(error);
  const position = Number(/at position (\d+)/.exec(raw)?.[1] ?? text.length);
  return { offset: position, message: raw.replace(/ in JSON at position \d+.*$/s, "").replace(/\s+/g, " ").trim() };
}

/** `3, column 7` for a character offset in `text`. */
function lineColumn(text: string, offset: number): string {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return `${line}, column ${offset - start + 1}`;
}

/** Reads, parses and validates a config; throws CommandFailed listing every problem (one line each, with its pointer). */
export async function loadConfig(name: string, io: Io): Promise<LoadedConfig> {
  const text = await readText(name, io, "the config");
  const parsed = parseJson(text);
  const result = parsed.ok ? validate(parsed.value, { segmenters: EXTRA_SEGMENTERS }) : { errors: [parsed.problem], config: undefined };
  const problems = result.errors;
  if (result.config === undefined) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    throw new CommandFailed(`${name} is not a valid config (${count}); run "strata validate ${name}" for details`, problems.map(formatProblem));
  }
  return { name, path: name === "-" ? undefined : resolve(io.cwd, name), config: result.config, text };
}
