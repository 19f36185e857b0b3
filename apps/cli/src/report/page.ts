/**
 * The report page: one self-contained HTML document (inline CSS and SVG, no scripts, no fonts,
 * and a Content-Security-Policy that forbids any request) with the traffic map, its legend, the
 * experiments, and the simulation's sample-ratio, independence and uniformity results.
 * @module
 */
import type { TrafficModel } from "../model/traffic-model.ts";
import { summarizeModel } from "../model/summary.ts";
import { formatCount } from "../numbers.ts";
import type { SimulationResult } from "../simulation/result.ts";
import { VERSION } from "../version.ts";
import { reportColors } from "./colors.ts";
import { escapeHtml } from "./escape.ts";
import { pValueColor, renderHeatMap } from "./heat-map.ts";
import { experimentsTable, sampleRatioTable, uniformityTable } from "./tables.ts";
import { renderTrafficMap } from "./traffic-map.ts";

/** What the report shows. */
export interface ReportInput {
  /** The config's model. */
  readonly model: TrafficModel;
  /** The simulation of its traffic. */
  readonly result: SimulationResult;
}

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 28px 40px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Roboto, Helvetica, Arial, sans-serif; color: #0f172a; background: #f1f5f9; }
main { max-width: 1240px; margin: 0 auto; }
header h1 { margin: 0 0 4px; font-size: 24px; }
header p { margin: 0; color: #334155; }
section { background: #ffffff; border: 1px solid #e2e8f0; border-radius: 10px; padding: 18px 20px; margin-top: 18px; overflow-x: auto; }
h2 { margin: 0 0 6px; font-size: 18px; }
h3 { margin: 22px 0 6px; font-size: 15px; }
p.how { margin: 0 0 12px; color: #334155; max-width: 980px; }
.pill { display: inline-block; padding: 1px 9px; border-radius: 999px; font-weight: 600; font-size: 13px; }
.pill.good { background: #dcfce7; color: #166534; } .pill.bad { background: #fee2e2; color: #991b1b; }
.legend { display: flex; flex-wrap: wrap; gap: 8px 22px; margin-top: 10px; font-size: 13px; color: #334155; }
.legend span.key { display: inline-flex; align-items: center; gap: 6px; }
.legend svg { vertical-align: middle; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th { text-align: left; font-weight: 600; color: #475569; border-bottom: 2px solid #e2e8f0; padding: 6px 8px; white-space: nowrap; }
td { border-bottom: 1px solid #f1f5f9; padding: 6px 8px; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.muted { color: #64748b; font-size: 12px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin-right: 6px; vertical-align: -1px; }
.chip { display: inline-block; width: 9px; height: 9px; border-radius: 2px; margin-right: 5px; }
.badge { font-size: 10px; font-weight: 700; background: #111827; color: #fff; border-radius: 3px; padding: 0 4px; vertical-align: 1px; }
.share-bar { position: relative; width: 220px; height: 14px; background: #f1f5f9; border-radius: 3px; }
.share-bar .observed { position: absolute; left: 0; top: 0; bottom: 0; border-radius: 3px; }
.share-bar .expected { position: absolute; top: -3px; bottom: -3px; width: 2px; margin-left: -1px; background: #0f172a; }
td.verdict { white-space: nowrap; }
td.verdict.good b { color: #166534; } td.verdict.bad b { color: #b91c1c; } td.verdict.na { color: #64748b; white-space: normal; max-width: 260px; }
tr.flagged td { background: #fef2f2; }
footer { margin-top: 18px; color: #64748b; font-size: 12px; text-align: center; }
`;

/** The whole report as an HTML document. */
export function renderReport({ model, result }: ReportInput): string {
  const colors = reportColors(model);
  const flagged = result.flagged === 0 ? `<span class="pill good">${result.checks} checks, none flagged</span>` : `<span class="pill bad">${result.flagged} of ${result.checks} checks flagged</span>`;
  const heat =
    result.layers.length >= 2
      ? `${renderHeatMap(result)}<div class="legend">${heatKey("#bbf7d0", "p ≥ 0.2")}${heatKey("#86efac", "0.05 ≤ p < 0.2")}${heatKey("#f59e0b", "0.001 ≤ p < 0.05")}${heatKey(pValueColor(0, result.alpha), `p < ${result.alpha}: flagged`)}${heatKey("#e5e7eb", "— nothing to test")}${heatKey("#e5e7eb", "design: nothing left to test once the experiments dependent on purpose are left out")}${heatKey("#ffffff", "no shared units")}</div>`
      : "<p>The config has a single layer: there is no pair to test.</p>";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Strata report: ${escapeHtml(result.config)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
<h1>Strata report: ${escapeHtml(result.config)}</h1>
<p>${escapeHtml(summarizeModel(model))} · ${formatCount(result.units)} simulated units · ${flagged}</p>
</header>

<section id="map">
<h2>Traffic map</h2>
<p class="how">Each bar is a <b>layer</b>; its full width is all the traffic of the <b>domain</b> it sits in, split into bucket ranges (<b>slots</b>).
Layers of the same domain overlap: every unit lands in one place in each of them, independently. A coloured slot is an <b>experiment</b>, labelled with its share of the layer;
the strip beneath it shows how its <b>groups</b> split the units that reach it. An arrow leads from a slot holding a <b>nested domain</b> to that domain's own layers.
A <b>holdout</b> gets the default of every parameter. A <b>launch</b> layer covers all traffic of its domain and sets new defaults. Hover a slot for its buckets and details.</p>
${renderTrafficMap(model, colors)}
<div class="legend">
${legendKey('<rect width="28" height="16" fill="#4e79a7"/>', "experiment")}
${legendKey('<rect width="28" height="16" fill="#4e79a7"/><rect width="28" height="16" fill="url(#inactive)"/>', "experiment not running")}
${legendKey('<rect width="14" height="16" fill="#3b6a99"/><rect x="14" width="14" height="16" fill="#a7c0dc"/>', "groups: expected shares")}
${legendKey('<rect width="28" height="16" fill="#d5ebe8" stroke="#0f766e" stroke-width="1.5"/>', "nested domain")}
${legendKey('<rect width="28" height="16" fill="url(#hatch)" stroke="#64748b"/>', "holdout")}
${legendKey('<rect width="28" height="16" fill="url(#free)" stroke="#cbd5e1"/>', "free buckets")}
${legendKey('<rect x="1" y="1" width="26" height="14" fill="#fff" stroke="#111827" stroke-width="1.5" stroke-dasharray="6 3"/>', "launch layer")}
</div>
</section>

<section id="experiments-section">
<h2>Experiments</h2>
${experimentsTable(model, colors)}
</section>

<section id="simulation">
<h2>Simulation</h2>
<p class="how">${formatCount(result.units)} units (${escapeHtml(result.population)}) went through the engine. Each check is a chi-square test (an exact binomial test where a group expects fewer than 5 units), flagged when p &lt; ${result.alpha}.
With honest hashing about one check in a thousand is flagged by chance; a flag that stays when the population changes (<code>--seed</code>) is a real problem.</p>
<h3>Sample ratio: do groups get the units they should?</h3>
<p class="how">Among the units that reached each experiment's segmenter, the share of each group against the segmenter's expected share.</p>
${sampleRatioTable(result, colors)}
<h3>Layer independence: are layers' assignments unrelated?</h3>
<p class="how">For each pair of layers, units that reached both, tabulated by what each layer gave them (experiment/group, nested domain or nothing). Each cell is the p-value of the test of independence: pooled (Pearson's chi-square), or within each combination of the simulated attributes the two layers' experiments read (Cochran–Mantel–Haenszel). Experiments that share an exclusion group or namespace depend on each other on purpose: the units in their slots are left out and the rest of the table is tested (the cell's tooltip says what was left out); "design" marks a pair where nothing else is left to test.</p>
${heat}
<h3>Bucket uniformity: are units spread evenly over each layer's buckets?</h3>
<p class="how">Adjacent buckets are merged into bins that expect at least 5 units each; the histogram shows units per bin with the mean dashed.</p>
${uniformityTable(result)}
</section>
<footer>Generated by strata ${escapeHtml(VERSION)} from ${escapeHtml(result.config)}. Self-contained: no scripts, fonts or network requests.</footer>
</main>
</body>
</html>
`;
}

function legendKey(shape: string, label: string): string {
  return `<span class="key"><svg width="28" height="16" viewBox="0 0 28 16" aria-hidden="true">${shape}</svg>${escapeHtml(label)}</span>`;
}

function heatKey(color: string, label: string): string {
  return legendKey(`<rect x="1" y="1" width="26" height="14" rx="3" fill="${color}" stroke="#cbd5e1"/>`, label);
}
