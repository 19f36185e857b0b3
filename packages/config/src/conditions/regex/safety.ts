/**
 * The catastrophic-backtracking detector for `$regex` patterns. JavaScript matches by
 * backtracking, so a pattern with an ambiguous choice inside a repetition can take exponential
 * time on a string that almost matches, and several ambiguous unbounded repetitions in a row take
 * polynomial time. Two rules, applied to the parsed pattern:
 *
 * 1. Inside a repetition (`*`, `+`, `{n,m}` with m > 1) every choice must be decided by the next
 *    character: a repeated part may not match the empty string, a quantifier inside it may not be
 *    able to continue with a character that could also come next (`(a+)+`, `(\w+\s?)*`, `(.*a){9}`:
 *    nested quantifiers, star height > 1 with overlap), and no two alternatives may start with the
 *    same character (`(a|ab)+`: overlapping alternation).
 * 2. Outside repetitions, at most one unbounded repetition whose end is ambiguous (such as `.*`
 *    followed by anything) — two when the pattern starts with `^` — so matching stays at most
 *    quadratic in the attribute length, which `LIMITS.regexSubjectLength` bounds. With the `m`
 *    flag, `^` matches after every line terminator, so it only counts when no part of the pattern
 *    can match a line terminator (then every attempt stays within one line, and the lines'
 *    squared lengths add up to at most the square of the whole).
 *
 * The rules are conservative (a few safe patterns such as `(ab|ac)+` are refused with advice).
 * @module
 */
import { ANY, EMPTY, intersects, LINE_TERMINATORS, union, type CharSet } from "./charset.ts";
import type { RegexNode } from "./parse.ts";

/** Why a pattern was refused. */
export interface RegexSafetyIssue {
  /** `empty-repeat`, `nested-quantifier`, `overlapping-alternation` or `polynomial`. */
  readonly kind: "empty-repeat" | "nested-quantifier" | "overlapping-alternation" | "polynomial";
  /** A sentence naming the offending part and how to rewrite it. */
  readonly message: string;
}

/** A variable repetition whose span is at least this wide counts as unbounded for rule 2. */
const WIDE_REPEAT = 16;

/** The flags the analysis needs beyond those the parser already applied. */
export interface SafetyFlags {
  /** `m`: `^` and `$` match at every line start and end, not only at the ends of the string. */
  readonly multiline: boolean;
}

/** Checks a parsed pattern; returns the first issue found, or undefined when the pattern is safe. */
export function findBacktrackingRisk(root: RegexNode, source: string, flags: SafetyFlags): RegexSafetyIssue | undefined {
  return new Analysis(source, flags).run(root);
}

class Analysis {
  private readonly nullableMemo = new Map<RegexNode, boolean>();
  private readonly firstMemo = new Map<RegexNode, CharSet>();

  constructor(
    private readonly source: string,
    private readonly flags: SafetyFlags,
  ) {}

  run(root: RegexNode): RegexSafetyIssue | undefined {
    const repeated = this.checkRepetitions(root);
    if (repeated !== undefined) return repeated;
    const points = this.ambiguousPoints(root, ANY);
    const anchored = this.startsAnchored(root) && !(this.flags.multiline && this.matchesLineTerminator(root));
    const allowed = anchored ? 2 : 1;
    if (points.count > allowed) {
      const fragments = points.fragments.map((f) => `"${f}"`).join(", ");
      return {
        kind: "polynomial",
        message:
          `it has ${points.count} unbounded repetitions (${fragments}) that can also match what follows them, which takes ` +
          `polynomial time on long strings — drop a leading ".*" ($regex already searches anywhere in the string) or make ` +
          `the repetitions more specific (e.g. "[^/]*" instead of ".*"); at most ${allowed} such repetition${allowed === 1 ? " is" : "s are"} allowed` +
          (anchored ? "" : this.flags.multiline ? ' (two when the pattern starts with ^ and, with the "m" option, cannot match a line break)' : " (two when the pattern starts with ^)"),
      };
    }
    return undefined;
  }

  private text(node: RegexNode): string {
    return this.source.slice(node.start, node.end);
  }

