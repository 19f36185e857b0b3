import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldCase } from "../src/conditions/regex/case-fold.ts";
import type { CharSet } from "../src/conditions/regex/charset.ts";
import { checkCondition, checkPattern, LIMITS } from "../src/index.ts";
import { searchSteps, StepLimitExceeded } from "./backtracking-matcher.ts";

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
  // Realistic conditions: user agents, versions, locales, addresses.
  "^Mozilla/5\\.0",
  "(iPhone|iPad)",
  "\\d{1,3}\\.\\d{1,3}",
  "^[a-z]{2}-[A-Z]{2}$",
  "^\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?$",
  "^v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$",
  "^[a-z0-9._%+-]{1,64}@[a-z0-9.-]{1,255}\\.[a-z]{2,24}$",
  "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$",
  "@example\\.com$",
  "Chrome/(\\d+)\\.(\\d+)\\.(\\d+)\\.(\\d+)",
  "CPU (?:iPhone )?OS (\\d+)_(\\d+)",
  "Version/\\d+(\\.\\d+)? Safari",
  "(\\w+)/(\\d+(?:\\.\\d+)*)",
  "Mozilla/\\d+\\.\\d+ \\([^)]*\\) AppleWebKit/\\d+(\\.\\d+)*",
  "\\b(?:bot|crawl|spider|slurp)\\b",
  ".*@example\\.com$",
  "^.*a.*b",
  "a{0,15}b",
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
  // Bounded repetitions multiply their choices: 16⁶ ways to split a run of a's.
  "a{0,15}a{0,15}a{0,15}a{0,15}a{0,15}a{0,15}b",
  "^a{0,15}a{0,15}a{0,15}a{0,15}a{0,15}a{0,15}a{0,15}b",
  // So do overlapping alternatives and optional parts outside repetitions.
  "(?:a|a)".repeat(20) + "x",
  "(?:|)".repeat(20) + "x",
  "(?:a?)".repeat(30) + "x",
  // A scan after an ambiguous split is paid once per split: cubic.
  ".*b*c",
  "^\\s*\\s*\\s*x",
  "\\d+\\d*x",
  "[^@\\s]+@[^@\\s]+\\.[^@\\s]+",
  // The last iteration of a repetition can end inside the body, ambiguously with what follows.
  "(ab*)+b*c",
  // A lookahead is searched again at every iteration.
  "(?:(?=.*x)a)+y",
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

  it("keeps every accepted pattern within the step limit on adversarial strings", () => {
    for (const pattern of SAFE) {
      for (const attack of attacks(pattern)) {
        // searchSteps throws once it passes the limit.
        expect(searchSteps(pattern, "", attack, LIMITS.regexSteps).steps, pattern).toBeLessThanOrEqual(LIMITS.regexSteps);
      }
    }
  });

  it("refuses the product of bounded repetitions, naming them", () => {
    const pattern = "a{0,15}a{0,15}a{0,15}a{0,15}a{0,15}a{0,15}b";
    expect(() => searchSteps(pattern, "", "a".repeat(72), LIMITS.regexSteps)).toThrow(StepLimitExceeded);
    const message = checkPattern(pattern)?.message ?? "";
    expect(message).toContain(`"a{0,15}" can match the same characters as what follows it`);
    expect(message).toContain(`steps on a 1,024-character attribute, more than the limit of 33,554,432`);
  });

  it("names the fix for an unanchored search", () => {
    expect(checkPattern("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")?.message).toContain(`at every start position — make the parts more specific`);
    expect(checkPattern("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+")).toBeUndefined();
  });
});

/** Strings of `LIMITS.regexSubjectLength` characters that almost match: runs of the pattern's own characters, then a misfit. */
function attacks(pattern: string): string[] {
  const n = LIMITS.regexSubjectLength;
  const letters = [...new Set([...pattern.replace(/\\./g, "").replace(/[^A-Za-z0-9@/ ._-]/g, "")])].slice(0, 6);
  const runs = ["a", "1", " ", "ab", "1.", "a@", ...letters].map((run) => run.repeat(Math.ceil(n / run.length)).slice(0, n - 1) + "\u0000");
  const halves = ["a".repeat(n / 2) + "b".repeat(n / 2 - 1) + "\u0000", "x".repeat(n - 1) + "!"];
  return [...runs, ...halves];
}

