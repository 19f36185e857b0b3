/**
 * A simulation result as terminal text: three tables (sample ratio, bucket uniformity, layer
 * independence, with the pairs dependent by design listed under it) and a closing line with the
 * number of flagged checks.
 * @module
 */
import { formatCount, formatPercent, formatPValue, formatStatistic } from "../numbers.ts";
import { renderTable } from "../table.ts";
import type { CheckResult, SimulationResult } from "./result.ts";

const FLAG = "FLAGGED";

/** The result as lines of text. */
export function formatSimulation(result: SimulationResult): string[] {
  const lines = [`Simulated ${formatCount(result.units)} units through ${result.config} (${result.population}).`, ""];

  lines.push("Sample ratio: each experiment's groups among the units that reached its segmenter");
  const ratioRows: string[][] = [];
  for (const experiment of result.experiments) {
    experiment.groups.forEach((group, index) => {
      const first = index === 0;
      ratioRows.push([
        first ? experiment.experiment : "",
        first ? experiment.layer : "",
        group.group,
        formatCount(group.count),
        formatPercent(group.observedShare),
        group.expectedShare === null ? "—" : formatPercent(group.expectedShare),
        first ? pValue(experiment.test) : "",
        first ? flag(experiment.test, experiment.note) : "",
      ]);
    });
  }
  lines.push(...renderTable(["experiment", "layer", "group", "units", "observed", "expected", "p-value", ""], ratioRows, ["left", "left", "left", "right", "right", "right", "right", "left"]));

  lines.push("", "Bucket uniformity: units per bucket of each layer against an even spread");
  lines.push(
    ...renderTable(
      ["layer", "domain", "units", "bins", "chi²", "df", "p-value", ""],
      result.layers.map((layer) => [
        layer.launch ? `${layer.layer} (launch)` : layer.layer,
        layer.domain,
        formatCount(layer.units),
        String(layer.bins),
        layer.test === null ? "—" : formatStatistic(layer.test.statistic),
        layer.test === null ? "—" : String(layer.test.df),
        pValue(layer.test),
        flag(layer.test, layer.units === 0 ? "no unit reached it" : layer.test === null ? "too few units to test" : null),
      ]),
      ["left", "left", "right", "right", "right", "right", "right", "left"],
    ),
  );

  const tested = result.pairs.filter((pair) => pair.test !== null);
  const byDesign = result.pairs.filter((pair) => pair.dependentByDesign !== null);
  const strata = Math.max(1, ...result.pairs.map((pair) => pair.strata));
  lines.push("", "Layer independence: assignments (experiment/group) of units that reached both layers");
  if (strata > 1) lines.push(`tested within each of the ${strata} combinations of --attr values (targeting links layers on purpose); chi² and df are summed`);
  if (tested.length === 0) lines.push("no pair of layers has two or more assignments each to compare");
  else {
    lines.push(
      ...renderTable(
        ["layers", "units", "table", "chi²", "df", "p-value", ""],
        tested.map((pair) => [
          `${pair.layers[0]} × ${pair.layers[1]}`,
          formatCount(pair.units),
          `${pair.categories[0]}×${pair.categories[1]}`,
          formatStatistic((pair.test as CheckResult).statistic),
          String((pair.test as CheckResult).df),
          pValue(pair.test),
          flag(pair.test, null),
        ]),
        ["left", "right", "right", "right", "right", "right", "left"],
      ),
    );
  }
  for (const pair of byDesign) lines.push(`${pair.layers[0]} × ${pair.layers[1]}: dependent by design, not tested — ${pair.dependentByDesign}`);
  const untested = result.pairs.length - tested.length - byDesign.length;
  if (untested > 0) lines.push(`(${untested} more ${untested === 1 ? "pair shares" : "pairs share"} units, but one of the two layers puts all of them in the same place: nothing to test)`);

  lines.push("", summaryLine(result));
  return lines;
}

/** The closing line: how many checks ran and how many were flagged. */
export function summaryLine(result: SimulationResult): string {
  const flagged = result.flagged === 0 ? "none flagged" : `${result.flagged} FLAGGED`;
  return `${result.checks} checks, ${flagged} (p < ${result.alpha}).`;
}

function pValue(test: CheckResult | null): string {
  return test === null ? "—" : formatPValue(test.pValue);
}

function flag(test: CheckResult | null, note: string | null): string {
  if (test?.flagged === true) return FLAG;
  return note ?? "";
}
