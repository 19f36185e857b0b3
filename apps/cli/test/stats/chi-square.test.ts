import { describe, expect, it } from "vitest";
import { chiSquareSurvival, goodnessOfFit, independence } from "../../src/stats/chi-square.ts";

describe("chiSquareSurvival", () => {
  it("gives the textbook critical values' tail probabilities", () => {
    // Critical values (standard tables; df 10 and 1000 recomputed exactly from the closed form for even df).
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(10.827566170662733, 1)).toBeCloseTo(0.001, 13);
    expect(chiSquareSurvival(5.991464547107979, 2)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(18.307038053275146, 10)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(29.588298445074418, 10)).toBeCloseTo(0.001, 13);
    expect(chiSquareSurvival(1106.9689943522155, 1000)).toBeCloseTo(0.01, 12); // many bins: the uniformity test of a 1000-bucket layer
  });

  it("with 2 degrees of freedom is e^(−x/2)", () => {
    for (const x of [0.1, 1, 7, 40, 300]) expect(chiSquareSurvival(x, 2) / Math.exp(-x / 2)).toBeCloseTo(1, 11);
  });

  it("is 1 at 0 and needs positive degrees of freedom", () => {
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(() => chiSquareSurvival(1, 0)).toThrow(RangeError);
  });
});

describe("goodnessOfFit", () => {
  it("computes Pearson's statistic (a fair die rolled 60 times)", () => {
    const test = goodnessOfFit([5, 8, 9, 8, 10, 20], [10, 10, 10, 10, 10, 10]);
    expect(test?.statistic).toBeCloseTo(13.4, 12);
    expect(test?.df).toBe(5);
    expect(test?.pValue).toBeCloseTo(0.019905220334774558, 10);
  });

  it("leaves out cells expected empty, but an observation there makes p = 0", () => {
    expect(goodnessOfFit([50, 50, 0], [50, 50, 0])?.df).toBe(1);
    expect(goodnessOfFit([50, 49, 1], [50, 50, 0])?.pValue).toBe(0);
  });

  it("is undefined with a single comparable cell", () => {
    expect(goodnessOfFit([100], [100])).toBeUndefined();
  });
});

describe("independence", () => {
  it("computes Pearson's test of a 2×2 table", () => {
    // Rows: treatment/control; columns: converted/not. Expected counts 30/70 each row.
    const test = independence([
      [20, 80],
      [40, 60],
    ]);
    expect(test?.statistic).toBeCloseTo(9.523809523809524, 12);
    expect(test?.df).toBe(1);
    expect(test?.pValue).toBeCloseTo(0.0020287, 6);
  });

  it("drops empty rows and columns; undefined when one side has a single category", () => {
    expect(independence([[10, 0, 10], [0, 0, 0], [10, 0, 10]])?.df).toBe(1);
    expect(independence([[10, 20, 30]])).toBeUndefined();
  });
});
