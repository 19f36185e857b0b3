/**
 * The traffic model: a validated config as a tree of domains, layers, slots and experiments with
 * their shares — of the layer (slot ranges over its buckets) and of all traffic (through every
 * enclosing domain). The report draws it and the simulation tallies against it.
 * @module
 */
import { experimentUnit, layerBuckets, normalizeRanges, freeRanges, countBuckets } from "@strata/config";
import type { BucketRange, Condition, DomainConfig, ExperimentConfig, ExperimentStatus, LayerConfig, ParamValue, StrataConfig } from "@strata/config";
import { initialExpectedShares } from "./expected-shares.ts";

/** A domain: all traffic (the root) or the traffic of a slot of a layer. */
export interface DomainNode {
  /** The domain id. */
  readonly id: string;
  /** Its description, if any. */
  readonly description: string | undefined;
  /** Its JSON Pointer. */
  readonly pointer: string;
  /** 0 for the root domain. */
  readonly depth: number;
  /** Its share of all traffic. */
  readonly share: number;
  /** True when it has no layers: its traffic gets defaults everywhere below. */
  readonly holdout: boolean;
  /** Launch layers and normal layers, in document order. */
  readonly layers: readonly LayerNode[];
  /** The slot holding it (undefined for the root). */
  readonly parent: SlotNode | undefined;
}

/** A layer: a bucket space divided into slots. */
export interface LayerNode {
  /** The layer id. */
  readonly id: string;
  /** Its description, if any. */
  readonly description: string | undefined;
  /** Its JSON Pointer. */
  readonly pointer: string;
  /** True for a launch layer. */
  readonly launch: boolean;
  /** Its bucket count. */
  readonly buckets: number;
  /** The parameters it owns. */
  readonly params: readonly string[];
  /** The domain it belongs to. */
  readonly domain: DomainNode;
  /** Its slots, in document order. */
  readonly slots: readonly SlotNode[];
  /** Buckets no slot holds. */
  readonly free: readonly BucketRange[];
  /** The free buckets' share of the layer. */
  readonly freeShare: number;
}

/** A slot: bucket ranges holding an experiment or a nested domain. */
export interface SlotNode {
  /** Its index in the layer's slots. */
  readonly index: number;
  /** Its JSON Pointer. */
  readonly pointer: string;
  /** Its ranges, sorted and merged. */
  readonly ranges: readonly BucketRange[];
  /** Its share of the layer's buckets. */
  readonly share: number;
  /** The layer it belongs to. */
  readonly layer: LayerNode;
  /** The experiment it holds, if any. */
  readonly experiment: ExperimentNode | undefined;
  /** The nested domain it holds, if any. */
  readonly domain: DomainNode | undefined;
}

/** A group of an experiment. */
export interface GroupNode {
  /** The group id. */
  readonly id: string;
  /** Its description, if any. */
  readonly description: string | undefined;
  /** The parameters it overrides. */
  readonly params: Readonly<Record<string, ParamValue>>;
  /** Its expected share of the units reaching the segmenter (before any assignment; undefined when adaptive). */
  readonly expectedShare: number | undefined;
}

/** An experiment in a slot. */
export interface ExperimentNode {
  /** The experiment id. */
  readonly id: string;
  /** Its description, if any. */
  readonly description: string | undefined;
  /** Its JSON Pointer. */
  readonly pointer: string;
  /** Its status. */
  readonly status: ExperimentStatus;
  /** Its diversion: a unit type, `<unit>@day` or `random`. */
  readonly diversion: string;
  /** Its targeting conditions, if any. */
  readonly conditions: Condition | undefined;
  /** Its schedule, if any. */
  readonly schedule: ExperimentConfig["schedule"];
  /** Its segmenter type. */
  readonly segmenter: string;
  /** Its groups. */
  readonly groups: readonly GroupNode[];
  /** How many unit ids are forced into groups (allow-list). */
  readonly forcedUnits: number;
  /** The slot holding it. */
  readonly slot: SlotNode;
  /** The layer holding it. */
  readonly layer: LayerNode;
  /** Its share of all traffic: its domain's share times its slot's share of the layer. */
  readonly share: number;
}

