/**
 * The report's HTML tables: the experiments (colour, place, traffic, groups, targeting), the
 * sample ratio of each experiment with observed-vs-expected bars, and bucket uniformity per
 * layer with a small histogram.
 * @module
 */
import { formatRanges } from "@strata/config";
import type { TrafficModel } from "../model/traffic-model.ts";
import { formatCount, formatPercent, formatPValue, formatShare, formatStatistic } from "../numbers.ts";
import { NO_GROUP } from "../simulation/analyze.ts";
import type { CheckResult, SimulationResult } from "../simulation/result.ts";
import type { ReportColors } from "./colors.ts";
import { describeCondition } from "./condition-text.ts";
import { escapeHtml } from "./escape.ts";
import { groupShade } from "./palette.ts";

/** The experiments table: the map's legend. */
export function experimentsTable(model: TrafficModel, colors: ReportColors): string {
  const rows = model.experiments.map((experiment) => {
    const color = colors.experiments.get(experiment.id) as string;
    const groups = experiment.groups
      .map((group, index) => `<span class="chip" style="background:${groupShade(color, index, experiment.groups.length)}"></span>${escapeHtml(group.id)}${group.expectedShare === undefined ? "" : ` ${formatShare(group.expectedShare)}`}`)
      .join("<br>");
    const target = experiment.conditions === undefined ? "everyone" : escapeHtml(describeCondition(experiment.conditions));
    return (
      `<tr data-experiment-row="${escapeHtml(experiment.id)}"><td><span class="swatch" style="background:${color}"></span><b>${escapeHtml(experiment.id)}</b>` +
      `${experiment.description === undefined ? "" : `<div class="muted">${escapeHtml(experiment.description)}</div>`}</td>` +
      `<td>${escapeHtml(experiment.layer.id)}${experiment.layer.launch ? ' <span class="badge">launch</span>' : ""}<div class="muted">${escapeHtml(experiment.layer.domain.id)}</div></td>` +
      `<td class="num">${formatShare(experiment.slot.share)}<div class="muted">${escapeHtml(formatRanges(experiment.slot.ranges))}</div></td>` +
      `<td class="num"><b>${formatShare(experiment.share)}</b></td>` +
      `<td>${escapeHtml(experiment.status)}</td><td>${escapeHtml(experiment.segmenter)}<div class="muted">by ${escapeHtml(experiment.diversion)}</div></td>` +
      `<td>${groups}</td><td>${target}</td></tr>`
    );
  });
  return table(["experiment", "layer / domain", "of layer", "of all traffic", "status", "segmenter", "groups (expected share)", "who"], rows, "experiments");
}

/** The sample-ratio table: each group's observed share against the expected one, and the test. */
export function sampleRatioTable(result: SimulationResult, colors: ReportColors): string {
  const rows: string[] = [];
  for (const experiment of result.experiments) {
    const color = colors.experiments.get(experiment.experiment) ?? "#64748b";
    const span = Math.max(1, experiment.groups.length);
    const verdict = verdictCell(experiment.test, experiment.note, span);
    if (experiment.groups.length === 0) {
      rows.push(`<tr><td>${escapeHtml(experiment.experiment)}</td><td colspan="5"></td>${verdict}</tr>`);
      continue;
    }
    experiment.groups.forEach((group, index) => {
      const head =
        index === 0
          ? `<td rowspan="${span}"><span class="swatch" style="background:${color}"></span><b>${escapeHtml(experiment.experiment)}</b><div class="muted">${escapeHtml(experiment.layer)} · ${formatCount(experiment.reached)} units reached it${experiment.forced > 0 ? `, ${formatCount(experiment.forced)} forced` : ""}</div></td>`
          : "";
      const fill = group.group === NO_GROUP ? "#cbd5e1" : groupShade(color, index, experiment.groups.length);
      const expected = group.expectedShare;
      const bar =
        `<div class="share-bar"><div class="observed" style="width:${(group.observedShare * 100).toFixed(2)}%;background:${fill}"></div>` +
        `${expected === null ? "" : `<div class="expected" style="left:${(expected * 100).toFixed(2)}%"></div>`}</div>`;
      rows.push(
        `<tr class="${experiment.test?.flagged === true ? "flagged" : ""}" data-srm="${escapeHtml(experiment.experiment)}">${head}<td>${escapeHtml(group.group)}</td>` +
          `<td class="num">${formatCount(group.count)}</td><td class="num">${formatPercent(group.observedShare)}</td>` +
          `<td class="num">${expected === null ? "—" : formatPercent(expected)}</td><td class="bar-cell">${bar}</td>${index === 0 ? verdict : ""}</tr>`,
      );
    });
  }
  return table(["experiment", "group", "units", "observed", "expected", "observed (bar) vs expected (tick)", "sample ratio test"], rows, "sample-ratio");
}