/** Patterns that only the `i` flag makes ambiguous, beyond ASCII: `[pattern, options]`. */
const UNSAFE_WITH_OPTIONS: [string, string][] = [
  ["(é|É)+$", "i"],
  ["(ж|Ж)+", "i"],
  ["(σ|ς)+", "i"], // final sigma: both stand for Σ
  ["(µ|μ)+", "i"], // the micro sign and mu
  ["(ǅ|ǆ)+", "i"], // title case
  ["(é+É)+", "i"], // a nested quantifier that can continue with what follows
  ["(\\u00e9|\\u00c9)+", "i"],
  ["([à-ÿ]|Ý)+", "i"],
  ["(a|A)+", "i"],
  // With "m", ^ matches after every line break, so it fixes the start only when nothing can match one.
  ["^.*.*X", "ms"],
  ["^[\\s\\S]*[\\s\\S]*X", "m"],
  ["^\\s*\\s*\\s*x", "m"],
  ["^.*foo.*$", "ms"],
];

/** Safe patterns with options, including some that look like the unsafe ones. */
const SAFE_WITH_OPTIONS: [string, string][] = [
  ["(é+É)+", ""],
  ["([^é]|É)+", "i"], // [^é] under i excludes É too
  ["(é|ü)+$", "i"],
  ["(ж|з)+", "i"],
  ["^[à-ÿ]+(-[à-ÿ]+)*$", "i"],
  ["(ſ|s)+", "i"], // without the u flag, ſ does not match s
  ["(\\u212a|k)+", "i"], // nor does the Kelvin sign match k
  ["^.*.*X", "s"],
  ["^.*.*X", "m"], // "." cannot cross a line break, so each attempt stays in its line
  ["^.*foo.*$", "m"],
  ["^\\d+(\\.\\d+)*$", "ims"],
];

describe("the regex safety detector with $options", () => {
  it.each(UNSAFE_WITH_OPTIONS)("rejects %s with %j", (pattern, options) => {
    expect(checkPattern(pattern, options)?.code).toBe("unsafe-regex");
  });

  it.each(SAFE_WITH_OPTIONS)("accepts %s with %j", (pattern, options) => {
    expect(checkPattern(pattern, options)).toBeUndefined();
  });

  it("keeps the ASCII-only safe patterns safe under i", () => {
    for (const pattern of SAFE) expect(checkPattern(pattern, "i"), pattern).toBeUndefined();
  });

  it("passes $options from a condition to the checker", () => {
    expect(checkCondition({ name: { $regex: "(é|É)+$", $options: "i" } }).map((p) => p.code)).toEqual(["unsafe-regex"]);
    expect(checkCondition({ name: { $regex: "(é|É)+$" } })).toEqual([]);
    const [multiline] = checkCondition({ ua: { $regex: "^.*.*X", $options: "ms" } });
    expect(multiline?.message).toContain(`with the "m" option, cannot match a line break`);
  });
});

