/**
 * The catastrophic-backtracking detector for `$regex` patterns. JavaScript matches by
 * backtracking, so a pattern with an ambiguous choice inside a repetition can take exponential
 * time on a string that almost matches, and parts that can split the same text between them
 * multiply their choices. Two rules, applied to the parsed pattern:
 *
 * 1. Inside a repetition (`*`, `+`, `{n,m}` with m > 1) every choice must be decided by the next
 *    character: a repeated part may not match the empty string, a quantifier inside it may not be
 *    able to continue with a character that could also come next (`(a+)+`, `(\w+\s?)*`, `(.*a){9}`:
 *    nested quantifiers, star height > 1 with overlap), and no two alternatives may start with the
 *    same character (`(a|ab)+`: overlapping alternation).
 * 2. A bound on the whole search — every start position `test` tries, every way of splitting the
 *    text between parts whose choices overlap what follows them (`.*a.*b`, `a{0,15}a{0,15}b`,
 *    `(?:a|a)(?:a|a)`), lookarounds paid each time they are tried — on an attribute of
 *    `LIMITS.regexSubjectLength` characters must stay within `LIMITS.regexSteps` (see
 *    `step-estimate.ts`). A leading `^` limits the start positions; with the `m` flag only when no
 *    part of the pattern can match a line terminator (then every attempt stays within one line).
 *
 * The rules are conservative (a few safe patterns such as `(ab|ac)+` are refused with advice).
 * @module
 */
import { LIMITS } from "../../limits.ts";
import { intersects, union, type CharSet } from "./charset.ts";
import { MatchStarts } from "./match-starts.ts";
import type { RegexNode } from "./parse.ts";
import { estimateSearchSteps } from "./step-estimate.ts";

/** Why a pattern was refused. */
export interface RegexSafetyIssue {
  /** `empty-repeat`, `nested-quantifier`, `overlapping-alternation` or `polynomial` (too many steps). */
  readonly kind: "empty-repeat" | "nested-quantifier" | "overlapping-alternation" | "polynomial";
  /** A sentence naming the offending part and how to rewrite it. */
  readonly message: string;
}

/** The flags the analysis needs beyond those the parser already applied. */
export interface SafetyFlags {
  /** `m`: `^` and `$` match at every line start and end, not only at the ends of the string. */
  readonly multiline: boolean;
}

/** Checks a parsed pattern; returns the first issue found, or undefined when the pattern is safe. */
export function findBacktrackingRisk(root: RegexNode, source: string, flags: SafetyFlags): RegexSafetyIssue | undefined {
  return findAmbiguousRepetition(root, source) ?? findTooManySteps(root, source, flags);
}

/** Rule 1 alone: the first repetition with a choice the next character does not decide. */
export function findAmbiguousRepetition(root: RegexNode, source: string): RegexSafetyIssue | undefined {
  return new Analysis(source).checkRepetitions(root);
}

/** Rule 2 alone, for a pattern that passed rule 1: the search may take more than `LIMITS.regexSteps` steps. */
function findTooManySteps(root: RegexNode, source: string, flags: SafetyFlags): RegexSafetyIssue | undefined {
  const estimate = estimateSearchSteps(root, source, flags, LIMITS.regexSubjectLength);
  if (estimate.steps <= LIMITS.regexSteps) return undefined;
  const parts = [...new Set(estimate.ambiguous.map((node) => `"${source.slice(node.start, node.end)}"`))];
  const why =
    parts.length > 0
      ? `${parts.join(", ")} can match the same characters as what follows ${parts.length === 1 ? "it" : "them"}, so a failing match tries every way of dividing the text between them`
      : "a part is tried again at every position (a lookaround inside a repetition reads ahead each time)";
  const anywhere = estimate.starts === "anywhere";
  const fixes = [
    `make the parts more specific (e.g. "[^/]*" instead of ".*")`,
    "use fewer optional or bounded repetitions in a row",
    ...(anywhere ? [`drop a leading ".*" ($regex already searches anywhere in the string)`] : []),
    ...(anywhere && !source.startsWith("^") ? ["start the pattern with ^"] : []),
  ];
  const lineHint =
    anywhere && flags.multiline && source.startsWith("^")
      ? ' (a leading ^ helps only when the pattern, with the "m" option, cannot match a line break)'
      : "";
  return {
    kind: "polynomial",
    message:
      `matching it can take ${describeCount(estimate.steps)} steps on a ${withCommas(LIMITS.regexSubjectLength)}-character attribute, ` +
      `more than the limit of ${withCommas(LIMITS.regexSteps)}: ${why}${anywhere ? ", at every start position" : ""} — ` +
      `${fixes.slice(0, -1).join(", ")} or ${fixes[fixes.length - 1]}${lineHint}`,
  };
}

/** `33554432` → `"33,554,432"`. */
function withCommas(count: number): string {
  const digits = String(count);
  let out = "";
  for (let i = 0; i < digits.length; i++) out += (i > 0 && (digits.length - i) % 3 === 0 ? "," : "") + digits[i];
  return out;
}

/** "about 12 million", "about 3 billion", "more than a trillion". */
function describeCount(count: number): string {
  if (count >= 1e12) return "more than a trillion";
  if (count >= 1e9) return `about ${Math.round(count / 1e9)} billion`;
  return `about ${Math.max(1, Math.round(count / 1e6))} million`;
}

class Analysis extends MatchStarts {
  constructor(private readonly source: string) {
    super();
  }

  private text(node: RegexNode): string {
    return this.source.slice(node.start, node.end);
  }

  /** The characters that can start a match of `node` or, when it can match nothing, of what follows (`next`). */
  private firstThen(node: RegexNode, next: CharSet): CharSet {
    return this.nullable(node) ? union(this.first(node), next) : this.first(node);
  }

  /** Rule 1 for every repetition of the tree (lookaround bodies included). */
  checkRepetitions(node: RegexNode): RegexSafetyIssue | undefined {
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
}
