import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { binomialTwoSided } from "../../src/stats/exact-binomial.ts";

/** C(n, k) p^k (1 − p)^(n − k) as a product of n factors (exact to about 1e-14 for small n). */
function pmf(k: number, n: number, p: number): number {
  let value = 1;
  for (let i = 1; i <= k; i++) value *= ((n - k + i) / i) * p;
  return value * (1 - p) ** (n - k);
}

/** The definition, outcome by outcome: Σ P(k) over the k no more likely than the observed one. */
function bruteForce(x: number, n: number, p: number): number {
  const observed = pmf(x, n, p);
  let sum = 0;
  for (let k = 0; k <= n; k++) if (pmf(k, n, p) <= observed * (1 + 1e-7)) sum += pmf(k, n, p);
  return Math.min(1, sum);
}

describe("binomialTwoSided", () => {
  it("5 of 1,000 at 0.1%: 1 − P(X ≤ 4), the false SRM flag of the chi-square test (p 6.3e-5)", () => {
    let below = 0;
    for (let k = 0; k <= 4; k++) below += pmf(k, 1000, 0.001);
    expect(binomialTwoSided(5, 1000, 0.001)).toBeCloseTo(1 - below, 14);
    expect(binomialTwoSided(5, 1000, 0.001) / 0.003636878029521792).toBeCloseTo(1, 9); // SciPy's binomtest gives the same
  });

  it("is twice the lower tail for a fair coin, and 1 at the centre", () => {
    expect(binomialTwoSided(0, 10, 0.5)).toBeCloseTo(2 / 1024, 15);
    expect(binomialTwoSided(1, 10, 0.5)).toBeCloseTo(22 / 1024, 15);
    expect(binomialTwoSided(9, 10, 0.5)).toBeCloseTo(22 / 1024, 15);
    expect(binomialTwoSided(5, 10, 0.5)).toBe(1);
  });

  it("none of 20 at 25%: P(X = 0) plus the upper outcomes no more likely", () => {
    // P(0) = 0.75^20 ≈ 0.00317 lies between P(11) ≈ 0.00301 and P(10) ≈ 0.00992, so the upper outcomes 11…20 count.
    let upper = 0;
    for (let k = 11; k <= 20; k++) upper += pmf(k, 20, 0.25);
    expect(binomialTwoSided(0, 20, 0.25)).toBeCloseTo(0.75 ** 20 + upper, 15);
  });

  it("handles p of 0 and 1, and a million trials", () => {
    expect(binomialTwoSided(0, 50, 0)).toBe(1);
    expect(binomialTwoSided(1, 50, 0)).toBe(0);
    expect(binomialTwoSided(50, 50, 1)).toBe(1);
    expect(binomialTwoSided(49, 50, 1)).toBe(0);
    // Mode 1 and P(0) ≈ P(1) > P(5): p = 1 − P(X ≤ 4), with P(k) ≈ e^−1 / k! (Poisson, error ~1e-7 at n = 10^6).
    const poisson = [1, 1, 1 / 2, 1 / 6, 1 / 24].reduce((sum, term) => sum + term * Math.exp(-1), 0);
    expect(binomialTwoSided(5, 1_000_000, 1e-6)).toBeCloseTo(1 - poisson, 6);
  });

  it("matches the definition outcome by outcome (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 150 }), fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.nat(), (n, p, seed) => {
        const x = seed % (n + 1);
        const expected = bruteForce(x, n, p);
        const actual = binomialTwoSided(x, n, p);
        expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(expected, 1e-300) + 1e-15);
      }),
      { numRuns: 1000 },
    );
  });

  it("refuses impossible arguments", () => {
    expect(() => binomialTwoSided(5, 4, 0.5)).toThrow(RangeError);
    expect(() => binomialTwoSided(1, 4, 1.5)).toThrow(RangeError);
  });
});
