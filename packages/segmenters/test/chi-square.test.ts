import { describe, expect, it } from "vitest";
import { chiSquareTest } from "../src/testing/index.ts";
import { independenceTest } from "../src/testing/independence.ts";
import { regularizedGammaQ as upperRegularizedGamma } from "../src/index.ts";

describe("chiSquareTest", () => {
  it("gives textbook p-values", () => {
    // Critical values of the chi-square distribution at p = 0.05 and 0.001.
    expect(upperRegularizedGamma(0.5, 3.841459 / 2)).toBeCloseTo(0.05, 6);
    expect(upperRegularizedGamma(2.5, 11.0705 / 2)).toBeCloseTo(0.05, 5);
    expect(upperRegularizedGamma(5, 29.5883 / 2)).toBeCloseTo(0.001, 6);
    expect(upperRegularizedGamma(50, 124.342 / 2)).toBeCloseTo(0.05, 4);
  });

  it("computes Pearson's statistic and degrees of freedom", () => {
    const result = chiSquareTest([45, 55], [50, 50]);
    expect(result.statistic).toBeCloseTo(1, 12);
    expect(result.degreesOfFreedom).toBe(1);
    expect(result.pValue).toBeCloseTo(0.3173, 4);
  });

  it("fails counts in a category expected to be empty, and ignores empty ones", () => {
    expect(chiSquareTest([1, 99], [0, 100]).pValue).toBe(0);
    expect(chiSquareTest([0, 50, 50], [0, 50, 50])).toEqual({ statistic: 0, degreesOfFreedom: 1, pValue: 1 });
    expect(chiSquareTest([100], [100]).pValue).toBe(1);
  });
});

describe("independenceTest", () => {
  const pairsOf = (rows: [string | null, string | null, number][]) => rows.flatMap(([a, b, n]) => Array.from({ length: n }, () => [a, b] as const));

  it("gives Cramér's V 0 for independent assignments and 1 when one determines the other, whatever the labels", () => {
    expect(independenceTest(pairsOf([["a", "x", 25], ["a", "y", 25], ["b", "x", 25], ["b", "y", 25]]))).toEqual({ statistic: 0, degreesOfFreedom: 1, cramersV: 0 });
    expect(independenceTest(pairsOf([["a", "y", 30], ["b", "x", 60], [null, null, 10]])).cramersV).toBeCloseTo(1, 12);
    expect(independenceTest(pairsOf([["a", "a", 100]]))).toEqual({ statistic: 0, degreesOfFreedom: 0, cramersV: 0 });
  });

  it("counts groups rarer than minUnits as the most common group", () => {
    const pairs = pairsOf([["a", "x", 500], ["a", "y", 500], ["b", "x", 500], ["b", "y", 499], ["rare", "rare", 1]]);
    expect(independenceTest(pairs).cramersV).toBeGreaterThan(0.5);
    expect(independenceTest(pairs, 20).cramersV).toBeLessThan(0.01);
  });
});
