import { describe, expect, it } from "vitest";
import { chiSquareTest } from "../src/testing/index.ts";
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
