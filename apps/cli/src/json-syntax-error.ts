/**
 * Where JSON text first breaks the grammar (RFC 8259), and why, in one line. `JSON.parse` says
 * where only for some errors (Node 20's "Unexpected token" messages carry no position and quote
 * the text around it, newlines included), so when parsing fails the CLI scans the text again with
 * this small scanner to report `line L, column C` for every syntax error. It is iterative, so
 * deeply nested text cannot overflow the stack.
 * @module
 */

/** The first syntax error of a JSON text. */
export interface JsonSyntaxError {
  /** Its offset in the text, in UTF-16 code units. */
  readonly offset: number;
  /** What is wrong there, one line. */
  readonly message: string;
}

const VALUE = "a value (an object, an array, a string in double quotes, a number, true, false or null)";
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);

/** The character at `offset` for a message: `"r"`, or `U+000A` for an invisible one. */
function describeCharacter(text: string, offset: number): string {
  const point = text.codePointAt(offset) as number;
  if (point < 0x21 || (point >= 0x7f && point <= 0xa0) || point === 0xfeff) return `U+${point.toString(16).toUpperCase().padStart(4, "0")}`;
  return JSON.stringify(String.fromCodePoint(point));
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isHex(code: number): boolean {
  return isDigit(code) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

/** The first syntax error in `text`, or undefined when it is valid JSON (exactly when `JSON.parse` accepts it). */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const length = text.length;
  const containers: ("object" | "array")[] = [];
  let i = 0;
  const skipWhitespace = (): void => {
    while (i < length && isWhitespace(text.charCodeAt(i))) i++;
  };
  const unexpected = (expected: string): JsonSyntaxError => {
    if (i >= length) return { offset: length, message: `the text ends where ${expected} was expected${containers.length > 0 ? ` (an ${containers.at(-1)} is still open)` : ""}` };
    const afterComma = /,\s*$/.test(text.slice(Math.max(0, i - 64), i)) && "]}".includes(text.charAt(i));
    return { offset: i, message: `unexpected ${describeCharacter(text, i)}; expected ${expected}${afterComma ? " — JSON allows no comma before a closing bracket" : ""}` };
  };
  /** Scans the string starting at i (a double quote); undefined when it is valid. */
  const scanString = (): JsonSyntaxError | undefined => {
    const start = i;
    i++;
    while (i < length) {
      const code = text.charCodeAt(i);
      if (code === 0x22) {
        i++;
        return undefined;
      }
      if (code < 0x20) return { offset: i, message: `the control character ${describeCharacter(text, i)} cannot appear raw inside a string — escape it (\\n, \\t, \\u0000…)` };
      if (code === 0x5c) {
        const next = text.charAt(i + 1);
        if (next === "u") {
          for (let k = 2; k < 6; k++) {
            if (!isHex(text.charCodeAt(i + k))) return { offset: i, message: `the escape \\u must be followed by four hexadecimal digits, e.g. \\u00e9` };
          }
          i += 6;
          continue;
        }
        if (!ESCAPES.has(next)) {
          // An invisible character after the backslash (a line break, say) is named, so the message stays on one line.
          const what = next === "" ? "the text ends inside an escape" : describeCharacter(text, i + 1).startsWith("U+") ? `invalid escape: a backslash followed by ${describeCharacter(text, i + 1)}` : `invalid escape \\${next}`;
          return { offset: i, message: `${what} in a string — the escapes are \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX` };
        }
        i += 2;
        continue;
      }
      i++;
    }
    return { offset: start, message: "the string that starts here is never closed — add the closing double quote" };
  };
  const scanDigits = (what: string): JsonSyntaxError | undefined => {
    if (!isDigit(text.charCodeAt(i))) return i >= length ? { offset: length, message: `the text ends inside a number; expected ${what}` } : { offset: i, message: `invalid number: expected ${what}, got ${describeCharacter(text, i)}` };
    while (isDigit(text.charCodeAt(i))) i++;
    return undefined;
  };
  const scanNumber = (): JsonSyntaxError | undefined => {
    if (text.charCodeAt(i) === 0x2d) i++;
    if (text.charCodeAt(i) === 0x30) {
      i++;
      if (isDigit(text.charCodeAt(i))) return { offset: i, message: "invalid number: no leading zeros (write 7, not 07)" };
    } else {
      const error = scanDigits("a digit");
      if (error !== undefined) return error;
    }
    if (text.charCodeAt(i) === 0x2e) {
      i++;
      const error = scanDigits("a digit after the decimal point");
      if (error !== undefined) return error;
    }
    const exponent = text.charCodeAt(i);
    if (exponent === 0x65 || exponent === 0x45) {
      i++;
      const sign = text.charCodeAt(i);
      if (sign === 0x2b || sign === 0x2d) i++;
      const error = scanDigits("a digit in the exponent");
      if (error !== undefined) return error;
    }
    return undefined;
  };

  let expectValue = true;
  for (;;) {
    skipWhitespace();
    if (expectValue) {
      const code = text.charCodeAt(i);
      let error: JsonSyntaxError | undefined;
      if (code === 0x7b) {
        i++;
        skipWhitespace();
        if (text.charCodeAt(i) !== 0x7d) {
          containers.push("object");
          if (text.charCodeAt(i) !== 0x22) return unexpected(`a property name in double quotes or "}"`);
          error = scanString();
          if (error !== undefined) return error;
          skipWhitespace();
          if (text.charCodeAt(i) !== 0x3a) return unexpected(`":" after the property name`);
          i++;
          continue;
        }
        i++;
      } else if (code === 0x5b) {
        i++;
        skipWhitespace();
        if (text.charCodeAt(i) !== 0x5d) {
          containers.push("array");
          continue;
        }
        i++;
      } else if (code === 0x22) {
        error = scanString();
      } else if (code === 0x2d || isDigit(code)) {
        error = scanNumber();
      } else {
        const literal = ["true", "false", "null"].find((word) => text.startsWith(word, i));
        if (literal === undefined) return unexpected(/[A-Za-z_]/.test(text.charAt(i)) ? `${VALUE} — text needs double quotes` : VALUE);
        i += literal.length;
      }
      if (error !== undefined) return error;
      expectValue = false;
      continue;
    }
    const container = containers.at(-1);
    if (container === undefined) {
      if (i < length) return { offset: i, message: `unexpected ${describeCharacter(text, i)} after the end of the JSON value — a file holds one value` };
      return undefined;
    }
    const code = text.charCodeAt(i);
    if (code === 0x2c) {
      i++;
      if (container === "array") {
        expectValue = true;
        continue;
      }
      skipWhitespace();
      if (text.charCodeAt(i) !== 0x22) return unexpected("a property name in double quotes");
      const error = scanString();
      if (error !== undefined) return error;
      skipWhitespace();
      if (text.charCodeAt(i) !== 0x3a) return unexpected(`":" after the property name`);
      i++;
      expectValue = true;
      continue;
    }
    if ((container === "object" && code === 0x7d) || (container === "array" && code === 0x5d)) {
      containers.pop();
      i++;
      continue;
    }
    return unexpected(container === "object" ? `"," or "}"` : `"," or "]"`);
  }
}
