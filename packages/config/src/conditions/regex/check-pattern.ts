/**
 * Whether a `$regex` pattern may be used: short enough, in the supported syntax, accepted by
 * JavaScript, and free of catastrophic backtracking.
 * @module
 */
import { LIMITS } from "../../limits.ts";
import { codePointLength, withinLength } from "../../text-length.ts";
import { parseRegex } from "./parse.ts";
import { findBacktrackingRisk } from "./safety.ts";

/** Why a pattern is refused: `regex-syntax`, `regex-too-long` or `unsafe-regex`, and a sentence. */
export interface PatternProblem {
  /** The problem code. */
  readonly code: "regex-syntax" | "regex-too-long" | "unsafe-regex";
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** Checks `pattern` with `$options` letters (`i`, `m`, `s`); undefined when it is safe to compile. */
export function checkPattern(pattern: string, options = ""): PatternProblem | undefined {
  if (!withinLength(pattern, LIMITS.regexLength)) {
    return {
      code: "regex-too-long",
      message: `the pattern is ${codePointLength(pattern)} characters long; the limit is ${LIMITS.regexLength} — shorten it or use $in for lists of values`,
    };
  }
  const parsed = parseRegex(pattern, { ignoreCase: options.includes("i"), dotAll: options.includes("s") });
  if (!parsed.ok) return { code: "regex-syntax", message: `the pattern is not valid: ${parsed.message}` };
  try {
    new RegExp(pattern, options);
  } catch (error) {
    return { code: "regex-syntax", message: `the pattern is not valid: ${(error as Error).message}` };
  }
  const risk = findBacktrackingRisk(parsed.node, pattern, { multiline: options.includes("m") });
  if (risk !== undefined) return { code: "unsafe-regex", message: `the pattern can backtrack catastrophically: ${risk.message}` };
  return undefined;
}
