/**
 * GrowthBook (`@growthbook/growthbook`), offline: the multi-user server client
 * (`GrowthBookClient`) initialised synchronously from an in-memory payload, so it never
 * fetches, streams or polls (`initSync` without `streaming`/`pollingInterval` starts no
 * background sync). Each experiment is a feature `exp-i` whose only rule is a 50/50
 * experiment with `hashVersion: 2` (what GrowthBook's payloads set today), seeded by its key,
 * hashed on the `id` attribute.
 * @module
 */
import { GrowthBookClient, type FeatureDefinition } from "@growthbook/growthbook";
import { EXPERIMENTS, GROUPS, type Peer } from "./types.ts";
import { installedVersion } from "./version.ts";

/** The feature definitions: one experiment rule per feature. */
export function growthbookFeatures(): Record<string, FeatureDefinition<string>> {
  return Object.fromEntries(
    EXPERIMENTS.map((key) => [
      key,
      {
        defaultValue: "default",
        rules: [{ key, seed: key, hashAttribute: "id", hashVersion: 2, coverage: 1, weights: [0.5, 0.5], variations: [...GROUPS] }],
      },
    ]),
  );
}

/** Sets GrowthBook up offline. */
export function setupGrowthBook(): Peer {
  const client = new GrowthBookClient({ enabled: true }).initSync({ payload: { features: growthbookFeatures() } });
  const first = EXPERIMENTS[0] as string;
  const keys = EXPERIMENTS;
  return {
    name: "@growthbook/growthbook",
    version: installedVersion("@growthbook/growthbook"),
    apis: [
      {
        id: "growthbook.evalFeature",
        label: "GrowthBook evalFeature (hashVersion 2)",
        one: (id) => client.evalFeature<string>(first, { attributes: { id } }).value,
        ten: (id) => {
          // One user context for the ten features, as a server handler would build it once per request.
          const user = { attributes: { id } };
          let treatment = 0;
          for (let i = 0; i < keys.length; i++) if (client.evalFeature<string>(keys[i] as string, user).value === "treatment") treatment++;
          return treatment;
        },
      },
    ],
    close: () => client.destroy(),
  };
}
