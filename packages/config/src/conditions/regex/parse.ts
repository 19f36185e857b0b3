/**
 * A parser for the safe subset of JavaScript regular expressions (no `u` flag) that `$regex`
 * accepts: literals, classes, `.`, anchors, groups, lookarounds, alternation and quantifiers.
 * Backreferences and Annex B oddities (a lone `{`, `]` or `}`, unknown escapes such as `\q`)
 * are refused with a message that says what to write instead.
 * @module
 */
import { LIMITS } from "../../limits.ts";
import {
  ANY,
  complement,
  DIGIT,
  EMPTY,
  LINE_TERMINATORS,
  range,
  single,
  SPACE,
  union,
  WORD,
  type CharSet,
} from "./charset.ts";
import { foldCase } from "./case-fold.ts";

/** A node of a parsed pattern; `start` and `end` locate its source text. */
export type RegexNode =
  | { readonly type: "empty"; readonly start: number; readonly end: number }
  | { readonly type: "char"; readonly set: CharSet; readonly start: number; readonly end: number }
  | { readonly type: "assert"; readonly start: number; readonly end: number }
  | { readonly type: "look"; readonly body: RegexNode; readonly start: number; readonly end: number }
  | { readonly type: "seq"; readonly items: readonly RegexNode[]; readonly start: number; readonly end: number }
  | { readonly type: "alt"; readonly options: readonly RegexNode[]; readonly start: number; readonly end: number }
  | {
      readonly type: "repeat";
      readonly body: RegexNode;
      readonly min: number;
      readonly max: number;
      readonly start: number;
      readonly end: number;
    };

/** The flags that change how a pattern is read. */
export interface RegexFlags {
  /** `i`: characters match case-insensitively, as JavaScript's `i` flag compares them (see `case-fold.ts`). */
  readonly ignoreCase: boolean;
  /** `s`: `.` matches line terminators too. */
  readonly dotAll: boolean;
}

/** The result of parsing: the tree, or the first problem and where it is. */
export type ParseResult = { readonly ok: true; readonly node: RegexNode } | { readonly ok: false; readonly message: string; readonly index: number };

class RegexSyntaxError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

/** Parses `pattern` under `flags` into a tree; never throws. */
export function parseRegex(pattern: string, flags: RegexFlags): ParseResult {
  try {
    const parser = new Parser(pattern, flags);
    const node = parser.parseAlternation();
    if (parser.pos < pattern.length) {
      throw new RegexSyntaxError(`an unmatched ")" at character ${parser.pos + 1} — remove it or escape it as \\)`, parser.pos);
    }
    return { ok: true, node };
  } catch (error) {
    if (error instanceof RegexSyntaxError) return { ok: false, message: error.message, index: error.index };
    return { ok: false, message: "the pattern is too deeply nested", index: 0 };
  }
}

const CONTROL_ESCAPES: Readonly<Record<string, number>> = { n: 0x0a, r: 0x0d, t: 0x09, f: 0x0c, v: 0x0b };
const MAX_GROUP_DEPTH = 64;

class Parser {
  pos = 0;
  private depth = 0;

  constructor(
    private readonly source: string,
    private readonly flags: RegexFlags,
  ) {}

  private fail(message: string, index = this.pos): never {
    throw new RegexSyntaxError(message, index);
  }

  private peek(offset = 0): string | undefined {
    return this.source[this.pos + offset];
  }

  private chars(set: CharSet): CharSet {
    return this.flags.ignoreCase ? foldCase(set) : set;
  }

  parseAlternation(): RegexNode {
    const start = this.pos;
    const options = [this.parseSequence()];
    while (this.peek() === "|") {
      this.pos++;
      options.push(this.parseSequence());
    }
    return options.length === 1 ? options[0]! : { type: "alt", options, start, end: this.pos };
  }

  private parseSequence(): RegexNode {
    const start = this.pos;
    const items: RegexNode[] = [];
    while (this.pos < this.source.length && this.peek() !== "|" && this.peek() !== ")") {
      items.push(this.parseTerm());
    }
    if (items.length === 0) return { type: "empty", start, end: start };
    return items.length === 1 ? items[0]! : { type: "seq", items, start, end: this.pos };
  }

