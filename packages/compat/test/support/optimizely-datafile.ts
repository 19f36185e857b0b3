/** Builders for small Optimizely v4 datafiles. */

/** A variation split as [variationKey, endOfRange] pairs (variation ids derive from the keys). */
export type Split = readonly (readonly [key: string | null, endOfRange: number])[];

/** An Optimizely experiment object; `split` becomes variations and trafficAllocation. */
export function optimizelyExperiment(id: string, key: string, split: Split, extra: Record<string, unknown> = {}) {
  const keys = [...new Set(split.map(([k]) => k).filter((k): k is string => k !== null))];
  return {
    id,
    key,
    status: "Running",
    layerId: `layer-${id}`,
    audienceIds: [],
    forcedVariations: {},
    variations: keys.map((k) => ({ id: `${id}-${k}`, key: k, variables: [] })),
    trafficAllocation: split.map(([k, endOfRange]) => ({ entityId: k === null ? "" : `${id}-${k}`, endOfRange })),
    ...extra,
  };
}

/** A datafile holding `experiments` and `groups`. */
export function optimizelyDatafile(experiments: unknown[], groups: unknown[] = [], extra: Record<string, unknown> = {}) {
  return {
    version: "4",
    projectId: "1000",
    accountId: "2000",
    revision: "7",
    anonymizeIP: true,
    botFiltering: false,
    attributes: [],
    audiences: [],
    typedAudiences: [],
    events: [],
    featureFlags: [],
    rollouts: [],
    variables: [],
    experiments,
    groups,
    ...extra,
  };
}

/** The compat:optimizely trafficAllocation of a split. */
export function allocationOf(split: Split) {
  return split.map(([group, endOfRange]) => ({ group, endOfRange }));
}
