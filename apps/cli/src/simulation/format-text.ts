/**
 * A simulation result as terminal text: three tables (sample ratio, bucket uniformity, layer
 * independence, with the experiments left out of a pair because they depend on each other by
 * design listed under it) and a closing line with the number of flagged checks.
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
  const stratified = tested.some((pair) => pair.strata > 1);
  lines.push("", "Layer independence: assignments (experiment/group) of units that reached both layers");
  if (stratified) {
    lines.push("pairs whose experiments read --attr attributes are tested within each combination of their values (Cochran–Mantel–Haenszel), the others pooled");
  }
  if (tested.length === 0) lines.push("no pair of layers has two or more assignments each to compare");
  else {
    const within = (pair: (typeof tested)[number]): string => (pair.strata > 1 ? `${pair.stratifiedBy.join(", ")} (${formatCount(pair.strata)})` : "pooled");
    lines.push(
      ...renderTable(
        ["layers", "units", "table", ...(stratified ? ["within"] : []), "chi²", "df", "p-value", ""],
        tested.map((pair) => [
          `${pair.layers[0]} × ${pair.layers[1]}`,
          formatCount(pair.units),
          `${pair.categories[0]}×${pair.categories[1]}`,
          ...(stratified ? [within(pair)] : []),
          formatStatistic((pair.test as CheckResult).statistic),
          String((pair.test as CheckResult).df),
          pValue(pair.test),
          flag(pair.test, null),
        ]),
        ["left", "right", "right", ...(stratified ? ["left" as const] : []), "right", "right", "right", "left"],
      ),
    );
  }
  for (const pair of result.pairs) {
    if (pair.leftOut === null) continue;
    const experiments = pair.leftOut.experiments.map((id) => JSON.stringify(id)).join(", ");
    const rest = pair.test === null ? "nothing else to test" : "the rest is tested above";
    lines.push(`${pair.layers[0]} × ${pair.layers[1]}: left out ${formatCount(pair.leftOut.units)} units in the slots of ${experiments}, dependent by design (${pair.dependentByDesign}); ${rest}`);
  }
  const untested = result.pairs.filter((pair) => pair.test === null && pair.leftOut === null).length;
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
