/** Small builders for test configs. */
import type { ExperimentConfig, LayerConfig, StrataConfig } from "@strata/config";

/** A running experiment with a percentage segmenter and one param set per group. */
export function percentExperiment(id: string, param: string, groups: Record<string, number>, extra: Partial<ExperimentConfig> = {}): ExperimentConfig {
  return {
    id,
    status: "running",
    groups: Object.keys(groups).map((group) => ({ id: group, params: { [param]: `${id}:${group}` } })),
    segmenter: { type: "percentage", groups: Object.entries(groups).map(([group, weight]) => ({ id: group, weight })) },
    ...extra,
  };
}

/** A layer owning `params`, its slots given as [start, end, experiment]. */
export function layer(id: string, params: string[], slots: Array<[number, number, ExperimentConfig]>, extra: Partial<LayerConfig> = {}): LayerConfig {
  return { id, params, slots: slots.map(([start, end, experiment]) => ({ ranges: [[start, end]], experiment })), ...extra };
}

/** A config over `userId` (and `cookieId`) with the given root layers and param defaults. */
export function config(params: Record<string, string>, layers: LayerConfig[], units: string[] = ["userId", "cookieId"]): StrataConfig {
  return { version: 1, units, params, domain: { id: "root", layers } };
}

/** `n` synthetic user ids. */
export function users(n: number, prefix = "user-"): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}
