/**
 * Puts an importer's parts (one per Optimizely experiment or GrowthBook feature) into one config
 * that `validate` accepts, always: parts beyond Strata's size limits (`LIMITS.layersPerDomain`,
 * `LIMITS.params`, `LIMITS.documentValues`) are listed in `unsupported` with the limit's name, in
 * document order, and anything else `validate` still rejects is traced back to its part, which is
 * listed with the validator's message. The rest imports.
 * @module
 */
import { LIMITS, parsePointer, validate, type LayerConfig, type ParamValue, type StrataConfig } from "@strata/config";
import { compatSegmenters } from "../segmenters.ts";
import { ImportError, type ImportReport } from "./result.ts";
import { countJsonValues } from "./value-count.ts";

/** One source entity as it goes into the config: its parameters and the layers of its own. */
export interface ImportedPart {
  /** Where it is in the source document (a JSON Pointer). */
  readonly pointer: string;
  /** How messages name it, e.g. `experiment "checkout_flow"` or `feature "dark-mode"`. */
  readonly label: string;
  /** The parameters it declares, with their defaults. */
  readonly params: Readonly<Record<string, ParamValue>>;
  /** Its layers (launch layers included). */
  readonly layers: readonly LayerConfig[];
  /** True when no layer of its own owns its parameters: the shared layer does. */
  readonly shared: boolean;
}

/** What `assembleConfig` builds the config from. */
export interface AssembleInput {
  /** The config's unit types. */
  readonly units: readonly string[];
  /** The root domain's id and description. */
  readonly domain: { readonly id: string; readonly description: string };
  /** The id of the layer owning the parameters of shared parts (a layer without slots); needed when a part is shared. */
  readonly sharedLayerId?: string;
  /** The parts, in document order. */
  readonly parts: readonly ImportedPart[];
}

/** A config `validate` accepts (compat segmenters registered), holding every part that fits; the others are listed in `report`. */
export function assembleConfig(input: AssembleInput, report: ImportReport): StrataConfig {
  let admitted = withinLimits(input, report);
  // Each round drops at least one part, so this ends; a well-formed part list needs no round at all.
  for (;;) {
    const config = build(input, admitted);
    const result = validate(config, { segmenters: compatSegmenters });
    if (result.ok) return config;
    const rejected = new Map<ImportedPart, string>();
    for (const problem of result.errors) {
      const part = owner(config, admitted, problem.pointer);
      if (part === undefined) {
        throw new ImportError(`the imported config breaks Strata's rules at ${JSON.stringify(problem.pointer)} (${problem.message}) — this is an importer bug; please report it with the source document`);
      }
      if (!rejected.has(part)) rejected.set(part, `Strata rejects it at ${JSON.stringify(problem.pointer)} of the imported config: ${problem.message}`);
    }
    for (const [part, reason] of rejected) report.skip(part.pointer, `${part.label} is not imported: ${reason}`);
    admitted = admitted.filter((part) => !rejected.has(part));
  }
}

/** The parts that fit the layer, parameter and document-size limits, taken in document order. */
function withinLimits(input: AssembleInput, report: ImportReport): ImportedPart[] {
  const shared = input.parts.some((part) => part.shared);
  const layerBudget = LIMITS.layersPerDomain - (shared ? 1 : 0);
  const skeleton = countJsonValues(build(input, [])) + (shared ? countJsonValues({ id: input.sharedLayerId ?? "", params: [], slots: [] }) : 0);
  let valueBudget = LIMITS.documentValues - skeleton;
  let layers = 0;
  let params = 0;
  const admitted: ImportedPart[] = [];
  for (const part of input.parts) {
    const paramCount = Object.keys(part.params).length;
    // Its layers, its defaults, and its names in the shared layer's "params".
    const values = countJsonValues(part.layers) - 1 + Object.values(part.params).reduce((sum: number, value) => sum + countJsonValues(value), 0) + (part.shared ? paramCount : 0);
    let limit: string | undefined;
    if (layers + part.layers.length > layerBudget) {
      limit = `the config would have more than ${LIMITS.layersPerDomain} layers (LIMITS.layersPerDomain) — each imported experiment needs a layer of its own; remove finished experiments from the source or split it`;
    } else if (params + paramCount > LIMITS.params) {
      limit = `the config would have more than ${LIMITS.params} parameters (LIMITS.params) — split the source`;
    } else if (values > valueBudget) {
      limit = `the config would hold more than ${LIMITS.documentValues} JSON values (LIMITS.documentValues) — split the source or shrink its values`;
    }
    if (limit !== undefined) {
      report.skip(part.pointer, `${part.label} is not imported: ${limit}`);
      continue;
    }
    layers += part.layers.length;
    params += paramCount;
    valueBudget -= values;
    admitted.push(part);
  }
  return admitted;
}

function build(input: AssembleInput, parts: readonly ImportedPart[]): StrataConfig {
  const params: Record<string, ParamValue> = {};
  const layers: LayerConfig[] = [];
  const sharedParams: string[] = [];
  for (const part of parts) {
    Object.assign(params, part.params);
    layers.push(...part.layers);
    if (part.shared) sharedParams.push(...Object.keys(part.params));
  }
  if (sharedParams.length > 0) {
    if (input.sharedLayerId === undefined) throw new Error("assembleConfig: a shared part needs a sharedLayerId");
    layers.push({ id: input.sharedLayerId, params: sharedParams, slots: [] });
  }
  return { version: 1, units: [...input.units], params, domain: { ...input.domain, layers } };
}

/** The part a problem of the built config points into, if any. */
function owner(config: StrataConfig, parts: readonly ImportedPart[], pointer: string): ImportedPart | undefined {
  const [first, second, third, fourth, fifth] = parsePointer(pointer);
  const byParam = (name: string | undefined) => parts.find((part) => name !== undefined && Object.hasOwn(part.params, name));
  if (first === "params") return byParam(second);
  if (first !== "domain" || second !== "layers" || third === undefined) return undefined;
  const layer = config.domain.layers[Number(third)];
  const part = parts.find((candidate) => candidate.layers.includes(layer as LayerConfig));
  if (part !== undefined) return part;
  // The shared layer: a problem with one of its parameter names.
  return fourth === "params" && fifth !== undefined ? byParam(layer?.params[Number(fifth)]) : undefined;
}
