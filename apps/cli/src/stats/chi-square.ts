/**
 * Pearson's chi-square tests: goodness of fit (observed counts against expected counts, for
 * sample-ratio mismatch and bucket uniformity) and independence (a contingency table of two
 * layers' assignments; within strata, see `generalizedCochranMantelHaenszel`). P-values come
 * from the chi-square survival function Q(df/2, χ²/2).
 * @module
 */
import { regularizedGammaQ } from "@strata/segmenters";

/** The outcome of a chi-square test. */
export interface ChiSquareTest {
  /** The statistic: Pearson's Σ (observed − expected)² / expected, or the Cochran–Mantel–Haenszel Q. */
  readonly statistic: number;
  /** Degrees of freedom. */
  readonly df: number;
  /** P(χ² ≥ statistic) under the null hypothesis. */
  readonly pValue: number;
}

/** The upper tail of the chi-square distribution with `df` degrees of freedom: P(X ≥ statistic). */
export function chiSquareSurvival(statistic: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be > 0 (got ${df})`);
  if (statistic <= 0) return 1;
  return regularizedGammaQ(df / 2, statistic / 2);
}

/**
 * Goodness of fit of `observed` counts to `expected` counts (same length, same total). Cells
 * expected to be empty are left out, unless something was observed there, which makes p = 0.
 * Undefined when fewer than two cells can be compared.
 */
export function goodnessOfFit(observed: readonly number[], expected: readonly number[]): ChiSquareTest | undefined {
  if (observed.length !== expected.length) throw new RangeError(`observed has ${observed.length} cells but expected has ${expected.length}`);
  let statistic = 0;
  let cells = 0;
  let impossible = false;
  for (let i = 0; i < observed.length; i++) {
    const o = observed[i] as number;
    const e = expected[i] as number;
    if (e <= 0) {
      if (o > 0) impossible = true;
      continue;
    }
    statistic += ((o - e) * (o - e)) / e;
    cells++;
  }
  const df = cells - 1;
  if (df < 1) return impossible ? { statistic: Infinity, df: Math.max(1, df), pValue: 0 } : undefined;
  if (impossible) return { statistic: Infinity, df, pValue: 0 };
  return { statistic, df, pValue: chiSquareSurvival(statistic, df) };
}

/**
 * Pearson's test of independence of a contingency table (rows × columns of counts). Empty rows
 * and columns are dropped; undefined when fewer than two rows or columns remain (df would be 0).
 */
export function independence(table: readonly (readonly number[])[]): ChiSquareTest | undefined {
  const columnCount = Math.max(0, ...table.map((row) => row.length));
  const rowTotals = table.map((row) => row.reduce((sum, cell) => sum + cell, 0));
  const columnTotals = Array.from({ length: columnCount }, (_, column) => table.reduce((sum, row) => sum + (row[column] ?? 0), 0));
  const rows = rowTotals.flatMap((total, index) => (total > 0 ? [index] : []));
  const columns = columnTotals.flatMap((total, index) => (total > 0 ? [index] : []));
  if (rows.length < 2 || columns.length < 2) return undefined;
  const total = rowTotals.reduce((sum, value) => sum + value, 0);
  let statistic = 0;
  for (const r of rows) {
    for (const c of columns) {
      const expected = ((rowTotals[r] as number) * (columnTotals[c] as number)) / total;
      const difference = (table[r]?.[c] ?? 0) - expected;
      statistic += (difference * difference) / expected;
    }
  }
  const df = (rows.length - 1) * (columns.length - 1);
  return { statistic, df, pValue: chiSquareSurvival(statistic, df) };
}
