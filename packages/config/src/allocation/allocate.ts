/**
 * `allocate`: gives an experiment `traffic` percent of a layer's buckets — in the named layer,
 * else first fit across the domain's layers that own the experiment's parameters — using
 * several free ranges when no single one is big enough. The experiment is either already in the
 * config with no buckets (a slot with `"ranges": []`) or passed whole to be inserted. A waiting
 * experiment stays in its kind of layer (launch or normal); a new one goes into a launch layer
 * only when the request names it.
 * @module
 */
import * as v from "valibot";
import { ConfigError } from "../config-error.ts";
import { child, toPointer } from "../pointer.ts";
import { countBuckets, formatRanges, layerBuckets, percentOf } from "../ranges.ts";
import { ExperimentSchema } from "../schema.ts";
import type { ExperimentConfig, LayerConfig, SlotConfig, StrataConfig } from "../types.ts";
import { AllocationError, type AllocationResult, type Change, type LayerSpace } from "./change.ts";
import { checkTraffic, validInput, validOutput, type ControlOptions } from "./checked.ts";
import { domainLayers, findDomain, findExperiment, findLayer, tokensOf, type LayerPlace } from "./locate.ts";
import { missingParams, notOwned, notOwnedReason, otherKindOfLayer } from "./layer-fit.ts";
import { bucketsFor, describeSpace, layerFree, spaceOf, takeFirstFit, type ShareProblem } from "./space.ts";
import { updateAt } from "./update.ts";

/** What to allocate. */
export interface AllocateRequest {
  /** The id of an experiment already in the config without buckets, or a new experiment to insert. */
  readonly experiment: string | ExperimentConfig;
  /** Percent of the layer's buckets, e.g. 10 (a whole number of buckets: a multiple of 0.1% for 1000 buckets). */
  readonly traffic: number;
  /** Place it in this layer only: one that owns every parameter its groups set, of the kind (launch or normal) it waits in. */
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
  const problems: ShareProblem[] = [];
  for (const candidate of candidates) {
    const missing = missingParams(candidate.layer, experiment);
    if (missing.length > 0) {
      spaces.push(spaceOf(candidate.layer, candidate.pointer, notOwnedReason(missing)));
      continue;
    }
    const count = bucketsFor(traffic, layerBuckets(candidate.layer));
    if (typeof count !== "number") {
      spaces.push(spaceOf(candidate.layer, candidate.pointer, count.reason));
      problems.push(count);
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
  const owning = candidates.filter((candidate) => missingParams(candidate.layer, experiment).length === 0).length;
  // Not a question of room: no layer it could go to owns its parameters.
  if (owning === 0) throw notOwned(experiment, candidates, spaces, request.layer !== undefined);
  const problem = problems[0];
  if (problem !== undefined && problems.length === owning) {
    // Not a question of room either: the share is no whole number of buckets (or less than one) in every layer that could take it.
    const what = problem.belowOneBucket ? "less than one bucket" : "not a whole number of buckets";
    throw new AllocationError("invalid-request", `traffic ${traffic}% is ${what} in ${where}: ${problem.reason}`, spaces);
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
    // A waiting experiment keeps its kind; a new one goes into whichever kind of layer the request names.
    if (placed !== undefined && (named.layer.launch === true) !== (placed.layer.launch === true)) throw otherKindOfLayer(named, experiment, placed);
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
