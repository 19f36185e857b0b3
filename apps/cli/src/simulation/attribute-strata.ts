/**
 * The strata a pair of layers is tested within: the tally's tables (one per combination of every
 * `--attr` value) merged so that units differing only in attributes neither layer reads share one
 * table. With no attribute read by either layer that takes several values, everything is one
 * table, tested pooled.
 * @module
 */
import type { StratumTable } from "./tally.ts";

/** A pair's tables, one per combination of the attributes that matter to it. */
export interface AttributeStrata {
  /** The attributes the tables are split by: read by either layer and taking several values among the pair's units, sorted. */
  readonly attributes: readonly string[];
  /** One contingency table per combination of their values. */
  readonly tables: readonly (readonly (readonly number[])[])[];
}

/** Merges `strata` by the values (from `attributesOf`) of the attributes in `read`. */
export function attributeStrata(
  strata: readonly StratumTable[],
  attributesOf: (stratum: number) => Readonly<Record<string, unknown>> | undefined,
  read: ReadonlySet<string>,
): AttributeStrata {
  const valueOf = (stratum: number, name: string): string => {
    const attributes = attributesOf(stratum);
    // A missing attribute is its own value (a condition can test `$exists`).
    return attributes !== undefined && Object.hasOwn(attributes, name) ? JSON.stringify(attributes[name]) ?? "undefined" : "(missing)";
  };
  const attributes = [...read].sort().filter((name) => new Set(strata.map(({ stratum }) => valueOf(stratum, name))).size > 1);
  const merged = new Map<string, number[][]>();
  for (const { stratum, table } of strata) {
    const key = JSON.stringify(attributes.map((name) => valueOf(stratum, name)));
    let total = merged.get(key);
    if (total === undefined) merged.set(key, (total = []));
    table.forEach((row, r) => {
      const target = (total[r] ??= []);
      row.forEach((cell, c) => (target[c] = (target[c] ?? 0) + cell));
    });
  }
  // Rows never seen in a stratum stay holes: fill them so every table is a plain array of arrays.
  const tables = [...merged.values()].map((table) => Array.from(table, (row) => Array.from(row ?? [], (cell) => cell ?? 0)));
  return { attributes, tables };
}
