/**
 * Where each value of a JSON text is: the start and end offset of every value, object member and
 * array item, so a change can be written into the text at its JSON pointer and every other byte
 * kept. The text must already be valid JSON (`JSON.parse` accepted it).
 * @module
 */

/** One value of the text: `text.slice(start, end)` is its source. */
export type JsonSpan = JsonObjectSpan | JsonArraySpan | JsonScalarSpan;

/** An object, from `{` to `}`. */
export interface JsonObjectSpan {
  readonly kind: "object";
  readonly start: number;
  readonly end: number;
  /** Its members in text order; a member's span runs from its key's opening quote to the end of its value. */
  readonly members: readonly JsonMemberSpan[];
}

/** One `"key": value` of an object. */
export interface JsonMemberSpan {
  /** The decoded key. */
  readonly key: string;
  /** The offset of the key's opening quote. */
  readonly start: number;
  /** The value. */
  readonly value: JsonSpan;
}

/** An array, from `[` to `]`. */
export interface JsonArraySpan {
  readonly kind: "array";
  readonly start: number;
  readonly end: number;
  /** Its items in order. */
  readonly items: readonly JsonSpan[];
}

/** A string, number, `true`, `false` or `null`. */
export interface JsonScalarSpan {
  readonly kind: "scalar";
  readonly start: number;
  readonly end: number;
}

/** The spans of the JSON document in `text` (a leading byte order mark is skipped); throws SyntaxError on text that is not JSON. */
export function locateJson(text: string): JsonSpan {
  const scanner = new Scanner(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  const value = scanner.value();
  scanner.skipSpace();
  if (scanner.at < text.length) throw scanner.unexpected();
  return value;
}

class Scanner {
  constructor(
    private readonly text: string,
    public at: number,
  ) {}

  value(): JsonSpan {
    this.skipSpace();
    const char = this.text[this.at];
    if (char === "{") return this.object();
    if (char === "[") return this.array();
    const start = this.at;
    if (char === '"') this.string();
    else while (this.at < this.text.length && !/[\s,\]}:]/.test(this.text[this.at]!)) this.at++;
    if (this.at === start) throw this.unexpected();
    return { kind: "scalar", start, end: this.at };
  }

  skipSpace(): void {
    while (this.at < this.text.length && " \t\n\r".includes(this.text[this.at]!)) this.at++;
  }

  unexpected(): SyntaxError {
    return new SyntaxError(`unexpected ${this.at < this.text.length ? JSON.stringify(this.text[this.at]) : "end of text"} at offset ${this.at}`);
  }

  private object(): JsonObjectSpan {
    const start = this.at++;
    const members: JsonMemberSpan[] = [];
    this.skipSpace();
    if (this.text[this.at] !== "}") {
      for (;;) {
        this.skipSpace();
        const keyStart = this.at;
        if (this.text[this.at] !== '"') throw this.unexpected();
        this.string();
        const key = JSON.parse(this.text.slice(keyStart, this.at)) as string;
        this.expect(":");
        members.push({ key, start: keyStart, value: this.value() });
        if (!this.separator("}")) break;
      }
    }
    this.expect("}");
    return { kind: "object", start, end: this.at, members };
  }

  private array(): JsonArraySpan {
    const start = this.at++;
    const items: JsonSpan[] = [];
    this.skipSpace();
    if (this.text[this.at] !== "]") {
      do items.push(this.value());
      while (this.separator("]"));
    }
    this.expect("]");
    return { kind: "array", start, end: this.at, items };
  }

  /** Consumes a `,` and returns true, or returns false before `close`. */
  private separator(close: string): boolean {
    this.skipSpace();
    if (this.text[this.at] === ",") {
      this.at++;
      return true;
    }
    if (this.text[this.at] !== close) throw this.unexpected();
    return false;
  }

  private expect(char: string): void {
    this.skipSpace();
    if (this.text[this.at] !== char) throw this.unexpected();
    this.at++;
  }

  /** Moves past the string that starts at the current offset. */
  private string(): void {
    this.at++;
    while (this.at < this.text.length && this.text[this.at] !== '"') this.at += this.text[this.at] === "\\" ? 2 : 1;
    if (this.at >= this.text.length) throw this.unexpected();
    this.at++;
  }
}