describe("case folding under the i flag", () => {
  const hex = (code: number) => `\\u${code.toString(16).padStart(4, "0")}`;
  const classSource = (set: CharSet) => {
    let source = "";
    for (let i = 0; i < set.length; i += 2) source += set[i] === set[i + 1] ? hex(set[i]!) : `${hex(set[i]!)}-${hex(set[i + 1]!)}`;
    return source;
  };
  const members = (set: CharSet) => {
    const out: number[] = [];
    for (let i = 0; i < set.length; i += 2) for (let code = set[i]!; code <= set[i + 1]!; code++) out.push(code);
    return out;
  };

  it("makes equal exactly the UTF-16 code units that JavaScript's i flag makes equal", () => {
    // Partition every code unit by foldCase, then ask the regex engine: each class's members match
    // one another, and a class built from every partition with bit b of its index clear matches
    // nothing else (two units in different partitions differ in some bit of their index).
    const partition = new Int32Array(0x10000).fill(-1);
    const classes: number[][] = [];
    const inTwoClasses: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      if (partition[code] !== -1) continue;
      const cls = members(foldCase([code, code]));
      for (const member of cls) {
        if (partition[member] !== -1) inTwoClasses.push(hex(member));
        partition[member] = classes.length;
      }
      classes.push(cls);
    }
    expect(inTwoClasses).toEqual([]);
    const unequal: string[] = [];
    for (const cls of classes) {
      if (cls.length < 2) continue;
      const first = new RegExp(`^${hex(cls[0]!)}$`, "i");
      for (const member of cls) if (!first.test(String.fromCharCode(member))) unequal.push(`${hex(cls[0]!)} ${hex(member)}`);
    }
    expect(unequal).toEqual([]);
    let everyUnit = "";
    for (let code = 0; code <= 0xffff; code++) everyUnit += String.fromCharCode(code);
    for (let bit = 0; 1 << bit < classes.length; bit++) {
      const expected: number[] = [];
      for (let code = 0; code <= 0xffff; code++) if (((partition[code]! >> bit) & 1) === 0) expected.push(code);
      const regex = new RegExp(`[${classSource(toRanges(expected))}]`, "gi");
      const matched = [...everyUnit.matchAll(regex)].map((match) => match[0].charCodeAt(0));
      expect(matched.length, `bit ${bit}`).toBe(expected.length);
      expect(matched, `bit ${bit}`).toEqual(expected);
    }
  });

  it("adds the other cases of non-ASCII letters, and nothing for ASCII-lookalikes", () => {
    const code = (char: string) => char.charCodeAt(0);
    expect(members(foldCase([code("é"), code("é")]))).toEqual([code("É"), code("é")]);
    expect(members(foldCase([code("ς"), code("ς")]))).toEqual([code("Σ"), code("ς"), code("σ")]);
    expect(members(foldCase([code("k"), code("k")]))).toEqual([code("K"), code("k")]);
    expect(members(foldCase([code("ſ"), code("ſ")]))).toEqual([code("ſ")]);
  });
});

/** Ascending code units as a CharSet of maximal ranges. */
function toRanges(codes: readonly number[]): number[] {
  const out: number[] = [];
  for (const code of codes) {
    if (out.length > 0 && code === out[out.length - 1]! + 1) out[out.length - 1] = code;
    else out.push(code, code);
  }
  return out;
}

describe("the regex safety detector, fuzzed", () => {
  it("never throws, and every accepted pattern compiles", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (pattern) => {
        const problem = checkPattern(pattern);
        if (problem === undefined) expect(() => new RegExp(pattern)).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });

  it("accepts no pattern that needs more than LIMITS.regexSteps steps on adversarial strings up to the length limit", () => {
    // Building blocks of slow patterns: scans, bounded repetitions, optional parts, lookaheads.
    const { pattern } = fc.letrec<{ pattern: string }>((tie) => ({
      pattern: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.constantFrom("a", "b", "x", "\\d", ".", "[ab]", "[^a]", "\\s", "^", "$", "a*", "b+", ".*", "a{0,3}", "a{0,15}", "(?:a|)", "(?=.*x)"),
        fc.tuple(tie("pattern"), tie("pattern")).map(([a, b]) => a + b),
        fc.tuple(tie("pattern"), tie("pattern"), tie("pattern")).map(([a, b, c]) => a + b + c),
        fc.tuple(tie("pattern"), tie("pattern")).map(([a, b]) => `(?:${a}|${b})`),
        fc.tuple(tie("pattern"), fc.constantFrom("*", "+", "?", "{0,3}", "{1,3}", "{0,15}")).map(([a, q]) => `(?:${a})${q}`),
      ),
    }));
    const n = LIMITS.regexSubjectLength;
    const strings = [
      "a".repeat(n - 1) + "!",
      "b".repeat(n - 1) + "!",
      "1".repeat(n - 1) + "!",
      "ab".repeat(n / 2 - 1) + "!",
      "ax".repeat(n / 2 - 1) + "!",
      "a".repeat(n / 2) + "b".repeat(n / 2 - 1) + "!",
      "x".repeat(n - 1) + "a",
    ];
    fc.assert(
      fc.property(pattern, (source) => {
        if (checkPattern(source) !== undefined) return;
        // Steps are counted, not timed: searchSteps throws once it passes the limit.
        for (const text of strings) searchSteps(source, "", text, LIMITS.regexSteps);
      }),
      { numRuns: 300 },
    );
  });
});
