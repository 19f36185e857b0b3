/**
 * Experiments whose assignments depend on each other on purpose: experiments whose segmenters
 * share a hash that divides units between them, read from the compat segmenters' options — an
 * Optimizely exclusion group (`exclusionGroup.id`: its experiments are mutually exclusive), a
 * GrowthBook namespace (`namespace.id`) or filter seed (`filters[].seed`: GrowthBook's mutually
 * exclusive "layers"), an Unleash `groupId` (rollouts of one group include the same units). For a
 * pair of layers holding such experiments, the simulation leaves out only the coupled
 * experiments' cells — every unit whose bucket in either layer fell in a coupled experiment's
 * slot, whatever group it got there, so the rows and columns of those experiments — and tests the
 * rest of the table; the pair's result says which experiments were left out, how many units, and
 * why. (Leaving out units by slot, which each layer's own buckets decide, keeps the rest of the
 * table independent when the layers are.) Anything else two segmenters share (a Verdict salt, an
 * md5-prefix key copied by mistake) is not by design, and is tested — and flagged — like any
 * other dependence.
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

/** The designed couplings between two layers: which experiments of each are left out of their test, and why. */
export interface LayerCoupling {
  /** The coupled experiments of the first layer (`a` of `between(a, b)`), in document order. */
  readonly first: readonly string[];
  /** The coupled experiments of the second layer, in document order. */
  readonly second: readonly string[];
  /** Why, one clause per coupled pair of experiments (`experiments "a" and "b" share …`), joined by "; ". */
  readonly reason: string;
}

/** Answers, for two layers, which of their experiments depend on each other by design. */
export interface DesignedDependence {
  /** Every experiment that shares a hash with an experiment of another layer. */
  readonly experiments: ReadonlySet<string>;
  /** The couplings between layers `a` and `b`, or undefined when there are none. */
  between(a: string, b: string): LayerCoupling | undefined;
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
  const between = (a: string, b: string): LayerCoupling | undefined => {
    const first = new Set<string>();
    const second = new Set<string>();
    const reasons: string[] = [];
    for (const one of byLayer.get(a) ?? []) {
      for (const other of byLayer.get(b) ?? []) {
        if (one.experiment === other.experiment) continue;
        const shared = one.couplings.find((coupling) => other.couplings.some((candidate) => candidate.key === coupling.key));
        if (shared === undefined) continue;
        first.add(one.experiment);
        second.add(other.experiment);
        reasons.push(`experiments ${JSON.stringify(one.experiment)} and ${JSON.stringify(other.experiment)} ${shared.phrase}`);
      }
    }
    return reasons.length === 0 ? undefined : { first: [...first], second: [...second], reason: reasons.join("; ") };
  };
  const experiments = new Set<string>();
  const layers = [...byLayer.keys()];
  for (const a of layers) {
    for (const b of layers) {
      if (a === b) continue;
      for (const id of between(a, b)?.first ?? []) experiments.add(id);
    }
  }
  return { experiments, between };
}
