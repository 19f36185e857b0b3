/**
 * How numbers read in the CLI's output and the report: counts with thousands separators,
 * shares as percents, p-values with enough digits to tell 0.2 from 1e-9.
 * @module
 */

/** `20000` → `20,000`. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** A fraction as a percent with `digits` decimals: `0.5` → `50.00%`. */
export function formatPercent(fraction: number, digits = 2): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** A share as a short percent without trailing zeros: `0.85` → `85%`, `0.125` → `12.5%`. */
export function formatShare(fraction: number): string {
  return `${Number((fraction * 100).toFixed(2))}%`;
}

/** A p-value: three decimals from 0.001 up, else scientific (`3.2e-7`), `<1e-300` when it underflows. */
export function formatPValue(p: number): string {
  if (p >= 0.001) return p.toFixed(3);
  if (p === 0) return "<1e-300";
  return p.toExponential(1);
}

/** A chi-square statistic with a sensible number of digits. */
export function formatStatistic(value: number): string {
  return value >= 1000 ? value.toFixed(0) : value.toPrecision(4);
}
