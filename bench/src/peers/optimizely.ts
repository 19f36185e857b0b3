/**
 * Optimizely (`@optimizely/optimizely-sdk` v6), offline: a static project config manager over
 * an in-memory datafile, no event processor (so `decide` and `getVariation` dispatch nothing),
 * no logger, no ODP or VUID manager. Each experiment `exp-i` (id `1000i`) has two variations
 * at 5000/10000 of the traffic allocation and is the only experiment of the flag `flag_i`
 * (for `decide`), whose rollout has no rules.
 * @module
 */
import { createInstance, createStaticProjectConfigManager, type Client } from "@optimizely/optimizely-sdk";
import { EXPERIMENTS, GROUPS, type Peer } from "./types.ts";
import { installedVersion } from "./version.ts";

/** A version-4 datafile with one flag and one 50/50 experiment per key of `EXPERIMENTS`. */
export function optimizelyDatafile(): Record<string, unknown> {
  const experiments = EXPERIMENTS.map((key, i) => ({
    id: String(10000 + i),
    key,
    status: "Running",
    layerId: String(20000 + i),
    audienceIds: [],
    audienceConditions: [],
    forcedVariations: {},
    variations: GROUPS.map((group, g) => ({ id: String(30000 + i * 10 + g), key: group, featureEnabled: true, variables: [] })),
    trafficAllocation: GROUPS.map((_, g) => ({ entityId: String(30000 + i * 10 + g), endOfRange: (g + 1) * 5000 })),
  }));
  return {
    version: "4",
    projectId: "1",
    accountId: "1",
    revision: "1",
    anonymizeIP: true,
    botFiltering: false,
    attributes: [],
    audiences: [],
    typedAudiences: [],
    events: [],
    groups: [],
    integrations: [],
    experiments,
    rollouts: EXPERIMENTS.map((_, i) => ({ id: String(40000 + i), experiments: [] })),
    featureFlags: EXPERIMENTS.map((_, i) => ({ id: String(50000 + i), key: `flag_${i}`, experimentIds: [String(10000 + i)], rolloutId: String(40000 + i), variables: [] })),
  };
}

/** Sets Optimizely up offline; resolves once the client is ready. */
export async function setupOptimizely(): Promise<Peer> {
  const client: Client = createInstance({
    projectConfigManager: createStaticProjectConfigManager({ datafile: JSON.stringify(optimizelyDatafile()) }),
  });
  await client.onReady({ timeout: 5000 });
  const first = EXPERIMENTS[0] as string;
  const keys = EXPERIMENTS;
  const flags = EXPERIMENTS.map((_, i) => `flag_${i}`);
  const firstFlag = flags[0] as string;
  return {
    name: "@optimizely/optimizely-sdk",
    version: installedVersion("@optimizely/optimizely-sdk"),
    apis: [
      {
        id: "optimizely.getVariation",
        label: "Optimizely getVariation",
        one: (id) => client.getVariation(first, id),
        ten: (id) => {
          let treatment = 0;
          for (let i = 0; i < keys.length; i++) if (client.getVariation(keys[i] as string, id) === "treatment") treatment++;
          return treatment;
        },
      },
      {
        id: "optimizely.decide",
        label: "Optimizely createUserContext + decide",
        one: (id) => client.createUserContext(id)!.decide(firstFlag).variationKey,
        ten: (id) => {
          const decisions = client.createUserContext(id)!.decideForKeys(flags);
          let treatment = 0;
          for (let i = 0; i < flags.length; i++) if (decisions[flags[i] as string]?.variationKey === "treatment") treatment++;
          return treatment;
        },
      },
    ],
    close: () => client.close().then(() => undefined),
  };
}
