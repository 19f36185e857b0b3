/**
 * Plain-text tables for the terminal: columns padded to their widest cell, numbers right-aligned.
 * @module
 */

/** How a column is aligned. */
export type Align = "left" | "right";

/** Renders rows under a header, two spaces between columns, trailing spaces trimmed. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string[] {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? "").length)));
  const render = (row: readonly string[]): string =>
    row
      .map((cell, column) => (align[column] === "right" ? cell.padStart(widths[column] as number) : cell.padEnd(widths[column] as number)))
      .join("  ")
      .trimEnd();
  return [render(header), ...rows.map(render)];
}