  nullable(node: RegexNode): boolean {
    const memo = this.nullableMemo.get(node);
    if (memo !== undefined) return memo;
    let result: boolean;
    switch (node.type) {
      case "empty":
      case "assert":
      case "look":
        result = true;
        break;
      case "char":
        result = false;
        break;
      case "seq":
        result = node.items.every((item) => this.nullable(item));
        break;
      case "alt":
        result = node.options.some((option) => this.nullable(option));
        break;
      case "repeat":
        result = node.min === 0 || this.nullable(node.body);
        break;
    }
    this.nullableMemo.set(node, result);
    return result;
  }

  /** The characters a match of `node` can start with. */
  first(node: RegexNode): CharSet {
    const memo = this.firstMemo.get(node);
    if (memo !== undefined) return memo;
    let result: CharSet = EMPTY;
    switch (node.type) {
      case "char":
        result = node.set;
        break;
      case "seq":
        for (const item of node.items) {
          result = union(result, this.first(item));
          if (!this.nullable(item)) break;
        }
        break;
      case "alt":
        for (const option of node.options) result = union(result, this.first(option));
        break;
      case "repeat":
        result = node.max === 0 ? EMPTY : this.first(node.body);
        break;
      default:
        break;
    }
    this.firstMemo.set(node, result);
    return result;
  }

  /** The characters that can start a match of `node` or, when it can match nothing, of what follows (`next`). */
  private firstThen(node: RegexNode, next: CharSet): CharSet {
    return this.nullable(node) ? union(this.first(node), next) : this.first(node);
  }

  /** Rule 1 for every repetition of the tree (lookaround bodies included). */
  private checkRepetitions(node: RegexNode): RegexSafetyIssue | undefined {
    if (node.type === "repeat" && node.max > 1) {
      if (this.nullable(node.body)) {
        return {
          kind: "empty-repeat",
          message:
            `"${this.text(node)}" repeats something that can match the empty string, which can make matching ` +
            `exponentially slow — make the repeated part match at least one character (e.g. "(a*)*" → "a*")`,
        };
      }
      const issue = this.deterministic(node.body, this.first(node.body), node);
      if (issue !== undefined) return issue;
    }
    switch (node.type) {
      case "seq":
        for (const item of node.items) {
          const issue = this.checkRepetitions(item);
          if (issue !== undefined) return issue;
        }
        return undefined;
      case "alt":
        for (const option of node.options) {
          const issue = this.checkRepetitions(option);
          if (issue !== undefined) return issue;
        }
        return undefined;
      case "repeat":
      case "look":
        return this.checkRepetitions(node.body);
      default:
        return undefined;
    }
  }

  /** Checks that every choice inside one iteration of `outer` is decided by the next character; `next` is what may follow `node`. */
  private deterministic(node: RegexNode, next: CharSet, outer: RegexNode): RegexSafetyIssue | undefined {
    switch (node.type) {
      case "seq": {
        const follows: CharSet[] = new Array(node.items.length);
        let after = next;
        for (let i = node.items.length - 1; i >= 0; i--) {
          follows[i] = after;
          after = this.firstThen(node.items[i]!, after);
        }
        for (let i = 0; i < node.items.length; i++) {
          const issue = this.deterministic(node.items[i]!, follows[i]!, outer);
          if (issue !== undefined) return issue;
        }
        return undefined;
      }
      case "alt": {
        const starts = node.options.map((option) => this.firstThen(option, next));
        for (let i = 0; i < node.options.length; i++) {
          for (let j = i + 1; j < node.options.length; j++) {
            const both = this.nullable(node.options[i]!) && this.nullable(node.options[j]!);
            if (both || intersects(starts[i]!, starts[j]!)) {
              const a = this.text(node.options[i]!);
              const b = this.text(node.options[j]!);
              return {
                kind: "overlapping-alternation",
                message:
                  `inside the repetition "${this.text(outer)}", the alternatives "${a}" and "${b}" can match at the same place, ` +
                  `which can take exponential time on a failing match — make the alternatives start with different ` +
                  `characters (e.g. "(a|ab)+" → "(ab?)+")`,
              };
            }
          }
        }
        for (const option of node.options) {
          const issue = this.deterministic(option, next, outer);
          if (issue !== undefined) return issue;
        }
        return undefined;
      }
      case "repeat": {
        if (node.min !== node.max && intersects(this.first(node.body), next)) {
          return {
            kind: "nested-quantifier",
            message:
              `"${this.text(node)}" is repeated inside "${this.text(outer)}" and can match the same characters as what ` +
              `comes after it, so there are exponentially many ways to split a string (catastrophic backtracking) — ` +
              `remove the nested quantifier or separate the repetitions with a character they cannot match ` +
              `(e.g. "(a+)+" → "a+", "(\\w+\\s?)*" → "[\\w\\s]*")`,
          };
        }
        if (node.max > 1 && this.nullable(node.body)) {
          return {
            kind: "empty-repeat",
            message: `"${this.text(node)}" repeats something that can match the empty string — make the repeated part match at least one character`,
          };
        }
        const inner = node.max > 1 ? union(this.first(node.body), next) : next;
        return this.deterministic(node.body, inner, outer);
      }
      default:
        // Lookarounds are atomic in JavaScript: their inside is checked on its own.
        return undefined;
    }
  }

