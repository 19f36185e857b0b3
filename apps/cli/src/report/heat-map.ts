/**
 * The independence heat map: one cell per pair of layers sharing units, coloured by the p-value
 * of the test of independence of their assignments — green when independent-looking, amber when
 * p < 0.05, red when flagged (p < 0.001), grey when there is nothing to test; "design" when the
 * experiments left out because they depend on each other by design leave nothing to test.
 * @module
 */
import { formatPValue } from "../numbers.ts";
import type { PairResult, SimulationResult } from "../simulation/result.ts";
import { escapeHtml } from "./escape.ts";
import { textWidth } from "./text-width.ts";

const CELL = 54;

/** The colour of a cell for a p-value (undefined: not tested). */
export function pValueColor(p: number | undefined, alpha: number): string {
  if (p === undefined) return "#e5e7eb";
  if (p < alpha) return "#dc2626";
  if (p < 0.05) return "#f59e0b";
  return p < 0.2 ? "#86efac" : "#bbf7d0";
}

/** The heat map of every pair of layers as an `<svg>` (lower triangle; rows and columns are layers in document order). */
export function renderHeatMap(result: SimulationResult): string {
  const layers = result.layers.map((layer) => layer.layer);
  const pairs = new Map<string, PairResult>();
  for (const pair of result.pairs) pairs.set(`${pair.layers[0]}\u0000${pair.layers[1]}`, pair);
  const longest = Math.max(0, ...layers.map((layer) => textWidth(layer, 12, true)));
  const labelWidth = Math.ceil(longest) + 16;
  const top = Math.ceil(longest * 0.65) + 20;
  const columns = layers.slice(0, -1);
  const width = labelWidth + columns.length * CELL + Math.ceil(longest * 0.77) + 10;
  const height = top + (layers.length - 1) * CELL + 10;
  const parts: string[] = [];
  columns.forEach((layer, column) => {
    const x = labelWidth + column * CELL + CELL / 2;
    parts.push(`<text x="${x}" y="${top - 8}" font-size="12" font-weight="600" fill="#0f172a" transform="rotate(-40 ${x} ${top - 8})">${escapeHtml(layer)}</text>`);
  });
  layers.slice(1).forEach((rowLayer, rowIndex) => {
    const row = rowIndex + 1;
    const y = top + rowIndex * CELL;
    parts.push(`<text x="${labelWidth - 8}" y="${y + CELL / 2 + 4}" font-size="12" font-weight="600" fill="#0f172a" text-anchor="end">${escapeHtml(rowLayer)}</text>`);
    for (let column = 0; column < row; column++) {
      const columnLayer = layers[column] as string;
      const pair = pairs.get(`${columnLayer}\u0000${rowLayer}`) ?? pairs.get(`${rowLayer}\u0000${columnLayer}`);
      const x = labelWidth + column * CELL;
      const p = pair?.test?.pValue;
      const fill = pair === undefined ? "#ffffff" : pValueColor(p, result.alpha);
      const label = pair === undefined ? "" : p !== undefined ? formatPValue(p) : pair.leftOut !== null ? "design" : "—";
      const leftOut =
        pair === undefined || pair.leftOut === null
          ? ""
          : `; left out ${pair.leftOut.units} units in the slots of ${pair.leftOut.experiments.map((id) => JSON.stringify(id)).join(", ")}, dependent by design (${pair.dependentByDesign})`;
      const title =
        pair === undefined
          ? `${columnLayer} × ${rowLayer}: no unit reaches both layers`
          : pair.test === null
            ? `${columnLayer} × ${rowLayer}: ${pair.units} ${pair.leftOut === null ? "" : "other "}shared units, but one layer puts all of them in the same place — nothing to test${leftOut}`
            : `${columnLayer} × ${rowLayer}: ${pair.units} shared units, ${pair.categories[0]}×${pair.categories[1]} table${pair.strata > 1 ? ` within ${pair.strata} combinations of ${pair.stratifiedBy.join(", ")} (Cochran–Mantel–Haenszel)` : ""}, chi² ${pair.test.statistic.toFixed(2)}, df ${pair.test.df}, p ${formatPValue(pair.test.pValue)}${leftOut}`;
      parts.push(
        `<g class="cell" data-pair="${escapeHtml(`${columnLayer}|${rowLayer}`)}"><title>${escapeHtml(title)}</title>` +
          `<rect x="${x + 1}" y="${y + 1}" width="${CELL - 2}" height="${CELL - 2}" rx="3" fill="${fill}" stroke="${pair === undefined ? "#e5e7eb" : "#ffffff"}"/>` +
          `<text x="${x + CELL / 2}" y="${y + CELL / 2 + 4}" font-size="11" text-anchor="middle" fill="${p !== undefined && p < result.alpha ? "#ffffff" : "#0f172a"}">${escapeHtml(label)}</text></g>`,
      );
    }
  });
  return [
    `<svg class="heat-map" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Independence of layer pairs: p-values">`,
    `<g font-family="system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', Roboto, Helvetica, Arial, sans-serif">`,
    ...parts,
    "</g></svg>",
  ].join("\n");
}
