/**
 * Pearson's chi-square goodness-of-fit test, with the p-value from the regularized upper
 * incomplete gamma function, for checking a segmenter's shares.
 * @module
 */

/** The outcome of a chi-square goodness-of-fit test. */
export interface ChiSquareResult {
  /** Pearson's statistic, Σ (observed − expected)² / expected (Infinity when a category expected to be empty is not). */
  readonly statistic: number;
  /** Categories with a non-zero expected count, minus one. */
  readonly degreesOfFreedom: number;
  /** The probability of a statistic at least this large if the expected shares are right. */
  readonly pValue: number;
}

/** Tests observed counts against expected counts (same order, same total). */
export function chiSquareTest(observed: readonly number[], expected: readonly number[]): ChiSquareResult {
  if (observed.length !== expected.length) throw new RangeError("chiSquareTest: observed and expected need the same number of categories");
  let statistic = 0;
  let categories = 0;
  for (let i = 0; i < observed.length; i++) {
    const o = observed[i] as number;
    const e = expected[i] as number;
    if (e > 0) {
      categories++;
      statistic += ((o - e) * (o - e)) / e;
    } else if (o > 0) {
      statistic = Infinity;
    }
  }
  const degreesOfFreedom = Math.max(categories - 1, 0);
  let pValue: number;
  if (statistic === Infinity) pValue = 0;
  else if (degreesOfFreedom === 0) pValue = 1;
  else pValue = upperRegularizedGamma(degreesOfFreedom / 2, statistic / 2);
  return { statistic, degreesOfFreedom, pValue };
}

/** Q(a, x) = Γ(a, x) / Γ(a): a series below a + 1, a continued fraction above (Numerical Recipes). */
export function upperRegularizedGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return Math.max(0, 1 - sum * Math.exp(logPrefix));
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.min(1, Math.exp(logPrefix) * h);
}

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = 0.99999999999980993;
  LANCZOS.forEach((coefficient, i) => {
    sum += coefficient / (z + i + 1);
  });
  const t = z + LANCZOS.length - 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}
