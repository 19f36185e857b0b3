/**
 * `walkConfig`: visits every domain, layer, slot and experiment of a config in document order,
 * with its JSON Pointer and its ancestors. It tolerates a malformed document (it skips what is
 * not an object or a list where one is expected), so rules can run before the shape is fixed.
 * @module
 */
import { child, type JsonPointer } from "./pointer.ts";
import type { DomainConfig, ExperimentConfig, LayerConfig, SlotConfig, StrataConfig } from "./types.ts";

/** A domain being visited. */
export interface DomainVisit {
  /** The domain. */
  readonly domain: DomainConfig;
  /** Its pointer, e.g. `/domain` or `/domain/layers/0/slots/1/domain`. */
  readonly pointer: JsonPointer;
  /** How deeply it is nested: 0 for the root domain. */
  readonly depth: number;
  /** The slot holding it (undefined for the root domain). */
  readonly slot: SlotVisit | undefined;
}

/** A layer being visited. */
export interface LayerVisit {
  /** The layer. */
  readonly layer: LayerConfig;
  /** Its pointer. */
  readonly pointer: JsonPointer;
  /** Its index in the domain's `layers`. */
  readonly index: number;
  /** The domain it belongs to. */
  readonly domain: DomainVisit;
}

/** A slot being visited. */
export interface SlotVisit {
  /** The slot. */
  readonly slot: SlotConfig;
  /** Its pointer. */
  readonly pointer: JsonPointer;
  /** Its index in the layer's `slots`. */
  readonly index: number;
  /** The layer it belongs to. */
  readonly layer: LayerVisit;
}

/** An experiment being visited. */
export interface ExperimentVisit {
  /** The experiment. */
  readonly experiment: ExperimentConfig;
  /** Its pointer, e.g. `/domain/layers/0/slots/2/experiment`. */
  readonly pointer: JsonPointer;
  /** The slot holding it. */
  readonly slot: SlotVisit;
}

/** Callbacks for `walkConfig`; each is optional. */
export interface ConfigVisitor {
  /** Called for each domain before its layers. */
  domain?(visit: DomainVisit): void;
  /** Called for each layer before its slots. */
  layer?(visit: LayerVisit): void;
  /** Called for each slot before its experiment or domain. */
  slot?(visit: SlotVisit): void;
  /** Called for each experiment. */
  experiment?(visit: ExperimentVisit): void;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Visits every domain, layer, slot and experiment of `config` in document order, depth first. */
export function walkConfig(config: StrataConfig, visitor: ConfigVisitor): void {
  if (!isObject(config) || !isObject(config.domain)) return;
  walkDomain(config.domain as DomainConfig, "/domain", 0, undefined, visitor);
}

function walkDomain(domain: DomainConfig, pointer: JsonPointer, depth: number, slot: SlotVisit | undefined, visitor: ConfigVisitor): void {
  const visit: DomainVisit = { domain, pointer, depth, slot };
  visitor.domain?.(visit);
  if (!Array.isArray(domain.layers)) return;
  domain.layers.forEach((layer, index) => {
    if (!isObject(layer)) return;
    const layerVisit: LayerVisit = { layer: layer as unknown as LayerConfig, pointer: child(pointer, "layers", index), index, domain: visit };
    visitor.layer?.(layerVisit);
    if (!Array.isArray(layer.slots)) return;
    layer.slots.forEach((slot, slotIndex) => {
      if (!isObject(slot)) return;
      const slotVisit: SlotVisit = { slot: slot as unknown as SlotConfig, pointer: child(layerVisit.pointer, "slots", slotIndex), index: slotIndex, layer: layerVisit };
      visitor.slot?.(slotVisit);
      if (isObject(slot.experiment)) {
        visitor.experiment?.({ experiment: slot.experiment as unknown as ExperimentConfig, pointer: child(slotVisit.pointer, "experiment"), slot: slotVisit });
      }
      if (isObject(slot.domain)) walkDomain(slot.domain as unknown as DomainConfig, child(slotVisit.pointer, "domain"), depth + 1, slotVisit, visitor);
    });
  });
}
