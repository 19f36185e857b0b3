/**
 * The generalized Cochran–Mantel–Haenszel test of general association: is a row variable
 * associated with a column variable within strata, given each stratum's margins? Unlike Pearson's
 * chi-square summed over strata, it stays valid when strata are small (a stratum of n units
 * inflates Pearson's statistic by n/(n − 1), and a stratum of one unit has no test at all): each
 * stratum contributes its observed − expected counts and their exact hypergeometric covariance,
 * summed before one quadratic form Q = Uᵀ V⁻ U is taken, chi-square with (R − 1)(C − 1) degrees
 * of freedom — fewer when some categories never vary within a stratum (df is the rank of V).
 * @module
 */
import { chiSquareSurvival, type ChiSquareTest } from "./chi-square.ts";
import { quadraticForm } from "./pivoted-cholesky.ts";

/**
 * The generalized Cochran–Mantel–Haenszel test over `tables`, one contingency table (rows ×
 * columns of counts, same categories in every table) per stratum. Rows and columns empty in every
 * stratum are dropped; a stratum with one unit, one row or one column adds nothing. With one
 * stratum, Q = (n − 1)/n × Pearson's statistic. Undefined when nothing varies (df would be 0).
 */
export function generalizedCochranMantelHaenszel(tables: readonly (readonly (readonly number[])[])[]): ChiSquareTest | undefined {
  const rowCount = Math.max(0, ...tables.map((table) => table.length));
  const columnCount = Math.max(0, ...tables.flatMap((table) => table.map((row) => row.length)));
  const rowTotals = new Array<number>(rowCount).fill(0);
  const columnTotals = new Array<number>(columnCount).fill(0);
  for (const table of tables) {
    table.forEach((row, r) =>
      row.forEach((cell, c) => {
        rowTotals[r] = (rowTotals[r] as number) + cell;
        columnTotals[c] = (columnTotals[c] as number) + cell;
      }),
    );
  }
  // The same rows and columns in every stratum; the last kept one of each is the reference left out of U.
  const rows = rowTotals.flatMap((total, index) => (total > 0 ? [index] : []));
  const columns = columnTotals.flatMap((total, index) => (total > 0 ? [index] : []));
  if (rows.length < 2 || columns.length < 2) return undefined;
  const freeRows = rows.length - 1;
  const freeColumns = columns.length - 1;
  const size = freeRows * freeColumns;
  const deviation = new Array<number>(size).fill(0);
  const covariance = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (const table of tables) {
    const r = rows.map((row) => (table[row] ?? []).reduce((sum, cell) => sum + cell, 0));
    const c = columns.map((column) => table.reduce((sum, row) => sum + (row[column] ?? 0), 0));
    const n = r.reduce((sum, total) => sum + total, 0);
    if (n < 2 || r.filter((total) => total > 0).length < 2 || c.filter((total) => total > 0).length < 2) continue;
    // Hypergeometric covariance of cells (i, j) and (k, l) given the margins: rowPart[i][k] × columnPart[j][l] / (n²(n − 1)).
    const scale = 1 / (n * n * (n - 1));
    const rowPart = margins(r, n, freeRows);
    const columnPart = margins(c, n, freeColumns);
    for (let i = 0; i < freeRows; i++) {
      for (let j = 0; j < freeColumns; j++) {
        const at = i * freeColumns + j;
        const observed = table[rows[i] as number]?.[columns[j] as number] ?? 0;
        deviation[at] = (deviation[at] as number) + observed - ((r[i] as number) * (c[j] as number)) / n;
        const target = covariance[at] as number[];
        for (let k = 0; k < freeRows; k++) {
          const rowFactor = (rowPart[i] as number[])[k] as number;
          if (rowFactor === 0) continue;
          for (let l = 0; l < freeColumns; l++) {
            const index = k * freeColumns + l;
            target[index] = (target[index] as number) + scale * rowFactor * ((columnPart[j] as number[])[l] as number);
          }
        }
      }
    }
  }
  const { value, rank } = quadraticForm(covariance, deviation);
  if (rank === 0) return undefined;
  const statistic = Math.max(0, value);
  return { statistic, df: rank, pValue: chiSquareSurvival(statistic, rank) };
}

/** The margin part of the hypergeometric covariance: t_i (δ_ik n − t_k) for the first `free` categories. */
function margins(totals: readonly number[], n: number, free: number): number[][] {
  return Array.from({ length: free }, (_, i) =>
    Array.from({ length: free }, (_, k) => (totals[i] as number) * ((i === k ? n : 0) - (totals[k] as number))),
  );
}
