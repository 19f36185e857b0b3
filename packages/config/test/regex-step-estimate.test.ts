import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseRegex } from "../src/conditions/regex/parse.ts";
import { plus, sumOver, times, valueAt, type Polynomial } from "../src/conditions/regex/polynomial.ts";
import { findAmbiguousRepetition } from "../src/conditions/regex/safety.ts";
import { estimateSearchSteps } from "../src/conditions/regex/step-estimate.ts";
import { searchSteps } from "./backtracking-matcher.ts";

/** Patterns over the whole supported syntax, biased towards the parts that backtrack. */
const { pattern } = fc.letrec<{ pattern: string }>((tie) => ({
  pattern: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom("a", "b", "x", "\\d", ".", "[ab]", "[^a]", "\\s", "^", "$", "\\b", "\\B", "a*", "b+", "a?", "a{0,3}", "(?:a|)", "(?:)"),
    fc.tuple(tie("pattern"), tie("pattern")).map(([a, b]) => a + b),
    fc.tuple(tie("pattern"), tie("pattern"), tie("pattern")).map(([a, b, c]) => a + b + c),
    fc.tuple(tie("pattern"), tie("pattern")).map(([a, b]) => `(?:${a}|${b})`),
    fc.tuple(tie("pattern"), fc.constantFrom("*", "+", "?", "{0,3}", "{1,3}", "{2}", "{0,15}", "*?")).map(([a, q]) => `(?:${a})${q}`),
    fc.tuple(fc.constantFrom("(?=", "(?!", "(?<=", "(?<!"), tie("pattern")).map(([look, a]) => `${look}${a})`),
  ),
}));

/** Short strings made of runs, the shape that makes backtracking matchers work hardest. */
const text = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom("a", "b", "x", "1", " ", "\n", "ab", "ax", "a1"), fc.integer({ min: 1, max: 12 })), { minLength: 1, maxLength: 3 }),
    fc.constantFrom("", "!", "x", "b", "\n"),
  )
  .map(([runs, end]) => (runs.map(([run, count]) => run.repeat(count)).join("") + end).slice(0, 32));

describe("the regex step estimate", () => {
  it("bounds the steps of a backtracking matcher that agrees with RegExp", () => {
    fc.assert(
      fc.property(pattern, fc.array(text, { minLength: 1, maxLength: 3 }), fc.constantFrom("", "i", "m", "s", "ms"), (source, texts, options) => {
        const parsed = parseRegex(source, { ignoreCase: options.includes("i"), dotAll: options.includes("s") });
        if (!parsed.ok || findAmbiguousRepetition(parsed.node, source) !== undefined) return;
        for (const subject of texts) {
          const bound = estimateSearchSteps(parsed.node, source, { multiline: options.includes("m") }, subject.length).steps;
          const run = searchSteps(source, options, subject, bound); // throws past the bound
          expect(run.matched, `${source} /${options} on ${JSON.stringify(subject)}`).toBe(new RegExp(source, options).test(subject));
        }
      }),
      { numRuns: 2500 },
    );
  });

  it("is close for a pattern without choices", () => {
    // One attempt per start position (5 on 4 characters): the sequence, "a", and "b" where "a" matched.
    expect(estimateSearchSteps(parse("ab"), "ab", { multiline: false }, 4).steps).toBe(5 * 3);
    expect(searchSteps("ab", "", "aaaa").steps).toBe(4 * 3 + 2);
  });

  it("charges a split between overlapping repetitions once per split", () => {
    const quadratic = (length: number) => estimateSearchSteps(parse("^.*.*x"), "^.*.*x", { multiline: false }, length).steps;
    const linear = (length: number) => estimateSearchSteps(parse("^[^x]*x.*y"), "^[^x]*x.*y", { multiline: false }, length).steps;
    expect(quadratic(200) / quadratic(100)).toBeGreaterThan(3.5);
    expect(linear(200) / linear(100)).toBeLessThan(2.5);
  });

  it("counts a deterministic repetition of scans as one scan of the string", () => {
    const growth = (source: string) => {
      const node = parse(source);
      return estimateSearchSteps(node, source, { multiline: false }, 2000).steps / estimateSearchSteps(node, source, { multiline: false }, 1000).steps;
    };
    expect(growth("^(\\.\\d+)+")).toBeLessThan(2.1);
    expect(growth("^(?:(?=.*x)a)+")).toBeGreaterThan(3.5); // the lookahead reads ahead at every iteration
  });
});

describe("polynomials with non-negative coefficients", () => {
  const polynomial = fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 4 });

  it("bound a sum over any split of x by sumOver", () => {
    fc.assert(
      fc.property(polynomial, fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 8 }), (p: Polynomial, parts) => {
        const x = parts.reduce((sum, part) => sum + part, 0);
        const sum = parts.reduce((total, part) => total + valueAt(p, part), 0);
        expect(sum).toBeLessThanOrEqual(valueAt(sumOver(p, [parts.length]), x));
      }),
    );
  });

  it("add and multiply as their values do", () => {
    fc.assert(
      fc.property(polynomial, polynomial, fc.integer({ min: 0, max: 30 }), (p: Polynomial, q: Polynomial, x) => {
        expect(valueAt(plus(p, q), x)).toBe(valueAt(p, x) + valueAt(q, x));
        expect(valueAt(times(p, q), x)).toBe(valueAt(p, x) * valueAt(q, x));
      }),
    );
  });
});

function parse(source: string) {
  const parsed = parseRegex(source, { ignoreCase: false, dotAll: false });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.node;
}
