/**
 * `allocate`: gives an experiment `traffic` percent of a layer's buckets — in the named layer,
 * else first fit across the domain's layers that own the experiment's parameters — using
 * several free ranges when no single one is big enough. The experiment is either already in the
 * config with no buckets (a slot with `"ranges": []`) or passed whole to be inserted.
 * @module
 */
import * as v from "valibot";
import { ConfigError } from "../config-error.ts";
import { listNames } from "../describe.ts";
import { child, toPointer } from "../pointer.ts";
import { countBuckets, formatRanges, layerBuckets, percentOf } from "../ranges.ts";
import { ExperimentSchema } from "../schema.ts";
import type { ExperimentConfig, LayerConfig, SlotConfig, StrataConfig } from "../types.ts";
import { AllocationError, type AllocationResult, type Change, type LayerSpace } from "./change.ts";
import { checkTraffic, validInput, validOutput, type ControlOptions } from "./checked.ts";
import { domainLayers, findDomain, findExperiment, findLayer, tokensOf, type LayerPlace } from "./locate.ts";
import { bucketsFor, describeSpace, layerFree, spaceOf, takeFirstFit } from "./space.ts";
import { updateAt } from "./update.ts";

/** What to allocate. */
export interface AllocateRequest {
  /** The id of an experiment already in the config without buckets, or a new experiment to insert. */
  readonly experiment: string | ExperimentConfig;
  /** Percent of the layer's buckets, e.g. 10 (a whole number of buckets: a multiple of 0.1% for 1000 buckets). */
  readonly traffic: number;
  /** Place it in this layer only. */
  readonly layer?: string;
  /** Else first fit across this domain's layers (default: the experiment's current domain, or the root domain). */
  readonly domain?: string;
}

/** Finds room for an experiment and returns the new config with its diff; throws AllocationError when nothing fits. */
export function allocate(config: StrataConfig, request: AllocateRequest, options: ControlOptions = {}): AllocationResult {
  const current = validInput(config, options);
  const traffic = checkTraffic(request.traffic);
  const { experiment, placed } = resolveExperiment(current, request.experiment);
  const candidates = candidateLayers(current, experiment, placed, request);
  const spaces: LayerSpace[] = [];
  for (const candidate of candidates) {
    const count = bucketsFor(traffic, layerBuckets(candidate.layer));
    const missing = missingParams(candidate.layer, experiment);
    if (typeof count === "string" || missing.length > 0) {
      const reason = typeof count === "string" ? count : `it does not own ${listNames(missing, "and")}, which the experiment's groups set`;
      spaces.push(spaceOf(candidate.layer, candidate.pointer, reason));
      continue;
    }
    const taken = takeFirstFit(layerFree(candidate.layer), count);
    if (taken === undefined) {
      spaces.push(spaceOf(candidate.layer, candidate.pointer));
      continue;
    }
    return place(current, experiment, placed, candidate, taken, traffic, options, placed === undefined ? "" : whyMoved(placed, request, spaces, traffic));
  }
  const domainId = candidates[0]?.domain.id ?? "?";
  const where = request.layer !== undefined ? `layer ${JSON.stringify(request.layer)}` : `any layer of domain ${JSON.stringify(domainId)}`;
  const first = candidates[0];
  if (first !== undefined && candidates.every((candidate) => typeof bucketsFor(traffic, layerBuckets(candidate.layer)) === "string")) {
    // Not a question of room: the share is not whole buckets anywhere it could go.
    const buckets = layerBuckets(first.layer);
    const exact = (traffic * buckets) / 100;
    const shareOf = (count: number) => Number(((count * 100) / buckets).toFixed(10));
    throw new AllocationError(
      "invalid-request",
      `traffic ${traffic}% is not a whole number of buckets in ${where}: ${bucketsFor(traffic, buckets) as string} — ask for ${shareOf(Math.floor(exact))}% or ${shareOf(Math.ceil(exact))}%`,
      spaces,
    );
  }
  throw new AllocationError(
    "no-room",
    `no room for ${traffic}% for experiment ${JSON.stringify(experiment.id)} in ${where}; the largest free space of each layer:\n` +
      spaces.map((space) => `  ${describeSpace(space)}`).join("\n") +
      `\nshrink or release other experiments, ask for less traffic, or use another layer`,
    spaces,
  );
}

type Placed = ReturnType<typeof findExperiment>;

/** Why the experiment leaves its home layer, as the end of the `remove` change's sentence: the request named another layer or domain, or the home layer could not take it. */
function whyMoved(placed: NonNullable<Placed>, request: AllocateRequest, spaces: readonly LayerSpace[], traffic: number): string {
  if (request.layer !== undefined) return ` because the request names layer ${JSON.stringify(request.layer)} (--layer)`;
  const home = spaces.find((space) => space.pointer === placed.layerPointer);
  if (home === undefined) return ` because the request names domain ${JSON.stringify(request.domain)} (--domain)`;
  return home.reason === undefined ? `, which has no room for ${traffic}%` : `, which cannot take it: ${home.reason}`;
}

