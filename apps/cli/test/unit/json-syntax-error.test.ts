import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseJson } from "../../src/config-file.ts";
import { findJsonSyntaxError } from "../../src/json-syntax-error.ts";
import { SHOP } from "../support/cli.ts";

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function messageOf(text: string): string {
  const parsed = parseJson(text);
  if (parsed.ok) throw new Error("expected a syntax error");
  return parsed.problem.message;
}

/** Valid JSON with one character deleted, inserted or replaced: text that is nearly JSON. */
const nearlyJson = fc
  .tuple(fc.json(), fc.nat(), fc.constantFrom("delete", "insert", "replace"), fc.constantFrom(..."{}[]\",:-0123456789.eE+tfnulrs\\ \n\t\u0001x"))
  .map(([text, at, edit, character]) => {
    const i = text.length === 0 ? 0 : at % (text.length + 1);
    if (edit === "delete") return text.slice(0, i) + text.slice(i + 1);
    if (edit === "insert") return text.slice(0, i) + character + text.slice(i);
    return text.slice(0, i) + character + text.slice(i + 1);
  });

describe("JSON syntax errors", () => {
  it("gives a line and column where Node's message has none (an unquoted word), on one line", () => {
    const text = '{\n  "version": 1,\n  "status": running\n}\n';
    expect(() => JSON.parse(text)).toThrow(/^Unexpected token 'r'/); // Node 20 says no position, and quotes the text with its newline
    expect(messageOf(text)).toBe(
      `not valid JSON at line 3, column 13: unexpected "r"; expected a value (an object, an array, a string in double quotes, a number, true, false or null) — text needs double quotes`,
    );
  });

  it("names the place of other errors", () => {
    expect(messageOf('{ "a": 1, }')).toBe(`not valid JSON at line 1, column 11: unexpected "}"; expected a property name in double quotes — JSON allows no comma before a closing bracket`);
    expect(messageOf("[1, 2,\n]")).toBe(`not valid JSON at line 2, column 1: unexpected "]"; expected a value (an object, an array, a string in double quotes, a number, true, false or null) — JSON allows no comma before a closing bracket`);
    expect(messageOf('{ "a" 1 }')).toBe(`not valid JSON at line 1, column 7: unexpected "1"; expected ":" after the property name`);
    expect(messageOf('{ "a": "b\n" }')).toBe(`not valid JSON at line 1, column 10: the control character U+000A cannot appear raw inside a string — escape it (\\n, \\t, \\u0000…)`);
    expect(messageOf('{ "a": "b }')).toBe(`not valid JSON at line 1, column 8: the string that starts here is never closed — add the closing double quote`);
    expect(messageOf('{ "a": 01 }')).toBe(`not valid JSON at line 1, column 9: invalid number: no leading zeros (write 7, not 07)`);
    expect(messageOf('{ "a": "\\x" }')).toBe(`not valid JSON at line 1, column 9: invalid escape \\x in a string — the escapes are \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX`);
    expect(messageOf("{}\n{}")).toBe(`not valid JSON at line 2, column 1: unexpected "{" after the end of the JSON value — a file holds one value`);
    expect(messageOf('{ "a": [1, 2')).toBe(`not valid JSON at line 1, column 13: the text ends where "," or "]" was expected (an array is still open)`);
  });

  it("names an invisible character after a backslash instead of printing it (a message stays on one line)", () => {
    expect(messageOf('{"a": "x\\\n"}')).toBe("not valid JSON at line 1, column 9: invalid escape: a backslash followed by U+000A in a string — the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
  });

  it("counts lines after a byte-order mark from the first visible character", () => {
    expect(messageOf('\ufeff{\n  x\n}')).toBe(`not valid JSON at line 2, column 3: unexpected "x"; expected a property name in double quotes or "}"`);
  });

  it("finds an error exactly when JSON.parse rejects the text (property)", () => {
    fc.assert(
      fc.property(fc.oneof(nearlyJson, fc.string(), fc.json()), (text) => {
        expect(findJsonSyntaxError(text) === undefined).toBe(parses(text));
      }),
      { numRuns: 5000 },
    );
  });

  it("every syntax error is one line with a line and column inside the text (property)", () => {
    fc.assert(
      fc.property(nearlyJson.filter((text) => !parses(text) && text.trim() !== ""), (text) => {
        const message = messageOf(text);
        const match = /^not valid JSON at line (\d+), column (\d+): [^\n\r]+$/.exec(message);
        expect(match, message).not.toBeNull();
        const lines = text.split("\n");
        const line = Number(match?.[1]);
        expect(line).toBeLessThanOrEqual(lines.length);
        expect(Number(match?.[2])).toBeLessThanOrEqual((lines[line - 1] as string).length + 1);
      }),
      { numRuns: 2000 },
    );
  });

  it("accepts the example config and scans very deep nesting without overflowing the stack", () => {
    expect(findJsonSyntaxError(readFileSync(SHOP, "utf8"))).toBeUndefined();
    expect(findJsonSyntaxError(`${"[".repeat(200_000)}${"]".repeat(200_000)}`)).toBeUndefined();
    expect(findJsonSyntaxError(`${"[".repeat(200_000)}${"]".repeat(199_999)}`)).toEqual({ offset: 399_999, message: 'the text ends where "," or "]" was expected (an array is still open)' });
  });
});
