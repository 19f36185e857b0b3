/**
 * A config in one phrase: `7 experiments in 7 layers across 4 domains (1 holdout)`.
 * @module
 */
import type { TrafficModel } from "./traffic-model.ts";

/** Counts of experiments, layers and domains as a phrase. */
export function summarizeModel(model: TrafficModel): string {
  const holdouts = model.domains.filter((domain) => domain.holdout).length;
  const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;
  const launch = model.layers.filter((layer) => layer.launch).length;
  return (
    `${plural(model.experiments.length, "experiment")} in ${plural(model.layers.length, "layer")}` +
    `${launch > 0 ? ` (${launch} launch)` : ""} across ${plural(model.domains.length, "domain")}` +
    `${holdouts > 0 ? ` (${plural(holdouts, "holdout")})` : ""}`
  );
}
