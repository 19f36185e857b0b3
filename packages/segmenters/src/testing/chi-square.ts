/**
 * Pearson's chi-square goodness-of-fit test, with the p-value from the regularized upper
 * incomplete gamma function (from the package's stats), for checking a segmenter's shares.
 * @module
 */
import { regularizedGammaQ } from "@strata/segmenters";

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
  else pValue = regularizedGammaQ(degreesOfFreedom / 2, statistic / 2);
  return { statistic, degreesOfFreedom, pValue };
}
