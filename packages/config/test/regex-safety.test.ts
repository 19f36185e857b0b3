import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkPattern, LIMITS } from "../src/index.ts";

const SAFE = [
  "^Mozilla/",
  "Chrome/(\\d+)",
  "^\\d+(\\.\\d+)*$",
  "^(\\d{1,3}\\.){3}\\d{1,3}$",
  "^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$",
  "iPhone|iPad|Android",
  "^(GET|POST|PUT)$",
  "(\\.\\d+)+",
  "(\\d+,)+",
  "^(a\\d+b?)+$",
  "foo.*bar",
  "^.*foo.*$",
  "[^/]+/[^/]+",
  "^\\s+|\\s+$",
  "(?:ab)+c",
  "(?=.*\\d)[a-z\\d]{8,}",
  "^en(-[A-Z]{2})?$",
  "\\bbot\\b",
  "^[\\w-]+$",
];

const UNSAFE = [
  "(a+)+",
  "(a*)*",
  "(a|a)*",
  "(a|ab)+",
  "(\\w|\\d)+",
  "(\\w+\\s?)*$",
  "^(([a-z])+.)+[A-Z]([a-z])+$",
  "(.*a){12}",
  "(x\\d+\\d?y)+",
  "(\\d+\\d+)+",
  "(a?)+",
  "(|a)+",
  "(a(?:|))+",
  ".*a.*b.*c",
  "\\s*\\s*\\s*x",
];

describe("the regex safety detector", () => {
  it.each(SAFE)("accepts %s", (pattern) => {
    expect(checkPattern(pattern)).toBeUndefined();
  });

  it.each(UNSAFE)("rejects %s", (pattern) => {
    const problem = checkPattern(pattern);
    expect(problem?.code).toBe("unsafe-regex");
    expect(problem?.message).toMatch(/backtrack/);
  });

  it("refuses syntax it cannot analyse, with advice", () => {
    expect(checkPattern("(a)\\1")?.message).toContain("backreferences");
    expect(checkPattern("(?<x>a)\\k<x>")?.message).toContain("backreferences");
    expect(checkPattern("a{")?.message).toContain("escape it");
    expect(checkPattern("\\q")?.message).toContain("not an escape");
    expect(checkPattern("a{2000}")?.message).toContain("1000");
    expect(checkPattern("[z-a]")?.code).toBe("regex-syntax");
    expect(checkPattern("(?<=a)b")).toBeUndefined();
    expect(checkPattern("[\\x41-\\x5a]", "i")).toBeUndefined();
  });

  it("keeps every accepted pattern fast on adversarial strings", () => {
    const n = LIMITS.regexSubjectLength;
    const attacks = ["a".repeat(n) + "!", "1".repeat(n) + "x", " ".repeat(n) + "x", "ab".repeat(n / 2) + "!", "foo".repeat(n / 3) + "!"];
    for (const pattern of SAFE) {
      const regex = new RegExp(pattern);
      const started = performance.now();
      for (const attack of attacks) regex.test(attack);
      expect(performance.now() - started, pattern).toBeLessThan(100);
    }
  });
});

describe("the regex safety detector, fuzzed", () => {
  const { tree } = fc.letrec<{ tree: string }>((tie) => ({
    tree: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom("a", "b", "\\d", ".", "[ab]", "x"),
      fc.tuple(tie("tree"), tie("tree")).map(([a, b]) => a + b),
      fc.tuple(tie("tree"), tie("tree")).map(([a, b]) => `(?:${a}|${b})`),
      fc.tuple(tie("tree"), fc.constantFrom("*", "+", "?", "{1,3}", "{2}")).map(([a, q]) => `(?:${a})${q}`),
    ),
  }));

  it("never throws, and every accepted pattern compiles", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (pattern) => {
        const problem = checkPattern(pattern);
        if (problem === undefined) expect(() => new RegExp(pattern)).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });

  it("accepts no pattern that is slow on adversarial strings up to the subject length limit", () => {
    const n = LIMITS.regexSubjectLength;
    const attacks = ["a".repeat(n - 1) + "!", "ab".repeat(n / 2 - 1) + "!", "1".repeat(n - 1) + "!", "ax".repeat(n / 2 - 1) + "!"];
    fc.assert(
      fc.property(tree, (pattern) => {
        if (checkPattern(pattern) !== undefined) return;
        const regex = new RegExp(pattern);
        const started = performance.now();
        for (const attack of attacks) regex.test(attack);
        // Exponential patterns take seconds here; the accepted worst case is quadratic, about 1M steps.
        expect(performance.now() - started, pattern).toBeLessThan(100);
      }),
      { numRuns: 400 },
    );
  });
});
