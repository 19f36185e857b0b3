/**
 * Which colour each experiment and nested domain of a config gets in the report, so that the
 * map, the legend and the tables agree.
 * @module
 */
import type { TrafficModel } from "../model/traffic-model.ts";
import { domainColor, experimentColor, ROOT_COLOR } from "./palette.ts";

/** Colours by experiment id and by domain id. */
export interface ReportColors {
  /** Experiment id → colour. */
  readonly experiments: ReadonlyMap<string, string>;
  /** Domain id → colour (the root domain's is slate). */
  readonly domains: ReadonlyMap<string, string>;
}

/** Assigns colours in document order. */
export function reportColors(model: TrafficModel): ReportColors {
  const experiments = new Map(model.experiments.map((experiment, index) => [experiment.id, experimentColor(index)]));
  const domains = new Map<string, string>();
  let nested = 0;
  // Holdouts are drawn hatched grey and get no colour of their own.
  for (const domain of model.domains) domains.set(domain.id, domain.parent === undefined ? ROOT_COLOR : domain.holdout ? "#64748b" : domainColor(nested++));
  return { experiments, domains };
}
