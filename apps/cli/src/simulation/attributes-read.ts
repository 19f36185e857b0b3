/**
 * The request attributes a layer's assignment can depend on: those some condition of its
 * experiments reads — or of the experiments in the domains nested in its slots, since which of
 * them a unit reaches is part of the layer's outcome — plus those a compat segmenter reads
 * (a GrowthBook filter on an attribute other than the hashed one, Optimizely's
 * `$opt_bucketing_id`). The independence test of two layers is stratified by exactly these
 * attributes: values of any other attribute cannot link the layers, and splitting the units by
 * them would only make the strata small.
 * @module
 */
import { BUCKETING_ID_ATTRIBUTE } from "@strata/compat";
import { walkConfig, type Condition, type ExperimentConfig, type SlotVisit, type StrataConfig } from "@strata/config";

/** The attribute names `condition` reads, through `$and`, `$or` and `$not`. */
export function conditionAttributes(condition: Condition | undefined): Set<string> {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (typeof node !== "object" || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "$and" || key === "$or" || key === "$not") visit(value);
      else if (!key.startsWith("$")) names.add(key);
    }
  };
  visit(condition);
  return names;
}

/** The request attributes the experiment's segmenter reads (beyond the unit id it is given). */
export function segmenterAttributes(experiment: ExperimentConfig): string[] {
  const options = experiment.segmenter as Readonly<Record<string, unknown>>;
  if (options.type === "compat:optimizely") return [BUCKETING_ID_ATTRIBUTE];
  if (options.type !== "compat:growthbook" || !Array.isArray(options.filters)) return [];
  const hashed = typeof options.hashAttribute === "string" ? options.hashAttribute : "id";
  return options.filters.flatMap((filter: unknown) => {
    const attribute = (filter as { attribute?: unknown } | null)?.attribute;
    const name = typeof attribute === "string" ? attribute : "id";
    return name === hashed ? [] : [name];
  });
}

/** Layer id → the attributes its assignment can depend on (a layer reading none is absent). */
export function attributesReadByLayer(config: StrataConfig): ReadonlyMap<string, ReadonlySet<string>> {
  const byLayer = new Map<string, Set<string>>();
  walkConfig(config, {
    experiment: ({ experiment, slot }) => {
      const names = [...conditionAttributes(experiment.conditions), ...segmenterAttributes(experiment)];
      if (names.length === 0) return;
      // The experiment's own layer and every layer whose slot holds a domain it is nested in.
      for (let at: SlotVisit | undefined = slot; at !== undefined; at = at.layer.domain.slot) {
        const id = at.layer.layer.id;
        let set = byLayer.get(id);
        if (set === undefined) byLayer.set(id, (set = new Set()));
        for (const name of names) set.add(name);
      }
    },
  });
  return byLayer;
}