/** A whole config as a tree, plus flat lists in document order. */
export interface TrafficModel {
  /** The unit types, in diversion priority order. */
  readonly units: readonly string[];
  /** The parameters and their defaults. */
  readonly params: Readonly<Record<string, ParamValue>>;
  /** The root domain. */
  readonly root: DomainNode;
  /** Every domain, depth first. */
  readonly domains: readonly DomainNode[];
  /** Every layer, depth first. */
  readonly layers: readonly LayerNode[];
  /** Every experiment, depth first. */
  readonly experiments: readonly ExperimentNode[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Builds the model of a config that @strata/config has validated. */
export function trafficModel(config: StrataConfig): TrafficModel {
  const domains: DomainNode[] = [];
  const layers: LayerNode[] = [];
  const experiments: ExperimentNode[] = [];

  const domainNode = (domain: DomainConfig, pointer: string, depth: number, share: number, parent: SlotNode | undefined): DomainNode => {
    const node: Mutable<DomainNode> = { id: domain.id, description: domain.description, pointer, depth, share, holdout: domain.layers.length === 0, layers: [], parent };
    domains.push(node);
    node.layers = domain.layers.map((layer, index) => layerNode(layer, `${pointer}/layers/${index}`, node));
    return node;
  };

  const layerNode = (layer: LayerConfig, pointer: string, domain: DomainNode): LayerNode => {
    const buckets = layerBuckets(layer);
    const used = layer.slots.flatMap((slot) => slot.ranges);
    const free = freeRanges(buckets, used);
    const node: Mutable<LayerNode> = {
      id: layer.id,
      description: layer.description,
      pointer,
      launch: layer.launch === true,
      buckets,
      params: layer.params,
      domain,
      slots: [],
      free,
      freeShare: countBuckets(free) / buckets,
    };
    layers.push(node);
    node.slots = layer.slots.map((slot, index) => {
      const slotPointer = `${pointer}/slots/${index}`;
      const ranges = normalizeRanges(slot.ranges);
      const share = countBuckets(ranges) / buckets;
      const slotNode: Mutable<SlotNode> = { index, pointer: slotPointer, ranges, share, layer: node, experiment: undefined, domain: undefined };
      if (slot.experiment !== undefined) slotNode.experiment = experimentNode(slot.experiment, `${slotPointer}/experiment`, slotNode, node);
      if (slot.domain !== undefined) slotNode.domain = domainNode(slot.domain, `${slotPointer}/domain`, domain.depth + 1, domain.share * share, slotNode);
      return slotNode;
    });
    return node;
  };

  const experimentNode = (experiment: ExperimentConfig, pointer: string, slot: SlotNode, layer: LayerNode): ExperimentNode => {
    const shares = initialExpectedShares(experiment);
    const node: ExperimentNode = {
      id: experiment.id,
      description: experiment.description,
      pointer,
      status: experiment.status,
      diversion: experimentUnit(config, experiment),
      conditions: experiment.conditions,
      schedule: experiment.schedule,
      segmenter: experiment.segmenter.type,
      groups: experiment.groups.map((group) => ({
        id: group.id,
        description: group.description,
        params: group.params ?? {},
        expectedShare: shares === undefined ? undefined : (shares[group.id] ?? 0),
      })),
      forcedUnits: Object.values(experiment.forced ?? {}).reduce((sum, units) => sum + units.length, 0),
      slot,
      layer,
      share: layer.domain.share * slot.share,
    };
    experiments.push(node);
    return node;
  };

  const root = domainNode(config.domain, "/domain", 0, 1, undefined);
  return { units: config.units, params: config.params, root, domains, layers, experiments };
}
