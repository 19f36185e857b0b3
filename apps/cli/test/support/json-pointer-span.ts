/**
 * The text span of the value at a JSON pointer, for tests that check which bytes of a JSON file
 * changed.
 */
import { locateJson, type JsonSpan } from "../../src/json-spans.ts";

/** The span (start and end offset) of the value at `pointer` (`/a/0/b`, or the tokens) in `text`; throws when there is none. */
export function spanAt(text: string, pointer: string | readonly string[]): { start: number; end: number } {
  const tokens = typeof pointer === "string" ? pointer.split("/").slice(1).map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~")) : pointer;
  let span: JsonSpan = locateJson(text);
  for (const token of tokens) {
    const next: JsonSpan | undefined =
      span.kind === "object" ? span.members.filter((member) => member.key === token).at(-1)?.value : span.kind === "array" ? span.items[Number(token)] : undefined;
    if (next === undefined) throw new Error(`no value at ${JSON.stringify(token)} of ${JSON.stringify(pointer)}`);
    span = next;
  }
  return { start: span.start, end: span.end };
}
