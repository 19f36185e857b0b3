/** Chi-square goodness of fit at p = 0.001, for the share tests. */

const CRITICAL_0_001 = [0, 10.828, 13.816, 16.266, 18.467, 20.515];

/** The chi-square statistic of `observed` counts against `shares` (summing to 1) and whether it passes at p = 0.001. */
export function chiSquare(observed: Record<string, number>, shares: Record<string, number>): { statistic: number; passes: boolean } {
  const total = Object.values(observed).reduce((a, b) => a + b, 0);
  let statistic = 0;
  for (const [key, share] of Object.entries(shares)) {
    const expected = share * total;
    statistic += ((observed[key] ?? 0) - expected) ** 2 / expected;
  }
  const unexpected = Object.keys(observed).some((key) => !(key in shares));
  const df = Object.keys(shares).length - 1;
  return { statistic, passes: !unexpected && statistic < (CRITICAL_0_001[df] ?? Infinity) };
}

/** Counts occurrences of each key. */
export function tally(keys: Iterable<string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of keys) out[key] = (out[key] ?? 0) + 1;
  return out;
}