function resolveExperiment(config: StrataConfig, requested: string | ExperimentConfig): { experiment: ExperimentConfig; placed: Placed } {
  if (typeof requested === "string") {
    const placed = findExperiment(config, requested);
    if (placed === undefined) {
      throw new AllocationError(
        "unknown-experiment",
        `there is no experiment ${JSON.stringify(requested)} in the config — add it to a layer's slots with "ranges": [] first, or pass the whole experiment object to allocate()`,
      );
    }
    const held = countBuckets(placed.slot.ranges);
    if (held > 0) {
      throw new AllocationError(
        "already-allocated",
        `experiment ${JSON.stringify(requested)} already has ${held} buckets (${percentOf(held, layerBuckets(placed.layer))} of layer ${JSON.stringify(placed.layer.id)}) — use resize() to change its traffic`,
      );
    }
    if (placed.experiment.status === "stopped") {
      throw new AllocationError("stopped", `experiment ${JSON.stringify(requested)} is stopped; stopped experiments get no traffic — create a new experiment instead`);
    }
    return { experiment: placed.experiment, placed };
  }
  const parsed = v.safeParse(ExperimentSchema, requested, { abortEarly: false });
  if (!parsed.success) {
    throw new ConfigError(
      parsed.issues.map((issue) => ({
        pointer: toPointer((issue.path ?? []).map((item) => item.key as string | number)),
        message: issue.message,
        severity: "error" as const,
        code: "invalid-value",
      })),
    );
  }
  if (findExperiment(config, requested.id) !== undefined) {
    throw new AllocationError("already-allocated", `experiment ${JSON.stringify(requested.id)} is already in the config — pass its id instead of the object`);
  }
  if (requested.status === "stopped") {
    throw new AllocationError("stopped", `experiment ${JSON.stringify(requested.id)} is stopped; stopped experiments get no traffic`);
  }
  return { experiment: requested, placed: undefined };
}

function candidateLayers(config: StrataConfig, experiment: ExperimentConfig, placed: Placed, request: AllocateRequest): LayerPlace[] {
  if (request.layer !== undefined) {
    const named = findLayer(config, request.layer);
    if (named === undefined) throw new AllocationError("unknown-layer", `there is no layer ${JSON.stringify(request.layer)} in the config`);
    return [named];
  }
  const launch = placed?.layer.launch === true;
  let domain = placed === undefined ? { domain: config.domain, pointer: "/domain" } : { domain: placed.domain, pointer: placed.domainPointer };
  if (request.domain !== undefined) {
    const named = findDomain(config, request.domain);
    if (named === undefined) throw new AllocationError("unknown-domain", `there is no domain ${JSON.stringify(request.domain)} in the config`);
    domain = named;
  }
  const layers = domainLayers(domain.domain, domain.pointer).filter((candidate) => (candidate.layer.launch === true) === launch);
  // The experiment's own layer first: moving it is a last resort.
  if (placed !== undefined) layers.sort((a, b) => Number(b.pointer === placed.layerPointer) - Number(a.pointer === placed.layerPointer));
  if (layers.length === 0) {
    throw new AllocationError("unknown-layer", `the domain ${JSON.stringify(domain.domain.id)} has no ${launch ? "launch" : "normal"} layer to place experiment ${JSON.stringify(experiment.id)} in`);
  }
  return layers;
}

/** The parameters the experiment's groups set that `layer` does not own. */
function missingParams(layer: LayerConfig, experiment: ExperimentConfig): string[] {
  const own = new Set(layer.params);
  const missing = new Set<string>();
  for (const group of experiment.groups) for (const name of Object.keys(group.params ?? {})) if (!own.has(name)) missing.add(name);
  return [...missing];
}

function place(
  config: StrataConfig,
  experiment: ExperimentConfig,
  placed: Placed,
  target: LayerPlace,
  ranges: readonly (readonly [number, number])[],
  traffic: number,
  options: ControlOptions,
  whyMovedOut: string,
): AllocationResult {
  const diff: Change[] = [];
  const summary = `${formatRanges(ranges)} (${traffic}% of layer ${JSON.stringify(target.layer.id)})`;
  let next = config;
  if (placed !== undefined && placed.layerPointer === target.pointer) {
    const pointer = child(placed.slotPointer, "ranges");
    next = updateAt(next, tokensOf(pointer), () => ranges);
    diff.push({ op: "replace", pointer, message: `gave experiment ${JSON.stringify(experiment.id)} buckets ${summary}` });
    return { config: validOutput(next, options), diff };
  }
  // Add first, then remove: appending a slot never shifts the pointer of the slot to remove.
  const slot: SlotConfig = { ranges, experiment: placed?.experiment ?? experiment };
  next = updateAt(next, tokensOf(target.pointer), (layer) => {
    const current = layer as LayerConfig;
    return { ...current, slots: [...current.slots, slot] };
  });
  if (placed !== undefined) {
    next = updateAt(next, tokensOf(placed.layerPointer), (layer) => {
      const { slots, ...rest } = layer as LayerConfig;
      return { ...rest, slots: slots.filter((_, index) => index !== placed.slotIndex) };
    });
    diff.push({
      op: "remove",
      pointer: placed.slotPointer,
      message: `moved experiment ${JSON.stringify(experiment.id)} out of layer ${JSON.stringify(placed.layer.id)}${whyMovedOut}`,
    });
  }
  diff.push({
    op: "add",
    pointer: findExperiment(next, experiment.id)?.slotPointer ?? target.pointer,
    message: `placed experiment ${JSON.stringify(experiment.id)} in layer ${JSON.stringify(target.layer.id)} with buckets ${summary}`,
  });
  return { config: validOutput(next, options), diff };
}