/** The uniformity table with a histogram of each layer's units over its buckets. */
export function uniformityTable(result: SimulationResult): string {
  const rows = result.layers.map(
    (layer) =>
      `<tr class="${layer.test?.flagged === true ? "flagged" : ""}" data-uniformity="${escapeHtml(layer.layer)}"><td><b>${escapeHtml(layer.layer)}</b>${layer.launch ? ' <span class="badge">launch</span>' : ""}<div class="muted">${escapeHtml(layer.domain)}</div></td>` +
      `<td class="num">${formatCount(layer.units)}</td><td class="num">${formatCount(layer.bins)} of ${formatCount(layer.buckets)}</td>` +
      `<td>${histogram(layer.profile)}</td>${verdictCell(layer.test, layer.units === 0 ? "no unit reached it" : "too few units to test", 1)}</tr>`,
  );
  return table(["layer", "units", "bins tested", `units over buckets (${result.layers[0]?.profile.length ?? 50} bins)`, "uniformity test"], rows, "uniformity");
}

function histogram(profile: readonly number[]): string {
  const max = Math.max(1, ...profile);
  const mean = profile.reduce((sum, value) => sum + value, 0) / Math.max(1, profile.length);
  const width = 200;
  const height = 28;
  const bar = width / Math.max(1, profile.length);
  const bars = profile.map((value, index) => {
    const h = (value / max) * (height - 2);
    return `<rect x="${(index * bar).toFixed(1)}" y="${(height - h).toFixed(1)}" width="${Math.max(0.5, bar - 0.6).toFixed(1)}" height="${h.toFixed(1)}" fill="#64748b"/>`;
  });
  const meanY = (height - (mean / max) * (height - 2)).toFixed(1);
  return `<svg class="histogram" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="units per bucket bin">${bars.join("")}<line x1="0" x2="${width}" y1="${meanY}" y2="${meanY}" stroke="#0ea5e9" stroke-dasharray="3 2"/></svg>`;
}

/** The last cell of a row: ok or FLAGGED with the p-value, or why there is no test. */
function verdictCell(test: CheckResult | null, note: string | null, rowspan: number): string {
  const span = rowspan > 1 ? ` rowspan="${rowspan}"` : "";
  if (test === null) return `<td${span} class="verdict na">not tested<div class="muted">${escapeHtml(note ?? "")}</div></td>`;
  const label = test.flagged ? "FLAGGED" : "ok";
  return (
    `<td${span} class="verdict ${test.flagged ? "bad" : "good"}"><b>${label}</b> p = ${formatPValue(test.pValue)}` +
    `<div class="muted">${test.method === "chi-square" || test.method === "Cochran-Mantel-Haenszel" ? `chi² ${formatStatistic(test.statistic)}, df ${test.df}` : `${test.method} test (a group expects fewer than 5 units)`}</div></td>`
  );
}

function table(header: readonly string[], rows: readonly string[], id: string): string {
  return `<table id="${id}"><thead><tr>${header.map((cell) => `<th>${escapeHtml(cell)}</th>`).join("")}</tr></thead><tbody>${rows.join("\n")}</tbody></table>`;
}
