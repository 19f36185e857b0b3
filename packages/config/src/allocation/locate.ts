/**
 * Finding experiments, layers and domains by id, with their pointers, for the control plane.
 * @module
 */
import { parsePointer, type JsonPointer } from "../pointer.ts";
import type { DomainConfig, ExperimentConfig, LayerConfig, SlotConfig, StrataConfig } from "../types.ts";
import { walkConfig } from "../walk.ts";

/** An experiment and where it sits. */
export interface ExperimentPlace {
  /** The experiment. */
  readonly experiment: ExperimentConfig;
  /** Its slot. */
  readonly slot: SlotConfig;
  /** The slot's pointer. */
  readonly slotPointer: JsonPointer;
  /** The slot's index in the layer. */
  readonly slotIndex: number;
  /** The layer. */
  readonly layer: LayerConfig;
  /** The layer's pointer. */
  readonly layerPointer: JsonPointer;
  /** The layer's domain. */
  readonly domain: DomainConfig;
  /** The domain's pointer. */
  readonly domainPointer: JsonPointer;
}

/** A layer and where it sits. */
export interface LayerPlace {
  /** The layer. */
  readonly layer: LayerConfig;
  /** Its pointer. */
  readonly pointer: JsonPointer;
  /** Its domain. */
  readonly domain: DomainConfig;
  /** The domain's pointer. */
  readonly domainPointer: JsonPointer;
}

/** The experiment with `id`, or undefined. */
export function findExperiment(config: StrataConfig, id: string): ExperimentPlace | undefined {
  let found: ExperimentPlace | undefined;
  walkConfig(config, {
    experiment: ({ experiment, slot }) => {
      if (found !== undefined || experiment.id !== id) return;
      found = {
        experiment,
        slot: slot.slot,
        slotPointer: slot.pointer,
        slotIndex: slot.index,
        layer: slot.layer.layer,
        layerPointer: slot.layer.pointer,
        domain: slot.layer.domain.domain,
        domainPointer: slot.layer.domain.pointer,
      };
    },
  });
  return found;
}

/** The layer with `id`, or undefined. */
export function findLayer(config: StrataConfig, id: string): LayerPlace | undefined {
  let found: LayerPlace | undefined;
  walkConfig(config, {
    layer: ({ layer, pointer, domain }) => {
      if (found === undefined && layer.id === id) found = { layer, pointer, domain: domain.domain, domainPointer: domain.pointer };
    },
  });
  return found;
}

/** The domain with `id` and its pointer, or undefined. */
export function findDomain(config: StrataConfig, id: string): { readonly domain: DomainConfig; readonly pointer: JsonPointer } | undefined {
  let found: { domain: DomainConfig; pointer: JsonPointer } | undefined;
  walkConfig(config, {
    domain: ({ domain, pointer }) => {
      if (found === undefined && domain.id === id) found = { domain, pointer };
    },
  });
  return found;
}

/** The layers of a domain with their pointers. */
export function domainLayers(domain: DomainConfig, domainPointer: JsonPointer): LayerPlace[] {
  return domain.layers.map((layer, index) => ({ layer, pointer: `${domainPointer}/layers/${index}`, domain, domainPointer }));
}

/** A pointer's tokens, numbers for list indexes (for `updateAt`). */
export function tokensOf(pointer: JsonPointer): (string | number)[] {
  return parsePointer(pointer).map((token) => (/^\d+$/.test(token) ? Number(token) : token));
}
