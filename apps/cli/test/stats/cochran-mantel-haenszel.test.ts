import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chiSquareSurvival, independence } from "../../src/stats/chi-square.ts";
import { generalizedCochranMantelHaenszel } from "../../src/stats/cochran-mantel-haenszel.ts";

type Table = number[][];

/** A small deterministic generator (a 32-bit linear congruential one), so simulated data sets are the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** An index drawn with probabilities proportional to `weights`. */
function draw(next: () => number, weights: readonly number[]): number {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let u = next() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i] as number;
    if (u < 0) return i;
  }
  return weights.length - 1;
}

/** Random category weights for one stratum; a category is sometimes impossible there, as when an experiment targets another attribute value. */
function weights(next: () => number, categories: number): number[] {
  const out: number[] = Array.from({ length: categories }, () => (next() < 0.25 ? 0 : 0.2 + next()));
  if (!out.some((weight) => weight > 0)) out[0] = 1;
  return out;
}

/** Independent rows and columns in each of `strata` strata of 1–6 units, each stratum with its own margins. */
function independentSparseStrata(next: () => number, strata: number, rows: number, columns: number): Table[] {
  return Array.from({ length: strata }, () => {
    const table = Array.from({ length: rows }, () => new Array<number>(columns).fill(0));
    const rowWeights = weights(next, rows);
    const columnWeights = weights(next, columns);
    const n = 1 + Math.floor(next() * 6);
    for (let unit = 0; unit < n; unit++) {
      const row = table[draw(next, rowWeights)] as number[];
      const column = draw(next, columnWeights);
      row[column] = (row[column] as number) + 1;
    }
    return table;
  });
}

/** Pearson's statistic and df summed over strata: the test this one replaces, for comparison. */
function summedPearson(tables: readonly Table[]): number {
  let statistic = 0;
  let df = 0;
  for (const table of tables) {
    const test = independence(table);
    if (test === undefined) continue;
    statistic += test.statistic;
    df += test.df;
  }
  return df === 0 ? 1 : chiSquareSurvival(statistic, df);
}

const total = (table: Table): number => table.flat().reduce((sum, cell) => sum + cell, 0);

/** A contingency table of small counts with at least two non-empty rows and columns. */
const tableArbitrary = fc
  .tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 4 }))
  .chain(([rows, columns]) => fc.array(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }))
  .filter((table) => independence(table) !== undefined);

