/** Chi-square goodness-of-fit helpers for share tests. */

/** Critical values of chi-square at p = 0.001 by degrees of freedom (1–12). */
const CRITICAL_0_001 = [0, 10.828, 13.816, 16.266, 18.467, 20.515, 22.458, 24.322, 26.124, 27.877, 29.588, 31.264, 32.909];

/** The chi-square statistic of observed counts against expected shares (summing to 1). */
export function chiSquare(observed: Record<string, number>, expectedShares: Record<string, number>): { statistic: number; df: number } {
  const total = Object.values(observed).reduce((a, b) => a + b, 0);
  let statistic = 0;
  let cells = 0;
  for (const [key, share] of Object.entries(expectedShares)) {
    if (share === 0) {
      if ((observed[key] ?? 0) > 0) return { statistic: Infinity, df: 1 };
      continue;
    }
    const expected = share * total;
    const diff = (observed[key] ?? 0) - expected;
    statistic += (diff * diff) / expected;
    cells++;
  }
  for (const key of Object.keys(observed)) if (!(key in expectedShares) && (observed[key] ?? 0) > 0) return { statistic: Infinity, df: 1 };
  return { statistic, df: Math.max(1, cells - 1) };
}

/** True when the counts are consistent with the shares at p = 0.001. */
export function sharesMatch(observed: Record<string, number>, expectedShares: Record<string, number>): boolean {
  const { statistic, df } = chiSquare(observed, expectedShares);
  return statistic < (CRITICAL_0_001[df] ?? Infinity);
}

/** Counts occurrences of each key. */
export function tally(keys: Iterable<string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of keys) out[key] = (out[key] ?? 0) + 1;
  return out;
}
