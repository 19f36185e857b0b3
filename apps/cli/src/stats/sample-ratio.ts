/**
 * The sample-ratio-mismatch test of one experiment: its groups' counts against the counts their
 * expected shares predict. Pearson's chi-square when every group expects at least 5 units (the
 * usual validity rule); otherwise an exact test, because the chi-square approximation then
 * overstates small deviations by orders of magnitude: the exact binomial test for two groups,
 * and for more, each group's exact binomial test against the rest, Bonferroni-corrected
 * (p = min(1, groups × the smallest p), which never rejects more often than alpha).
 * @module
 */
import { goodnessOfFit, type ChiSquareTest } from "./chi-square.ts";
import { binomialTwoSided } from "./exact-binomial.ts";

/** Below this expected count a group is tested exactly. */
export const MIN_EXPECTED_FOR_CHI_SQUARE = 5;

/** How a sample-ratio p-value was computed. */
export type SampleRatioMethod = "chi-square" | "exact binomial" | "exact binomial per group, Bonferroni";

/** A sample-ratio test: Pearson's statistic and df (for reference) and the p-value of `method`. */
export interface SampleRatioTest extends ChiSquareTest {
  /** How `pValue` was computed. */
  readonly method: SampleRatioMethod;
}

/**
 * Tests `observed` counts against `expected` counts (same length, same total). Cells expected to
 * be empty are left out, unless something was observed there, which makes p = 0. Undefined when
 * fewer than two cells can be compared.
 */
export function sampleRatioTest(observed: readonly number[], expected: readonly number[]): SampleRatioTest | undefined {
  const pearson = goodnessOfFit(observed, expected);
  if (pearson === undefined) return undefined;
  if (pearson.statistic === Infinity) return { ...pearson, method: "chi-square" }; // an observation where none is possible: p = 0 whatever the test
  const cells = expected.flatMap((e, index) => (e > 0 ? [index] : []));
  if (cells.every((index) => (expected[index] as number) >= MIN_EXPECTED_FOR_CHI_SQUARE)) return { ...pearson, method: "chi-square" };
  const total = cells.reduce((sum, index) => sum + (observed[index] as number), 0);
  const expectedTotal = cells.reduce((sum, index) => sum + (expected[index] as number), 0);
  const exact = (index: number): number => binomialTwoSided(observed[index] as number, total, Math.min(1, (expected[index] as number) / expectedTotal));
  if (cells.length === 2) return { ...pearson, pValue: exact(cells[0] as number), method: "exact binomial" };
  const smallest = Math.min(...cells.map(exact));
  return { ...pearson, pValue: Math.min(1, cells.length * smallest), method: "exact binomial per group, Bonferroni" };
}
