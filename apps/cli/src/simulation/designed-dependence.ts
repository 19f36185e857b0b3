/**
 * Layers whose assignments depend on each other on purpose: experiments whose segmenters share a
 * hash that divides units between them, read from the compat segmenters' options — an Optimizely
 * exclusion group (`exclusionGroup.id`: its experiments are mutually exclusive), a GrowthBook
 * namespace (`namespace.id`) or filter seed (`filters[].seed`: GrowthBook's mutually exclusive
 * "layers"), an Unleash `groupId` (rollouts of one group include the same units). The simulation
 * reports such a pair of layers as dependent by design instead of testing it. Anything else two
 * segmenters share (a Verdict salt, an md5-prefix key copied by mistake) is not by design, and
 * is tested — and flagged — like any other dependence.
 * @module
 */
import { walkConfig, type ExperimentConfig, type StrataConfig } from "@strata/config";

/** One shared-hash membership of an experiment. */
interface Coupling {
  /** Equal for experiments coupled by the same mechanism and id. */
  readonly key: string;
  /** What the experiments share, completing "…experiments "a" and "b" <phrase>". */
  readonly phrase: string;
}

/** One experiment's couplings, with its id. */
interface CoupledExperiment {
  readonly experiment: string;
  readonly couplings: readonly Coupling[];
}

function record(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The couplings the experiment's segmenter options declare. */
function experimentCouplings(experiment: ExperimentConfig): Coupling[] {
  const options = record(experiment.segmenter) ?? {};
  const couplings: Coupling[] = [];
  const add = (mechanism: string, id: string | undefined, phrase: string): void => {
    if (id !== undefined) couplings.push({ key: `${mechanism}\u0000${id}`, phrase });
  };
  switch (options.type) {
    case "compat:optimizely": {
      const id = text(record(options.exclusionGroup)?.id);
      add("optimizely-exclusion-group", id, `are in Optimizely exclusion group ${JSON.stringify(id)}, which makes them mutually exclusive`);
      break;
    }
    case "compat:growthbook": {
      const id = text(record(options.namespace)?.id);
      add("growthbook-namespace", id, `share GrowthBook namespace ${JSON.stringify(id)}, whose ranges divide one hash between them`);
      for (const filter of Array.isArray(options.filters) ? options.filters : []) {
        const seed = text(record(filter)?.seed);
        add("growthbook-filter", seed, `share GrowthBook filter seed ${JSON.stringify(seed)}, whose ranges divide one hash between them`);
      }
      break;
    }
    case "compat:unleash": {
      const id = text(options.groupId);
      add("unleash-group", id, `share Unleash groupId ${JSON.stringify(id)}, so their rollouts include the same units`);
      break;
    }
  }
  return couplings;
}

/** Answers, for two layers, why their assignments depend on each other by design (undefined: they should not). */
export interface DesignedDependence {
  /** The reason layers `a` and `b` are dependent by design, or undefined. */
  between(a: string, b: string): string | undefined;
}

/** Reads every experiment's couplings from `config`, by layer. */
export function designedDependence(config: StrataConfig): DesignedDependence {
  const byLayer = new Map<string, CoupledExperiment[]>();
  walkConfig(config, {
    experiment: ({ experiment, slot }) => {
      const couplings = experimentCouplings(experiment);
      if (couplings.length === 0) return;
      const layer = slot.layer.layer.id;
      byLayer.set(layer, [...(byLayer.get(layer) ?? []), { experiment: experiment.id, couplings }]);
    },
  });
  return {
    between(a, b) {
      for (const first of byLayer.get(a) ?? []) {
        for (const second of byLayer.get(b) ?? []) {
          if (first.experiment === second.experiment) continue;
          const shared = first.couplings.find((coupling) => second.couplings.some((other) => other.key === coupling.key));
          if (shared !== undefined) return `experiments ${JSON.stringify(first.experiment)} and ${JSON.stringify(second.experiment)} ${shared.phrase}`;
        }
      }
      return undefined;
    },
  };
}
