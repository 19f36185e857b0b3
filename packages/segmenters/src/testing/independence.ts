/**
 * Pearson's chi-square test of independence on the contingency table of two assignments of the
 * same units, with Cramér's V: how strongly one assignment predicts the other.
 * @module
 */

/** How dependent two assignments of the same units are. */
export interface IndependenceResult {
  /** Pearson's statistic over the table of (first group, second group) counts; null is a group like any other. */
  readonly statistic: number;
  /** (rows − 1) × (columns − 1) over the groups that occur. */
  readonly degreesOfFreedom: number;
  /** sqrt(statistic / (units × (min(rows, columns) − 1))): 0 when independent, 1 when one assignment determines the other; 0 when either has one group. */
  readonly cramersV: number;
}

/** A unit's group in two assignments. */
export type GroupPair = readonly [first: string | null, second: string | null];

/**
 * Tests whether the second group of each pair is independent of the first. On each side, groups
 * holding fewer than `minUnits` units count as that side's most common group, so that a chance
 * unit or two in a tiny group (a cell expected to hold a thousandth of a unit) cannot make the
 * table look dependent.
 */
export function independenceTest(pairs: readonly GroupPair[], minUnits = 0): IndependenceResult {
  const firsts = pooledRare(pairs.map(([first]) => first), minUnits);
  const seconds = pooledRare(pairs.map(([, second]) => second), minUnits);
  return contingencyTest(firsts.map((first, i) => [first, seconds[i] ?? null]));
}

/** `groups`, with each group rarer than `minUnits` replaced by the most common group. */
function pooledRare(groups: readonly (string | null)[], minUnits: number): (string | null)[] {
  const counts = new Map<string | null, number>();
  for (const group of groups) counts.set(group, (counts.get(group) ?? 0) + 1);
  let common: string | null = null;
  let most = -1;
  for (const [group, count] of counts) {
    if (count > most) [common, most] = [group, count];
  }
  return groups.map((group) => ((counts.get(group) ?? 0) < minUnits ? common : group));
}

function contingencyTest(pairs: readonly GroupPair[]): IndependenceResult {
  const rows = new Map<string | null, number>();
  const columns = new Map<string | null, number>();
  const cells = new Map<string | null, Map<string | null, number>>();
  for (const [first, second] of pairs) {
    rows.set(first, (rows.get(first) ?? 0) + 1);
    columns.set(second, (columns.get(second) ?? 0) + 1);
    const row = cells.get(first) ?? new Map<string | null, number>();
    row.set(second, (row.get(second) ?? 0) + 1);
    cells.set(first, row);
  }
  const total = pairs.length;
  let statistic = 0;
  for (const [first, rowCount] of rows) {
    for (const [second, columnCount] of columns) {
      const expected = (rowCount * columnCount) / total;
      const observed = cells.get(first)?.get(second) ?? 0;
      statistic += ((observed - expected) * (observed - expected)) / expected;
    }
  }
  const smaller = Math.min(rows.size, columns.size) - 1;
  return {
    statistic,
    degreesOfFreedom: (rows.size - 1) * (columns.size - 1),
    cramersV: smaller > 0 ? Math.sqrt(statistic / (total * smaller)) : 0,
  };
}
