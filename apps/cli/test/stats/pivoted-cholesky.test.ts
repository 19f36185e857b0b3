import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pivotedCholesky, quadraticForm } from "../../src/stats/pivoted-cholesky.ts";

type Matrix = number[][];

const multiply = (a: Matrix, b: Matrix): Matrix => a.map((row) => (b[0] ?? []).map((_, j) => row.reduce((sum, value, k) => sum + value * ((b[k] as number[])[j] as number), 0)));
const transpose = (a: Matrix): Matrix => (a[0] ?? []).map((_, j) => a.map((row) => row[j] as number));
const times = (a: Matrix, x: number[]): number[] => a.map((row) => row.reduce((sum, value, k) => sum + value * (x[k] as number), 0));
const dot = (x: number[], y: number[]): number => x.reduce((sum, value, k) => sum + value * (y[k] as number), 0);

/** B Bᵀ for an n × k matrix B of small integers: positive semidefinite, rank at most k. */
const gram = (n: number, k: number) =>
  fc.array(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: k, maxLength: k }), { minLength: n, maxLength: n }).map((b) => multiply(b, transpose(b)));

/** The rank by Gaussian elimination with partial pivoting (an independent check on integer matrices). */
function rankByElimination(matrix: Matrix): number {
  const m = matrix.map((row) => [...row]);
  let rank = 0;
  for (let column = 0; column < (m[0]?.length ?? 0) && rank < m.length; column++) {
    let best = rank;
    for (let i = rank + 1; i < m.length; i++) if (Math.abs((m[i] as number[])[column] as number) > Math.abs((m[best] as number[])[column] as number)) best = i;
    if (Math.abs((m[best] as number[])[column] as number) < 1e-9) continue;
    [m[rank], m[best]] = [m[best] as number[], m[rank] as number[]];
    const pivot = m[rank] as number[];
    for (let i = rank + 1; i < m.length; i++) {
      const row = m[i] as number[];
      const f = (row[column] as number) / (pivot[column] as number);
      for (let j = column; j < row.length; j++) row[j] = (row[j] as number) - f * (pivot[j] as number);
    }
    rank++;
  }
  return rank;
}

describe("pivotedCholesky", () => {
  it("factorizes a positive definite matrix: L Lᵀ is the matrix in pivot order, the largest diagonal first", () => {
    const v = [
      [4, 2, 0.4],
      [2, 10, 3],
      [0.4, 3, 6],
    ];
    const { rank, pivots, factor } = pivotedCholesky(v);
    expect(rank).toBe(3);
    expect(pivots[0]).toBe(1); // 10 is the largest diagonal entry
    const product = multiply(factor as Matrix, transpose(factor as Matrix));
    pivots.forEach((i, a) => pivots.forEach((j, b) => expect((product[a] as number[])[b]).toBeCloseTo((v[i] as number[])[j] as number, 12)));
  });

  it("pivots past a zero diagonal entry, where plain Cholesky would divide by zero", () => {
    expect(pivotedCholesky([[0, 0], [0, 2]])).toEqual({ rank: 1, pivots: [1, 0], factor: [[Math.SQRT2], [0]] });
    expect(pivotedCholesky([[0, 0], [0, 0]]).rank).toBe(0);
  });

  it("finds the rank of B Bᵀ (generically the columns of B), and L Lᵀ reproduces the matrix", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n }).chain((k) => gram(n, k)))), ([n, v]) => {
        const { rank, pivots, factor } = pivotedCholesky(v);
        expect(rank).toBeLessThanOrEqual(n);
        expect(factor).toHaveLength(n);
        // L Lᵀ reproduces every entry of the pivoted matrix: what the first `rank` pivots leave is numerically zero.
        const product = multiply(factor as Matrix, transpose(factor as Matrix));
        const scale = Math.max(1, ...v.map((row, i) => Math.abs(row[i] as number)));
        pivots.forEach((i, a) => pivots.forEach((j, b) => expect(Math.abs(((product[a] as number[])[b] ?? 0) - ((v[i] as number[])[j] as number))).toBeLessThan(1e-8 * scale)));
        // The rank is B's: the n × k matrix B of the generator has rank k in general, and never more.
        expect(rank).toBe(rankByElimination(v));
      }),
      { seed: 20251121, numRuns: 200 },
    );
  });

  it("refuses a matrix that is not square, naming the sizes", () => {
    expect(() => pivotedCholesky([[1, 2]])).toThrow("the matrix must be square: it has 1 rows but a row of 2 entries");
  });
});

describe("quadraticForm", () => {
  it("is uᵀ V⁻¹ u for an invertible 2 × 2 matrix (the closed form (c u₁² − 2b u₁u₂ + a u₂²) / (ac − b²))", () => {
    const [a, b, c] = [5, 2, 3];
    const [u1, u2] = [1.5, -4];
    expect(quadraticForm([[a, b], [b, c]], [u1, u2]).value).toBeCloseTo((c * u1 * u1 - 2 * b * u1 * u2 + a * u2 * u2) / (a * c - b * b), 12);
    expect(quadraticForm([[a, b], [b, c]], [u1, u2]).rank).toBe(2);
  });

  it("for u = V x is xᵀ V x, whatever V's rank (every generalized inverse gives the same)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((n) =>
          fc.tuple(
            fc.integer({ min: 1, max: n }).chain((k) => gram(n, k)),
            fc.array(fc.integer({ min: -9, max: 9 }), { minLength: n, maxLength: n }),
          ),
        ),
        ([v, x]) => {
          const u = times(v, x);
          const expected = dot(x, u);
          expect(Math.abs(quadraticForm(v, u).value - expected)).toBeLessThan(1e-6 * Math.max(1, expected));
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it("of a singular matrix: the rank, and the form of the part with variance", () => {
    // V = diag(2, 0, 8): u's second entry has no variance and is left out; 3²/2 + 4²/8 = 6.5.
    const form = quadraticForm([[2, 0, 0], [0, 0, 0], [0, 0, 8]], [3, 0, 4]);
    expect(form.rank).toBe(2);
    expect(form.value).toBeCloseTo(6.5, 12);
  });

  it("refuses a vector of the wrong length", () => {
    expect(() => quadraticForm([[1]], [1, 2])).toThrow("the vector has 2 entries but the matrix is 1 × 1");
  });
});