  /** Rule 2: the unbounded, ambiguous repetitions outside any repetition (alternatives take the worst, sequences add up). */
  private ambiguousPoints(node: RegexNode, next: CharSet): { count: number; fragments: string[] } {
    switch (node.type) {
      case "seq": {
        let after = next;
        const follows: CharSet[] = new Array(node.items.length);
        for (let i = node.items.length - 1; i >= 0; i--) {
          follows[i] = after;
          after = this.firstThen(node.items[i]!, after);
        }
        // Right to left: a repetition multiplies the cost of everything after it (degrees add);
        // a lookaround is atomic, so its cost only adds to what follows (degrees take the max).
        let count = 0;
        let fragments: string[] = [];
        for (let i = node.items.length - 1; i >= 0; i--) {
          const item = node.items[i]!;
          const points = this.ambiguousPoints(item, follows[i]!);
          if (item.type === "look") {
            if (points.count > count) [count, fragments] = [points.count, points.fragments];
          } else {
            count += points.count;
            fragments = [...points.fragments, ...fragments];
          }
        }
        return { count, fragments };
      }
      case "alt": {
        let worst = { count: 0, fragments: [] as string[] };
        for (const option of node.options) {
          const points = this.ambiguousPoints(option, next);
          if (points.count > worst.count) worst = points;
        }
        return worst;
      }
      case "repeat": {
        const wide = node.max === Infinity || node.max - node.min >= WIDE_REPEAT;
        if (wide && intersects(this.first(node.body), next)) return { count: 1, fragments: [this.text(node)] };
        if (node.max <= 1) return this.ambiguousPoints(node.body, next);
        return { count: 0, fragments: [] };
      }
      case "look":
        return this.ambiguousPoints(node.body, ANY);
      default:
        return { count: 0, fragments: [] };
    }
  }

  /** True when some part of `node` (lookarounds included) can match a line terminator. */
  private matchesLineTerminator(node: RegexNode): boolean {
    switch (node.type) {
      case "char":
        return intersects(node.set, LINE_TERMINATORS);
      case "seq":
        return node.items.some((item) => this.matchesLineTerminator(item));
      case "alt":
        return node.options.some((option) => this.matchesLineTerminator(option));
      case "repeat":
      case "look":
        return this.matchesLineTerminator(node.body);
      default:
        return false;
    }
  }

  /** True when every match must start where `^` matches: at the start (or, with `m`, at a line start). */
  private startsAnchored(node: RegexNode): boolean {
    if (node.type === "assert") return this.source.slice(node.start, node.end) === "^";
    if (node.type === "seq") return node.items.length > 0 && this.startsAnchored(node.items[0]!);
    if (node.type === "alt") return node.options.every((option) => this.startsAnchored(option));
    return false;
  }
}
