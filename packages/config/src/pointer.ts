/**
 * JSON Pointers (RFC 6901): the addresses every problem and every change carries, such as
 * `/domain/layers/0/slots/2/experiment/status`.
 * @module
 */

/** A JSON Pointer string; `""` is the whole document. */
export type JsonPointer = string;

/** Escapes one reference token: `~` → `~0`, `/` → `~1`. */
export function escapeToken(token: string | number): string {
  const text = String(token);
  return text.includes("~") || text.includes("/") ? text.replaceAll("~", "~0").replaceAll("/", "~1") : text;
}

/** Builds a pointer from reference tokens: `["domain", "layers", 0]` → `/domain/layers/0`. */
export function toPointer(tokens: readonly (string | number)[]): JsonPointer {
  let pointer = "";
  for (const token of tokens) pointer += `/${escapeToken(token)}`;
  return pointer;
}

/** Appends reference tokens to a pointer: `child("/domain", "layers", 0)` → `/domain/layers/0`. */
export function child(pointer: JsonPointer, ...tokens: readonly (string | number)[]): JsonPointer {
  return pointer + toPointer(tokens);
}

/** Splits a pointer into its unescaped reference tokens; throws a TypeError for a string that is not a pointer. */
export function parsePointer(pointer: JsonPointer): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new TypeError(`not a JSON Pointer (it must be "" or start with "/"): ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split("/")
    .map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** The value at `pointer` in `document`, or undefined when there is none (never follows inherited properties). */
export function resolvePointer(document: unknown, pointer: JsonPointer): unknown {
  let value = document;
  for (const token of parsePointer(pointer)) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, token)) return undefined;
    value = (value as Record<string, unknown>)[token];
  }
  return value;
}

/** A pointer as people read it in messages: the whole document (`""`) is shown as `(document)`. */
export function displayPointer(pointer: JsonPointer): string {
  return pointer === "" ? "(document)" : pointer;
}
