/**
 * The line ending a text uses, so text written into it (or in its place) keeps it: a CRLF
 * config stays all-CRLF when `allocate --write` adds lines to it.
 * @module
 */

/** The text's first line break (`\r\n`, `\n` or a lone `\r`); `\n` when it has none. */
export function lineEnding(text: string): string {
  return /\r\n|\n|\r/.exec(text)?.[0] ?? "\n";
}
