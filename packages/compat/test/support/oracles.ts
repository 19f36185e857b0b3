/**
 * The real SDKs, set up offline (no network, no logging) as oracles: each function answers the
 * SDK's own decision for one unit.
 */
import { createRequire } from "node:module";
import { GrowthBookClient, type Experiment, type FeatureDefinition } from "@growthbook/growthbook";
import { createInstance, createStaticProjectConfigManager } from "@optimizely/optimizely-sdk";

const require = createRequire(import.meta.url);

/** An Optimizely client over a datafile (static config manager: no polling, no event processor, no logger). */
export function optimizelyOracle(datafile: unknown) {
  const client = createInstance({ projectConfigManager: createStaticProjectConfigManager({ datafile: JSON.stringify(datafile) }) });
  return {
    /** The variation key `getVariation` gives, or null. */
    variation: (experimentKey: string, userId: string, attributes: Record<string, unknown> = {}): string | null =>
      client.getVariation(experimentKey, userId, attributes as never),
    close: () => client.close(),
  };
}

/** A GrowthBook server-side client over a features payload. */
export function growthbookOracle(features: Record<string, FeatureDefinition> = {}, savedGroups?: Record<string, unknown>) {
  const client = new GrowthBookClient({}).initSync({ payload: { features, ...(savedGroups ? { savedGroups } : {}) } as never });
  return {
    /** The variation key of an inline experiment, or null when the user is not in it. */
    experiment: <T>(experiment: Experiment<T>, attributes: Record<string, unknown>): string | null => {
      const result = client.runInlineExperiment(experiment, { attributes });
      return result.inExperiment && !result.passthrough ? result.key : null;
    },
    /** A feature's value for the attributes. */
    feature: (key: string, attributes: Record<string, unknown>): unknown => client.evalFeature(key, { attributes }).value,
    close: () => client.destroy(),
  };
}

type UnleashToggle = Record<string, unknown> & { name: string };

/** The Unleash Node client's evaluator over in-memory toggles (no repository polling, no metrics). */
export function unleashOracle(toggles: UnleashToggle[]) {
  const UnleashClient = require("unleash-client/lib/client").default;
  const { defaultStrategies } = require("unleash-client/lib/strategy");
  const byName = new Map(toggles.map((t) => [t.name, t]));
  const client = new UnleashClient({ getToggle: (name: string) => byName.get(name), getToggles: () => toggles }, defaultStrategies);
  return {
    isEnabled: (name: string, context: Record<string, unknown>): boolean => client.isEnabled(name, context, () => false),
    /** The variant name, or null for the disabled variant. */
    variant: (name: string, context: Record<string, unknown>): string | null => {
      const variant = client.getVariant(name, context);
      return variant.enabled ? variant.name : null;
    },
  };
}

type PlanOutOp = "UniformChoice" | "WeightedChoice" | "BernoulliTrial";

/** PlanOut.js (default build, or the core-compatible build) assigning one parameter. */
export function planoutOracle(build: "default" | "core-compatible") {
  const planout = build === "default" ? require("planout") : require("planout/dist/planout_core_compatible.js");
  return {
    planout,
    /** The value PlanOut's Assignment gives `param` for the unit. */
    assign(experimentSalt: string, param: string, op: PlanOutOp, args: Record<string, unknown>, unit: string): unknown {
      const assignment = new planout.Assignment(experimentSalt);
      assignment.set(param, new planout.Ops.Random[op]({ ...args, unit }));
      return assignment.get(param);
    },
  };
}
