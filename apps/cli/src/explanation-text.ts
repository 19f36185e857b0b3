/**
 * One unit's explanation as terminal text: per layer reached, its bucket and what happened there
 * (the experiment and group, the nested domain entered, or why nothing), then every parameter's
 * value and the experiment that set it.
 * @module
 */
import type { ParamValue, StrataConfig } from "@strata/config";
import type { ExplainedLayer, Explanation } from "@strata/engine";
import { renderTable } from "./table.ts";

/** The explanation of `unit` (of `unitType`) as lines. */
export function formatExplanation(explanation: Explanation, config: StrataConfig, unitType: string, unit: string): string[] {
  const lines = [`${unitType} ${unit}`, ""];
  lines.push(...renderTable(["layer", "domain", "bucket", "result"], explanation.layers.map((layer) => [layer.launch ? `${layer.layer} (launch)` : layer.layer, layer.domain, bucketsOf(layer), resultOf(layer)])));
  lines.push("", ...renderTable(["param", "value", "set by"], paramRows(explanation, config)));
  const notes = [...explanation.notes, ...explanation.decision.errors];
  if (notes.length > 0) lines.push("", ...notes.map((note) => `note: ${note}`));
  return lines;
}

function bucketsOf(layer: ExplainedLayer): string {
  const computed = layer.buckets.filter((entry) => entry.bucket !== undefined);
  if (computed.length === 1) return String(computed[0]?.bucket);
  return computed.map((entry) => `${entry.unitType} ${entry.bucket}`).join(", ") || "—";
}

function resultOf(layer: ExplainedLayer): string {
  if (layer.assignment !== undefined) {
    const { experiment, group, source } = layer.assignment;
    return `${experiment}: ${group}${source === "segmenter" ? "" : ` (${source})`}`;
  }
  if (layer.domainEntered !== undefined) return layer.holdout === true ? `→ holdout ${layer.domainEntered}: defaults below` : `→ domain ${layer.domainEntered}${layer.override === undefined ? "" : " (forced or allow-listed below)"}`;
  if (layer.override !== undefined && layer.experiments.length === 0) return layer.override;
  if (layer.experiments.length > 0) return layer.experiments.map((candidate) => `${candidate.experiment}: not in it, ${candidate.reason}`).join("; ");
  const reasons = layer.buckets.flatMap((entry) => {
    if (entry.reason === undefined) return [];
    if (entry.bucket !== undefined) return [entry.reason === "bucket in no slot" ? `${entry.unitType} bucket ${entry.bucket} is free (no slot)` : `${entry.unitType}: ${entry.reason}`];
    return [entry.reason === "no such unit in the request" ? `no ${entry.unitType} in the request` : `${entry.unitType}: ${entry.reason}`];
  });
  return reasons.join("; ") || "nothing";
}

function paramRows(explanation: Explanation, config: StrataConfig): string[][] {
  // Precedence: defaults ← launch layers ← normal experiments; report the last experiment that set each parameter.
  const setBy = new Map<string, string>();
  const groups = new Map<string, Readonly<Record<string, ParamValue>>>();
  collectGroups(config, groups);
  const ordered = [...explanation.decision.assignments].sort((a, b) => Number(b.launch) - Number(a.launch));
  for (const assignment of ordered) {
    for (const param of Object.keys(groups.get(`${assignment.experiment}/${assignment.group}`) ?? {})) setBy.set(param, `${assignment.experiment} (${assignment.group})`);
  }
  return Object.entries(explanation.decision.params).map(([param, value]) => [param, JSON.stringify(value), setBy.get(param) ?? "default"]);
}

function collectGroups(config: StrataConfig, out: Map<string, Readonly<Record<string, ParamValue>>>): void {
  const visit = (layers: StrataConfig["domain"]["layers"]): void => {
    for (const layer of layers) {
      for (const slot of layer.slots) {
        for (const group of slot.experiment?.groups ?? []) out.set(`${slot.experiment?.id}/${group.id}`, group.params ?? {});
        if (slot.domain !== undefined) visit(slot.domain.layers);
      }
    }
  };
  visit(config.domain.layers);
}
