/**
 * Counting a simulation as it runs, in memory that does not grow with the number of units: a
 * bucket histogram per layer, group counts per experiment, and per pair of layers that share
 * units a contingency table of their assignments (experiment/group, nested domain or none) for
 * each stratum — each combination of attribute values, whose attributes it keeps so the analysis
 * can merge strata that differ only in attributes the two layers do not read. A layer's
 * assignment counts in the tables only when its buckets made it: a unit placed by a forced group,
 * an allow-list or a stored assignment (which win a layer whatever its bucket) is left out of the
 * pairs of that layer. A unit whose bucket in either layer of a pair fell in the slot of an
 * experiment coupled by design with one of the other layer (see `designedDependence`) is left out
 * of that pair's tables and counted apart.
 * @module
 */
import type { Explanation } from "@strata/engine";
import type { TrafficModel } from "../model/traffic-model.ts";
import type { DesignedDependence, LayerCoupling } from "./designed-dependence.ts";

/** The counts of one experiment. */
export interface ExperimentTally {
  /** Units by group the segmenter chose. */
  readonly groups: Map<string, number>;
  /** Units the segmenter put in no group. */
  noGroup: number;
  /** Units placed by force, allow-list or stored assignment. */
  forced: number;
  /** Units the experiment passed over before its segmenter, by outcome (`conditions`, `status`, …). */
  readonly excluded: Map<string, number>;
}

/** The counts of one layer. */
export interface LayerTally {
  /** The layer id. */
  readonly id: string;
  /** Units per bucket (the first bucket the layer computed for the unit). */
  readonly histogram: Float64Array;
  /** Units that reached the layer. */
  units: number;
  /** Assignment category ids → index into the contingency tables. */
  readonly categories: Map<string, number>;
}

/** One stratum's contingency table of a pair of layers. */
export interface StratumTable {
  /** The stratum number (the unit's combination of attribute values). */
  readonly stratum: number;
  /** Rows: categories of the first layer; columns: categories of the second. */
  readonly table: number[][];
}

/** The category of a layer where the unit got nothing. */
export const NO_ASSIGNMENT = "(none)";

/** Accumulates explanations. */
export class SimulationTally {
  /** Units added. */
  units = 0;
  /** Per layer, in model order. */
  readonly layers: LayerTally[];
  /** Per experiment id. */
  readonly experiments = new Map<string, ExperimentTally>();
  private readonly layerIndex = new Map<string, number>();
  /** Layer a → layer b → stratum → rows (categories of a) of counts by category of b. */
  private readonly pairs = new Map<number, Map<number, Float64Array[][]>>();
  /** Layer a → layer b → units left out of the pair because of a designed coupling. */
  private readonly leftOutUnits = new Map<number, Map<number, number>>();
  /** Layer a → layer b → the couplings between them (null: none), looked up once. */
  private readonly couplings = new Map<number, Map<number, LayerCoupling | null>>();
  private readonly attributesByStratum: (Readonly<Record<string, unknown>> | undefined)[] = [];
  private readonly reached: number[] = [];
  private readonly reachedCategory: number[] = [];
  private readonly reachedCoupled: (readonly string[] | undefined)[] = [];
  private readonly designed: DesignedDependence | undefined;

  /** Prepares the counters of every layer and experiment of `model`; `designed` names the experiments whose units are left out of pairs. */
  constructor(model: TrafficModel, designed?: DesignedDependence) {
    this.designed = designed !== undefined && designed.experiments.size > 0 ? designed : undefined;
    this.layers = model.layers.map((layer, index) => {
      this.layerIndex.set(layer.id, index);
      const categories = new Map<string, number>([[NO_ASSIGNMENT, 0]]);
      for (const slot of layer.slots) {
        if (slot.domain !== undefined) categories.set(domainCategory(slot.domain.id), categories.size);
        for (const group of slot.experiment?.groups ?? []) categories.set(groupCategory(slot.experiment?.id as string, group.id), categories.size);
      }
      return { id: layer.id, histogram: new Float64Array(layer.buckets), units: 0, categories };
    });
    for (const experiment of model.experiments) {
      this.experiments.set(experiment.id, { groups: new Map(experiment.groups.map((group) => [group.id, 0])), noGroup: 0, forced: 0, excluded: new Map() });
    }
  }

