/**
 * Plain-text tables for the terminal and the README (markdown), from measurements and ratios.
 * @module
 */

/** ns per call: one decimal below 100, whole numbers with separators above. */
export function formatNs(ns: number): string {
  if (!Number.isFinite(ns)) return "—";
  return ns < 100 ? ns.toFixed(1) : Math.round(ns).toLocaleString("en");
}

/** A ratio: "8.21×" (two decimals below 10, one above). */
export function formatRatio(x: number): string {
  if (!Number.isFinite(x)) return "—";
  return `${x < 10 ? x.toFixed(2) : x.toFixed(1)}×`;
}

/** Bytes as B / KiB / MiB. */
export function formatBytes(bytes: number): string {
  const abs = Math.abs(bytes);
  if (abs < 1024) return `${Math.round(bytes)} B`;
  if (abs < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

/** A table: header, rows of cells; `align` per column ("l" or "r"). */
export interface Table {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly align: readonly ("l" | "r")[];
}

/** The table as aligned text. */
export function textTable(table: Table): string {
  const widths = table.header.map((h, c) => Math.max(h.length, ...table.rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (table.align[c] === "r" ? cell.padStart(widths[c] as number) : cell.padEnd(widths[c] as number)))
      .join("  ")
      .trimEnd();
  return [line(table.header), line(widths.map((w) => "-".repeat(w))), ...table.rows.map(line)].join("\n");
}

/** The table as GitHub markdown. */
export function markdownTable(table: Table): string {
  const escape = (s: string) => s.replace(/\|/g, "\\|");
  return [
    `| ${table.header.map(escape).join(" | ")} |`,
    `|${table.align.map((a) => (a === "r" ? "---:" : "---")).join("|")}|`,
    ...table.rows.map((r) => `| ${r.map(escape).join(" | ")} |`),
  ].join("\n");
}
