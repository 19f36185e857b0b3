import { describe, expect, it } from "vitest";
import { logGamma, regularizedGammaP, regularizedGammaQ } from "../src/index.ts";

/** Q(a, x) for whole a: e^(−x) Σ_{k<a} x^k / k!, summed in logs (all terms positive, so it is exact to rounding). */
function integerQ(a: number, x: number): number {
  let sum = 0;
  let logTerm = -x;
  for (let k = 0; k < a; k++) {
    if (k > 0) logTerm += Math.log(x) - Math.log(k);
    sum += Math.exp(logTerm);
  }
  return sum;
}

describe("logGamma", () => {
  it("matches known values of Γ", () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(2)).toBeCloseTo(0, 14);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13); // 0.5723649429247001
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(logGamma(100)).toBeCloseTo(359.13420536957540, 9);
    expect(logGamma(0.1)).toBeCloseTo(2.252712651734206, 12);
  });

  it("rejects x <= 0", () => {
    expect(() => logGamma(0)).toThrow(RangeError);
    expect(() => logGamma(-1)).toThrow(RangeError);
  });
});

describe("regularized incomplete gamma", () => {
  it("P(1, x) = 1 − e^(−x)", () => {
    for (const x of [0.001, 0.5, 1, 2, 10, 30]) expect(regularizedGammaP(1, x)).toBeCloseTo(1 - Math.exp(-x), 14);
  });

  it("P(3, 2) = 1 − 5e^(−2)", () => {
    expect(regularizedGammaP(3, 2)).toBeCloseTo(1 - 5 * Math.exp(-2), 14); // 0.3233235838169366
  });

  it("Q(1/2, x) = erfc(√x) at known values of erfc", () => {
    expect(regularizedGammaQ(0.5, 0.25)).toBeCloseTo(0.4795001221869535, 13); // erfc(0.5)
    expect(regularizedGammaQ(0.5, 1)).toBeCloseTo(0.1572992070502851, 13); // erfc(1)
    expect(regularizedGammaQ(0.5, 4)).toBeCloseTo(0.004677734981047266, 15); // erfc(2)
    expect(regularizedGammaQ(0.5, 9) / 2.209049699858544e-5).toBeCloseTo(1, 11); // erfc(3)
  });

  it("matches the closed form for whole a, on both sides of x = a + 1 (series and continued fraction)", () => {
    for (const a of [1, 2, 5, 17, 100, 500]) {
      for (const x of [a * 0.3, a * 0.9, a + 0.5, a + 2, a * 1.5, a * 3]) {
        const exact = integerQ(a, x);
        expect(Math.abs(regularizedGammaQ(a, x) - exact)).toBeLessThan(1e-12 + exact * 1e-10);
        expect(regularizedGammaP(a, x) + regularizedGammaQ(a, x)).toBeCloseTo(1, 12);
      }
    }
  });

  it("keeps the digits of tiny tail probabilities", () => {
    const q = regularizedGammaQ(5, 200);
    const exact = integerQ(5, 200);
    expect(q / exact).toBeCloseTo(1, 10);
    expect(q).toBeGreaterThan(0);
    expect(q).toBeLessThan(1e-70);
  });

  it("handles the ends and rejects bad arguments", () => {
    expect(regularizedGammaP(2, 0)).toBe(0);
    expect(regularizedGammaQ(2, 0)).toBe(1);
    expect(regularizedGammaQ(2, Infinity)).toBe(0);
    expect(() => regularizedGammaP(0, 1)).toThrow(RangeError);
    expect(() => regularizedGammaQ(1, -1)).toThrow(RangeError);
  });
});