  /** Counts one unit's explanation; `stratum` numbers its combination of attribute values (0 when there is one), `attributes` are those values. */
  add(explanation: Explanation, stratum = 0, attributes?: Readonly<Record<string, unknown>>): void {
    this.units++;
    if (attributes !== undefined) this.attributesByStratum[stratum] ??= attributes;
    const reached = this.reached;
    const reachedCategory = this.reachedCategory;
    const reachedCoupled = this.reachedCoupled;
    reached.length = 0;
    reachedCategory.length = 0;
    reachedCoupled.length = 0;
    for (const explained of explanation.layers) {
      const index = this.layerIndex.get(explained.layer);
      if (index === undefined) continue;
      const layer = this.layers[index] as LayerTally;
      layer.units++;
      const bucket = explained.buckets.find((entry) => entry.bucket !== undefined)?.bucket;
      if (bucket !== undefined) (layer.histogram[bucket] as number)++;
      const category =
        explained.assignment !== undefined
          ? groupCategory(explained.assignment.experiment, explained.assignment.group)
          : explained.domainEntered !== undefined
            ? domainCategory(explained.domainEntered)
            : NO_ASSIGNMENT;
      let categoryIndex = layer.categories.get(category);
      if (categoryIndex === undefined) {
        categoryIndex = layer.categories.size;
        layer.categories.set(category, categoryIndex);
      }
      if (placedByBuckets(explained)) {
        reached.push(index);
        reachedCategory.push(categoryIndex);
        reachedCoupled.push(this.coupledCandidates(explained));
      }
      for (const candidate of explained.experiments) this.countExperiment(candidate.experiment, candidate.outcome, candidate.group, candidate.source);
    }
    for (let i = 0; i < reached.length; i++) {
      for (let j = i + 1; j < reached.length; j++) {
        const first = reached[i] as number;
        const second = reached[j] as number;
        if (first < second) this.countPair(first, second, stratum, reachedCategory[i] as number, reachedCategory[j] as number, reachedCoupled[i], reachedCoupled[j]);
        else this.countPair(second, first, stratum, reachedCategory[j] as number, reachedCategory[i] as number, reachedCoupled[j], reachedCoupled[i]);
      }
    }
  }

  /** The contingency table of layers `a` < `b` over every stratum (rows: categories of `a`), or undefined when no unit reached both. */
  table(a: number, b: number): number[][] | undefined {
    const strata = this.strata(a, b);
    if (strata === undefined) return undefined;
    const columns = (this.layers[b] as LayerTally).categories.size;
    const rows = Math.max(0, ...strata.map(({ table }) => table.length));
    const total = Array.from({ length: rows }, () => new Array<number>(columns).fill(0));
    for (const { table } of strata) {
      table.forEach((row, r) => row.forEach((cell, c) => ((total[r] as number[])[c] = ((total[r] as number[])[c] as number) + cell)));
    }
    return total;
  }

  /** The contingency tables of layers `a` < `b`, one per stratum that has units in both, or undefined when no unit reached both. */
  strata(a: number, b: number): StratumTable[] | undefined {
    const tables = this.pairs.get(a)?.get(b);
    return tables?.flatMap((rows, stratum) => (rows === undefined ? [] : [{ stratum, table: rows.map((row) => (row === undefined ? [] : [...row])) }]));
  }

  /** The attribute values of the units of `stratum` (undefined when they were not given). */
  stratumAttributes(stratum: number): Readonly<Record<string, unknown>> | undefined {
    return this.attributesByStratum[stratum];
  }

  /** Units that reached both layers `a` < `b` but were left out of their tables because of a designed coupling. */
  leftOut(a: number, b: number): number {
    return this.leftOutUnits.get(a)?.get(b) ?? 0;
  }

