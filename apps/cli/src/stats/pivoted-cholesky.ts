/**
 * The Cholesky factorization of a symmetric positive semidefinite matrix with diagonal pivoting,
 * which finds the matrix's rank, and the quadratic form uᵀ V⁻ u through it (V⁻ a generalized
 * inverse: for u in the column space of V, as a covariance matrix and a centred statistic are,
 * the value does not depend on which one). Used by the Cochran–Mantel–Haenszel test, whose
 * covariance matrix is singular when some categories never vary within a stratum.
 * @module
 */

/** A pivoted Cholesky factor: P V Pᵀ ≈ L Lᵀ, L of n rows (in pivot order) and `rank` columns, lower-trapezoidal. */
export interface PivotedCholesky {
  /** The numerical rank of V. */
  readonly rank: number;
  /** The pivot order: `pivots[k]` is the row of V eliminated at step k (the first `rank` are used). */
  readonly pivots: readonly number[];
  /** L: row k belongs to V's row `pivots[k]`; `factor[k][j]` is zero for j > k. */
  readonly factor: readonly (readonly number[])[];
}

/** Relative size below which a remaining diagonal entry counts as zero (its direction carries no variance). */
const RANK_TOLERANCE = 1e-10;

/**
 * Factorizes the symmetric positive semidefinite `matrix` (n × n), choosing at each step the
 * largest remaining diagonal entry, and stops when every remaining one is at most
 * `tolerance` × the largest diagonal entry of `matrix` (the rank is then the steps taken).
 */
export function pivotedCholesky(matrix: readonly (readonly number[])[], tolerance = RANK_TOLERANCE): PivotedCholesky {
  const n = matrix.length;
  for (const row of matrix) if (row.length !== n) throw new RangeError(`the matrix must be square: it has ${n} rows but a row of ${row.length} entries`);
  // Work on a copy; only the lower triangle of the remaining block is updated.
  const work = matrix.map((row) => [...row]);
  const order = Array.from({ length: n }, (_, index) => index);
  const largest = Math.max(0, ...matrix.map((row, index) => row[index] as number));
  const threshold = largest * tolerance;
  const byRow = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  let rank = 0;
  for (let k = 0; k < n; k++) {
    // Pivot: the largest remaining diagonal entry.
    let best = k;
    for (let i = k + 1; i < n; i++) if (diagonal(work, order, i) > diagonal(work, order, best)) best = i;
    const pivot = diagonal(work, order, best);
    if (!(pivot > threshold)) break;
    [order[k], order[best]] = [order[best] as number, order[k] as number];
    const p = order[k] as number;
    const root = Math.sqrt(pivot);
    const column: number[] = new Array<number>(n).fill(0);
    column[k] = root;
    for (let i = k + 1; i < n; i++) column[i] = entry(work, p, order[i] as number) / root;
    // Schur complement of the remaining block.
    for (let i = k + 1; i < n; i++) {
      const ri = order[i] as number;
      const ci = column[i] as number;
      if (ci === 0) continue;
      for (let j = k + 1; j <= i; j++) {
        const rj = order[j] as number;
        setEntry(work, ri, rj, entry(work, ri, rj) - ci * (column[j] as number));
      }
    }
    // Stored by the matrix's own row, so later pivot swaps need not move anything.
    for (let i = k; i < n; i++) (byRow[order[i] as number] as number[])[k] = column[i] as number;
    rank++;
  }
  return { rank, pivots: order, factor: order.map((row) => (byRow[row] as number[]).slice(0, rank)) };
}

/**
 * uᵀ V⁻ u and the rank of V (symmetric positive semidefinite), through `pivotedCholesky`: the
 * components of u along the first `rank` pivots are solved for, the rest (directions without
 * variance) left out.
 */
export function quadraticForm(matrix: readonly (readonly number[])[], vector: readonly number[], tolerance = RANK_TOLERANCE): { readonly value: number; readonly rank: number } {
  if (vector.length !== matrix.length) throw new RangeError(`the vector has ${vector.length} entries but the matrix is ${matrix.length} × ${matrix.length}`);
  const { rank, pivots, factor } = pivotedCholesky(matrix, tolerance);
  // Forward substitution L y = (P u) restricted to the first `rank` pivots; the form is |y|².
  let value = 0;
  const y = new Array<number>(rank).fill(0);
  for (let k = 0; k < rank; k++) {
    const row = factor[k] as readonly number[];
    let sum = vector[pivots[k] as number] as number;
    for (let j = 0; j < k; j++) sum -= (row[j] as number) * (y[j] as number);
    const solved = sum / (row[k] as number);
    y[k] = solved;
    value += solved * solved;
  }
  return { value, rank };
}

/** The symmetric matrix's entry (i, j), read from whichever triangle the elimination keeps current. */
function entry(work: number[][], i: number, j: number): number {
  return (work[Math.max(i, j)] as number[])[Math.min(i, j)] as number;
}

function setEntry(work: number[][], i: number, j: number, value: number): void {
  (work[Math.max(i, j)] as number[])[Math.min(i, j)] = value;
}

function diagonal(work: number[][], order: readonly number[], index: number): number {
  const row = order[index] as number;
  return entry(work, row, row);
}
