import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldCase } from "../src/conditions/regex/case-fold.ts";
import type { CharSet } from "../src/conditions/regex/charset.ts";
import { checkCondition, checkPattern, LIMITS } from "../src/index.ts";

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
  ["^\\s*\\s*\\s*x", ""],
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