  private parseTerm(): RegexNode {
    const start = this.pos;
    const atom = this.parseAtom();
    const quantifier = this.parseQuantifier();
    if (quantifier === undefined) return atom;
    if (atom.type === "assert" || atom.type === "look") {
      this.fail(`"${this.source.slice(atom.start, atom.end)}" matches a position, not text, so it cannot be repeated — remove the quantifier`, start);
    }
    return { type: "repeat", body: atom, min: quantifier.min, max: quantifier.max, start, end: this.pos };
  }

  private parseQuantifier(): { min: number; max: number } | undefined {
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === "*") [min, max] = [0, Infinity];
    else if (c === "+") [min, max] = [1, Infinity];
    else if (c === "?") [min, max] = [0, 1];
    else if (c === "{") {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.pos));
      if (match === null) this.fail(`a "{" that does not start a quantifier such as {2,5} — escape it as \\{`);
      min = Number(match[1]);
      max = match[2] === undefined ? min : match[3] === "" ? Infinity : Number(match[3]);
      if (min > LIMITS.regexRepeat || (max !== Infinity && max > LIMITS.regexRepeat)) {
        this.fail(`the quantifier "${match[0]}" repeats more than ${LIMITS.regexRepeat} times — use a smaller count or + / *`);
      }
      if (max < min) this.fail(`the quantifier "${match[0]}" has its numbers out of order — write the smaller one first`);
      this.pos += match[0].length - 1;
    } else return undefined;
    this.pos++;
    if (this.peek() === "?") this.pos++; // lazy: the same language, the same backtracking
    if (this.peek() === "*" || this.peek() === "+" || this.peek() === "?" || this.peek() === "{") {
      this.fail(`a quantifier directly after another quantifier — wrap the first in a group if you mean to repeat it`);
    }
    return { min, max };
  }

  private parseAtom(): RegexNode {
    const start = this.pos;
    const c = this.source[this.pos]!;
    switch (c) {
      case "^":
      case "$":
        this.pos++;
        return { type: "assert", start, end: this.pos };
      case ".":
        this.pos++;
        return { type: "char", set: this.chars(this.flags.dotAll ? ANY : complement(LINE_TERMINATORS)), start, end: this.pos };
      case "(":
        return this.parseGroup();
      case "[":
        return this.parseClass();
      case "\\":
        return this.parseEscape();
      case "*":
      case "+":
      case "?":
        return this.fail(`"${c}" at character ${start + 1} has nothing to repeat — escape it as \\${c} to match it literally`);
      case "{":
        return this.fail(`a "{" that does not follow anything to repeat — escape it as \\{`);
      case "}":
      case "]":
        return this.fail(`a lone "${c}" at character ${start + 1} — escape it as \\${c}`);
      default: {
        this.pos++;
        return { type: "char", set: this.chars(single(c.charCodeAt(0))), start, end: this.pos };
      }
    }
  }

  private parseGroup(): RegexNode {
    const start = this.pos;
    this.pos++;
    let look = false;
    if (this.peek() === "?") {
      const rest = this.source.slice(this.pos, this.pos + 3);
      if (rest.startsWith("?:")) this.pos += 2;
      else if (rest.startsWith("?=") || rest.startsWith("?!")) [look, this.pos] = [true, this.pos + 2];
      else if (rest === "?<=" || rest === "?<!") [look, this.pos] = [true, this.pos + 3];
      else if (rest.startsWith("?<")) {
        const match = /^\?<([A-Za-z_$][\w$]*)>/.exec(this.source.slice(this.pos));
        if (match === null) this.fail(`a group name must be letters, digits or "_", as in (?<year>\\d{4})`);
        this.pos += match[0].length;
      } else this.fail(`"(?" must be followed by ":", "=", "!", "<=", "<!" or "<name>"`);
    }
    if (++this.depth > MAX_GROUP_DEPTH) this.fail(`groups are nested more than ${MAX_GROUP_DEPTH} deep`);
    const body = this.parseAlternation();
    this.depth--;
    if (this.peek() !== ")") this.fail(`the group opened at character ${start + 1} is never closed — add a ")"`, start);
    this.pos++;
    return look ? { type: "look", body, start, end: this.pos } : { ...body, start, end: this.pos };
  }

  private parseEscape(): RegexNode {
    const start = this.pos;
    const c = this.source[this.pos + 1];
    if (c === undefined) this.fail(`the pattern ends with a lone "\\" — write \\\\ to match a backslash`);
    if (c === "b" || c === "B") {
      this.pos += 2;
      return { type: "assert", start, end: this.pos };
    }
    if (c >= "1" && c <= "9") {
      this.fail(`backreferences such as \\${c} are not allowed: they can make matching exponentially slow — repeat the text instead`);
    }
    if (c === "k") this.fail(`named backreferences (\\k<name>) are not allowed: they can make matching exponentially slow`);
    const set = this.chars(this.parseCharEscape(false));
    return { type: "char", set, start, end: this.pos };
  }

  /** Reads the escape at `pos` (a backslash) and returns the set it matches, before case folding; in a class, `\b` is a backspace. */
  private parseCharEscape(inClass: boolean): CharSet {
    const c = this.source[this.pos + 1]!;
    this.pos += 2;
    switch (c) {
      case "d":
        return DIGIT;
      case "D":
        return complement(DIGIT);
      case "w":
        return WORD;
      case "W":
        return complement(WORD);
      case "s":
        return SPACE;
      case "S":
        return complement(SPACE);
      case "0":
        if (this.peek() !== undefined && /\d/.test(this.peek()!)) this.fail(`octal escapes such as \\0${this.peek()} are not allowed — use \\x escapes`);
        return single(0);
      case "x": {
        const hex = /^[0-9a-fA-F]{2}/.exec(this.source.slice(this.pos));
        if (hex === null) this.fail(`\\x must be followed by two hex digits, as in \\x41`);
        this.pos += 2;
        return single(Number.parseInt(hex[0], 16));
      }
      case "u": {
        const hex = /^[0-9a-fA-F]{4}/.exec(this.source.slice(this.pos));
        if (hex === null) this.fail(`\\u must be followed by four hex digits, as in \\u00e9`);
        this.pos += 4;
        return single(Number.parseInt(hex[0], 16));
      }
      case "c": {
        const letter = this.peek();
        if (letter === undefined || !/[A-Za-z]/.test(letter)) this.fail(`\\c must be followed by a letter, as in \\cJ`);
        this.pos++;
        return single(letter.charCodeAt(0) % 32);
      }
      case "b":
        if (inClass) return single(0x08);
        break;
      default:
        if (Object.hasOwn(CONTROL_ESCAPES, c)) return single(CONTROL_ESCAPES[c]!);
        if (!/[A-Za-z0-9_]/.test(c)) return single(c.charCodeAt(0));
    }
    return this.fail(`"\\${c}" is not an escape this language knows — remove the backslash, or use \\d, \\w, \\s, \\b, \\n, \\t, \\xHH or \\uHHHH`, this.pos - 2);
  }

  private parseClass(): RegexNode {
    const start = this.pos;
    this.pos++;
    const negate = this.peek() === "^";
    if (negate) this.pos++;
    let set: CharSet = EMPTY;
    while (this.peek() !== "]") {
      if (this.pos >= this.source.length) this.fail(`the class "[" opened at character ${start + 1} is never closed — add a "]"`, start);
      const from = this.parseClassAtom();
      if (this.peek() === "-" && this.peek(1) !== "]" && this.peek(1) !== undefined) {
        this.pos++;
        const to = this.parseClassAtom();
        if (from.single === undefined || to.single === undefined) {
          this.fail(`a range in a class cannot start or end with a class such as \\d — put "-" last to match it literally`);
        }
        if (to.single < from.single) this.fail(`the class range is out of order — write the smaller character first`);
        set = union(set, this.chars(range(from.single, to.single)));
      } else set = union(set, from.set);
    }
    this.pos++;
    return { type: "char", set: negate ? complement(set) : set, start, end: this.pos };
  }

  private parseClassAtom(): { set: CharSet; single: number | undefined } {
    const c = this.source[this.pos]!;
    if (c !== "\\") {
      this.pos++;
      const code = c.charCodeAt(0);
      return { set: this.chars(single(code)), single: code };
    }
    const before = this.pos;
    const next = this.source[this.pos + 1];
    if (next === undefined) this.fail(`the pattern ends with a lone "\\"`);
    if (next === "-") {
      this.pos += 2;
      return { set: single(0x2d), single: 0x2d };
    }
    if (next >= "1" && next <= "9") this.fail(`"\\${next}" in a class is an octal escape, which is not allowed — use \\x escapes`);
    const set = this.parseCharEscape(true);
    const isSingle = set.length === 2 && set[0] === set[1] && !/[dDwWsS]/.test(this.source[before + 1]!);
    return { set: this.chars(set), single: isSingle ? set[0] : undefined };
  }
}
