/**
 * JSON the way Strata's example configs are written: a value that fits on its line stays on one
 * line (`[[0, 100]]`, `{ "id": "control" }`), anything longer opens up, two spaces per level.
 * `allocate --write` uses it so a rewritten config keeps a small, readable diff.
 * @module
 */

/** How `formatJson` and `formatJsonAt` write: the line width values stay inline within, and the line ending. */
export interface FormatOptions {
  /** The line width a value stays on one line within (default 160). */
  readonly width?: number;
  /** The line ending between lines (default `\n`; `\r\n` for a text that uses it). */
  readonly newline?: string;
}

/** Formats `value` as JSON, keeping values inline while their line fits in `width` characters, ending with a line ending. */
export function formatJson(value: unknown, options: FormatOptions = {}): string {
  return `${formatJsonAt(value, "", 0, options)}${options.newline ?? "\n"}`;
}

/** Text to write for a value instead of formatting it (say, its original text), given the indentation of its line; undefined to format it. */
export type KnownText = (value: unknown, indent: string) => string | undefined;

/**
 * Formats `value` for a place in a larger text: its line is indented by `indent` and holds
 * `prefix` more characters before it (`"key": `). No trailing line ending. Values `known` has text
 * for are written as that text (and never squeezed onto one line with their neighbours).
 */
export function formatJsonAt(value: unknown, indent: string, prefix: number, options: FormatOptions = {}, known?: KnownText): string {
  const text = known?.(value, indent);
  if (text !== undefined) return text;
  const { width = 160, newline = "\n" } = options;
  const flat = known !== undefined && holdsKnown(value, known) ? undefined : inline(value);
  if (flat !== undefined && (indent.length + prefix + flat.length <= width || !isContainer(value) || isEmpty(value))) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = value.map((item) => `${inner}${formatJsonAt(item, inner, 0, options, known)}`);
    return `[${newline}${items.join(`,${newline}`)}${newline}${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .map(([key, item]) => {
      const label = `${JSON.stringify(key)}: `;
      return `${inner}${label}${formatJsonAt(item, inner, label.length, options, known)}`;
    });
  return `{${newline}${entries.join(`,${newline}`)}${newline}${indent}}`;
}

/** True when `known` has text for a value inside `value`. */
function holdsKnown(value: unknown, known: KnownText): boolean {
  if (!isContainer(value)) return false;
  return Object.values(value).some((item) => item !== undefined && (known(item, "") !== undefined || holdsKnown(item, known)));
}

function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(", ")}]`;
  if (isContainer(value)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return entries.length === 0 ? "{}" : `{ ${entries.map(([key, item]) => `${JSON.stringify(key)}: ${inline(item)}`).join(", ")} }`;
  }
  return JSON.stringify(value) ?? "null";
}

function isContainer(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}

function isEmpty(value: object): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}
