/**
 * Unleash (`unleash-client`), offline: features bootstrapped from memory, `refreshInterval: 0`
 * (its fetcher returns before any request), metrics disabled, an in-memory backup store
 * instead of the file one, and a loopback URL that is never contacted (the client requires
 * one). Two shapes of the 50/50 experiment, one toggle per key of `EXPERIMENTS`:
 * - `isEnabled`: a `flexibleRollout` at 50% (groupId = the toggle name, default stickiness);
 *   "treatment" means enabled;
 * - `getVariant`: a `flexibleRollout` at 100% with strategy variants control/treatment,
 *   weight 500 each (Unleash normalises weights to 1000), default stickiness.
 * @module
 */
import { InMemStorageProvider, Unleash, UnleashEvents } from "unleash-client";
import { EXPERIMENTS, GROUPS, type Peer } from "./types.ts";
import { installedVersion } from "./version.ts";

/** Never contacted: the SDK insists on a URL, and the offline guard would block it anyway. */
const UNREACHABLE = "http://127.0.0.1:9/api/";

type Toggle = Record<string, unknown>;

/** The bootstrap toggles: `rollout-exp-i` (50% rollout) and `variant-exp-i` (two variants). */
export function unleashToggles(): Toggle[] {
  const rollout = (key: string): Toggle => ({
    name: `rollout-${key}`,
    enabled: true,
    type: "experiment",
    project: "default",
    stale: false,
    impressionData: false,
    strategies: [{ name: "flexibleRollout", constraints: [], parameters: { rollout: "50", stickiness: "default", groupId: key } }],
    variants: [],
  });
  const variants = (key: string): Toggle => ({
    name: `variant-${key}`,
    enabled: true,
    type: "experiment",
    project: "default",
    stale: false,
    impressionData: false,
    strategies: [
      {
        name: "flexibleRollout",
        constraints: [],
        parameters: { rollout: "100", stickiness: "default", groupId: key },
        variants: GROUPS.map((group) => ({ name: group, weight: 500, weightType: "variable", stickiness: "default" })),
      },
    ],
    variants: [],
  });
  return EXPERIMENTS.flatMap((key) => [rollout(key), variants(key)]);
}

/** Sets Unleash up offline; resolves once the bootstrap is loaded. */
export async function setupUnleash(): Promise<Peer> {
  const unleash = new Unleash({
    appName: "strata-bench",
    url: UNREACHABLE,
    refreshInterval: 0,
    disableMetrics: true,
    disableAutoStart: true,
    skipInstanceCountWarning: true,
    storageProvider: new InMemStorageProvider(),
    bootstrap: { data: unleashToggles() as never },
  });
  const ready = new Promise<void>((resolve, reject) => {
    unleash.once(UnleashEvents.Ready, () => resolve());
    unleash.once(UnleashEvents.Error, reject);
    setTimeout(() => reject(new Error("unleash-client did not become ready from its bootstrap within 5 s")), 5000).unref();
  });
  await unleash.start();
  await ready;
  const rollouts = EXPERIMENTS.map((key) => `rollout-${key}`);
  const variants = EXPERIMENTS.map((key) => `variant-${key}`);
  const firstRollout = rollouts[0] as string;
  const firstVariant = variants[0] as string;
  return {
    name: "unleash-client",
    version: installedVersion("unleash-client"),
    apis: [
      {
        id: "unleash.isEnabled",
        label: "Unleash isEnabled (flexibleRollout 50%)",
        one: (userId) => (unleash.isEnabled(firstRollout, { userId }) ? "treatment" : "control"),
        ten: (userId) => {
          const context = { userId };
          let treatment = 0;
          for (let i = 0; i < rollouts.length; i++) if (unleash.isEnabled(rollouts[i] as string, context)) treatment++;
          return treatment;
        },
      },
      {
        id: "unleash.getVariant",
        label: "Unleash getVariant (strategy variants)",
        one: (userId) => unleash.getVariant(firstVariant, { userId }).name,
        ten: (userId) => {
          const context = { userId };
          let treatment = 0;
          for (let i = 0; i < variants.length; i++) if (unleash.getVariant(variants[i] as string, context).name === "treatment") treatment++;
          return treatment;
        },
      },
    ],
    close: () => unleash.destroy(),
  };
}
