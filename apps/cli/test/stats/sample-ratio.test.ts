import { describe, expect, it } from "vitest";
import { goodnessOfFit } from "../../src/stats/chi-square.ts";
import { binomialTwoSided } from "../../src/stats/exact-binomial.ts";
import { sampleRatioTest } from "../../src/stats/sample-ratio.ts";

describe("sampleRatioTest", () => {
  it("is Pearson's chi-square when every group expects at least 5 units", () => {
    const test = sampleRatioTest([520, 480], [500, 500]);
    expect(test).toEqual({ ...goodnessOfFit([520, 480], [500, 500]), method: "chi-square" });
    expect(test?.pValue).toBeCloseTo(0.2059032107320683, 12); // χ² = 1.6, df 1: erfc(√0.8)
  });

  it("is the exact binomial test for two groups when one expects fewer than 5 (rest / 0.1% of 1,000 units)", () => {
    const test = sampleRatioTest([995, 5], [999, 1]);
    expect(test?.method).toBe("exact binomial");
    expect(test?.pValue).toBeCloseTo(binomialTwoSided(5, 1000, 0.001), 13);
    expect(test?.pValue).toBeCloseTo(0.003636878029521792, 12); // not the chi-square's 6.3e-5, which flagged it
    expect(goodnessOfFit([995, 5], [999, 1])?.pValue).toBeLessThan(0.001);
    expect(test?.statistic).toBeCloseTo(16.016, 3); // Pearson's statistic is still reported, for reference
  });

  it("tests each group exactly against the rest with a Bonferroni correction for more than two groups", () => {
    const test = sampleRatioTest([990, 5, 5], [998, 1, 1]);
    expect(test?.method).toBe("exact binomial per group, Bonferroni");
    const each = [binomialTwoSided(990, 1000, 0.998), binomialTwoSided(5, 1000, 0.001), binomialTwoSided(5, 1000, 0.001)];
    expect(test?.pValue).toBeCloseTo(Math.min(1, 3 * Math.min(...each)), 13);
    expect(sampleRatioTest([998, 1, 1], [998, 1, 1])?.pValue).toBe(1);
  });

  it("leaves out groups expected to be empty, and gives p = 0 when one of them has units", () => {
    expect(sampleRatioTest([995, 5, 0], [999, 1, 0])?.method).toBe("exact binomial");
    expect(sampleRatioTest([995, 4, 1], [999, 1, 0])?.pValue).toBe(0);
    expect(sampleRatioTest([1000], [1000])).toBeUndefined();
  });
});