describe("generalizedCochranMantelHaenszel", () => {
  it("with one stratum is (n − 1)/n × Pearson's statistic, with the same df", () => {
    const table = [
      [20, 80, 5],
      [40, 60, 9],
      [3, 4, 30],
    ];
    const n = total(table);
    const pearson = independence(table);
    const test = generalizedCochranMantelHaenszel([table]);
    expect(test?.statistic).toBeCloseTo(((n - 1) / n) * (pearson?.statistic ?? 0), 9);
    expect(test?.df).toBe(4);
    fc.assert(
      fc.property(tableArbitrary, (random) => {
        const expected = ((total(random) - 1) / total(random)) * (independence(random)?.statistic ?? 0);
        const got = generalizedCochranMantelHaenszel([random]);
        expect(Math.abs((got?.statistic ?? 0) - expected)).toBeLessThan(1e-8 * Math.max(1, expected));
        expect(got?.df).toBe(independence(random)?.df);
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it("for 2 × 2 × K tables is the classic Mantel–Haenszel statistic [Σ(a − E a)]² / Σ Var a", () => {
    const tables = [
      [[10, 20], [15, 5]],
      [[3, 7], [8, 2]],
      [[30, 30], [25, 35]],
    ];
    let deviation = 0;
    let variance = 0;
    for (const [[a, b], [c, d]] of tables as [[number, number], [number, number]][]) {
      const n = a + b + c + d;
      deviation += a - ((a + b) * (a + c)) / n;
      variance += ((a + b) * (c + d) * (a + c) * (b + d)) / (n * n * (n - 1));
    }
    const test = generalizedCochranMantelHaenszel(tables);
    expect(test?.statistic).toBeCloseTo((deviation * deviation) / variance, 10);
    expect(test?.statistic).toBeCloseTo(2.1053765786666, 10); // (−5.4636…)² / 14.178…, by hand from the sums above
    expect(test?.df).toBe(1);
    expect(test?.pValue).toBeCloseTo(chiSquareSurvival(test?.statistic ?? 0, 1), 15);
  });

  it("over K copies of one stratum is K times that stratum's statistic", () => {
    fc.assert(
      fc.property(tableArbitrary, fc.integer({ min: 2, max: 5 }), (table, copies) => {
        const one = generalizedCochranMantelHaenszel([table])?.statistic ?? 0;
        const many = generalizedCochranMantelHaenszel(Array.from({ length: copies }, () => table))?.statistic ?? 0;
        expect(Math.abs(many - copies * one)).toBeLessThan(1e-7 * Math.max(1, copies * one));
      }),
      { seed: 11, numRuns: 100 },
    );
  });

  it("does not change with the order of strata, with transposing, or with strata of one unit added", () => {
    fc.assert(
      fc.property(fc.array(tableArbitrary.filter((table) => table.length === 3 && table[0]?.length === 3), { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 8 }), (tables, cell) => {
        const base = generalizedCochranMantelHaenszel(tables);
        const close = (other: ReturnType<typeof generalizedCochranMantelHaenszel>): void => {
          expect(other?.df).toBe(base?.df);
          expect(Math.abs((other?.statistic ?? 0) - (base?.statistic ?? 0))).toBeLessThan(1e-7 * Math.max(1, base?.statistic ?? 0));
        };
        close(generalizedCochranMantelHaenszel([...tables].reverse()));
        close(generalizedCochranMantelHaenszel(tables.map((table) => table[0]?.map((_, c) => table.map((row) => row[c] as number)) ?? [])));
        const single = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
        (single[Math.floor(cell / 3)] as number[])[cell % 3] = 1;
        close(generalizedCochranMantelHaenszel([...tables, single, single]));
      }),
      { seed: 3, numRuns: 150 },
    );
  });

  it("finds nothing to test where a side is constant within each stratum (Simpson: pooled, the tables look dependent)", () => {
    const us = [[50, 50], [0, 0]];
    const de = [[0, 0], [10, 90]];
    expect(independence([[50, 50], [10, 90]])?.pValue).toBeLessThan(1e-9);
    expect(generalizedCochranMantelHaenszel([us, de])).toBeUndefined();
    expect(generalizedCochranMantelHaenszel([[[1, 0], [0, 0]], [[0, 0], [0, 1]]])).toBeUndefined(); // single units: no information
    expect(generalizedCochranMantelHaenszel([[[25, 25], [25, 25]], [[5, 45], [5, 45]]])).toMatchObject({ statistic: 0, df: 1, pValue: 1 });
  });

  it("counts only the degrees of freedom some stratum can vary in (df is the rank of the covariance)", () => {
    // Rows: (none), a/x, a/y. In "US" only a/x and a/y occur; in "DE" only (none): one free direction, not (3 − 1)(2 − 1) = 2.
    const us = [[0, 0], [40, 60], [55, 45]];
    const de = [[70, 30], [0, 0], [0, 0]];
    const test = generalizedCochranMantelHaenszel([us, de]);
    expect(test?.df).toBe(1);
    expect(test?.statistic).toBeCloseTo(generalizedCochranMantelHaenszel([[[40, 60], [55, 45]]])?.statistic ?? 0, 10);
  });

  it("keeps its size over many sparse strata of independent layers, where summing Pearson's statistics flags nearly every data set", () => {
    const next = random(20251121);
    let gmhBelow = 0;
    let pearsonBelow = 0;
    let statistics = 0;
    let df = 0;
    const sets = 200;
    for (let set = 0; set < sets; set++) {
      const tables = independentSparseStrata(next, 300, 3, 3);
      const test = generalizedCochranMantelHaenszel(tables);
      expect(test).toBeDefined();
      if ((test?.pValue ?? 1) < 0.01) gmhBelow++;
      if (summedPearson(tables) < 0.01) pearsonBelow++;
      statistics += test?.statistic ?? 0;
      df += test?.df ?? 0;
    }
    // At the 1% level about 2 of 200 are expected by chance; the fixed seed makes the count the same on every run.
    expect(gmhBelow).toBeLessThanOrEqual(6);
    expect(statistics / df).toBeGreaterThan(0.85); // the mean of Q is its df
    expect(statistics / df).toBeLessThan(1.15);
    expect(pearsonBelow).toBeGreaterThan(sets / 2); // why: a stratum of n units inflates Pearson's statistic by n/(n − 1)
  });

  it("flags a dependence spread thinly over strata of two or three units", () => {
    const next = random(99);
    // The column copies the row (a copied hash key): every stratum is tiny, together they are conclusive.
    const tables = Array.from({ length: 500 }, () => {
      const table = [[0, 0], [0, 0]];
      const n = 2 + Math.floor(next() * 2);
      for (let unit = 0; unit < n; unit++) {
        const side = next() < 0.5 ? 0 : 1;
        const row = table[side] as number[];
        row[side] = (row[side] as number) + 1;
      }
      return table;
    });
    const test = generalizedCochranMantelHaenszel(tables);
    expect(test?.df).toBe(1);
    expect(test?.pValue).toBeLessThan(1e-12);
  });
});