  /** Every pair of layer indices that shares units, `a` < `b`, in model order. */
  pairIndices(): [number, number][] {
    const out: [number, number][] = [];
    for (const [a, partners] of this.pairs) for (const b of partners.keys()) out.push([a, b]);
    return out.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  }

  private countExperiment(id: string, outcome: string, group: string | undefined, source: string | undefined): void {
    const tally = this.experiments.get(id);
    if (tally === undefined) return;
    if (outcome === "in") {
      if (source !== "segmenter") tally.forced++;
      else tally.groups.set(group as string, (tally.groups.get(group as string) ?? 0) + 1);
    } else if (outcome === "segmenter-null") {
      tally.noGroup++;
    } else if (outcome !== "other-diversion") {
      tally.excluded.set(outcome, (tally.excluded.get(outcome) ?? 0) + 1);
    }
  }

  /** The candidate experiments of the layer that are coupled by design with another layer's (undefined: none). */
  private coupledCandidates(explained: Explanation["layers"][number]): readonly string[] | undefined {
    const designed = this.designed;
    if (designed === undefined) return undefined;
    let coupled: string[] | undefined;
    for (const candidate of explained.experiments) if (designed.experiments.has(candidate.experiment)) (coupled ??= []).push(candidate.experiment);
    return coupled;
  }

  /** True when a unit of layers `a` < `b` is in the slot of an experiment coupled with one of the other layer. */
  private inCoupledSlot(a: number, b: number, coupledA: readonly string[] | undefined, coupledB: readonly string[] | undefined): boolean {
    if (coupledA === undefined && coupledB === undefined) return false;
    let known = this.couplings.get(a);
    if (known === undefined) this.couplings.set(a, (known = new Map()));
    let coupling = known.get(b);
    if (coupling === undefined) {
      coupling = this.designed?.between((this.layers[a] as LayerTally).id, (this.layers[b] as LayerTally).id) ?? null;
      known.set(b, coupling);
    }
    if (coupling === null) return false;
    const { first, second } = coupling;
    return (coupledA?.some((id) => first.includes(id)) ?? false) || (coupledB?.some((id) => second.includes(id)) ?? false);
  }

  private countPair(
    a: number,
    b: number,
    stratum: number,
    ca: number,
    cb: number,
    coupledA: readonly string[] | undefined,
    coupledB: readonly string[] | undefined,
  ): void {
    let partners = this.pairs.get(a);
    if (partners === undefined) this.pairs.set(a, (partners = new Map()));
    let tables = partners.get(b);
    if (tables === undefined) partners.set(b, (tables = []));
    if (this.inCoupledSlot(a, b, coupledA, coupledB)) {
      let counts = this.leftOutUnits.get(a);
      if (counts === undefined) this.leftOutUnits.set(a, (counts = new Map()));
      counts.set(b, (counts.get(b) ?? 0) + 1);
      return;
    }
    let rows = tables[stratum];
    if (rows === undefined) tables[stratum] = rows = [];
    let row = rows[ca];
    if (row === undefined) {
      for (let r = rows.length; r <= ca; r++) rows[r] ??= new Float64Array((this.layers[b] as LayerTally).categories.size);
      row = rows[ca] as Float64Array;
    }
    if (cb >= row.length) {
      // A category first seen mid-run (not in the model): widen every row of this table.
      for (let r = 0; r < rows.length; r++) {
        const wider = new Float64Array((this.layers[b] as LayerTally).categories.size);
        wider.set(rows[r] as Float64Array);
        rows[r] = wider;
      }
      row = rows[ca] as Float64Array;
    }
    (row[cb] as number)++;
  }
}

/** True when the layer's buckets placed the unit: not a forced group, an allow-list or a stored assignment, nor a domain entered for one. */
function placedByBuckets(explained: Explanation["layers"][number]): boolean {
  if (explained.override !== undefined) return false;
  return explained.assignment === undefined || explained.assignment.source === "segmenter";
}

/** The category of a unit in an experiment's group. */
export function groupCategory(experiment: string, group: string): string {
  return `${experiment}/${group}`;
}

/** The category of a unit sent on to a nested domain. */
export function domainCategory(domain: string): string {
  return `→ ${domain}`;
}
