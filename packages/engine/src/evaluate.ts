/**
 * The decision walk: per layer reached (launch layers first, descending into nested domains),
 * hash each diversion the request has, look the bucket up, and let the first experiment that
 * takes the unit win the layer. With a trace it also records why (for `explain`).
 * @module
 */
import { SEGMENTER_BUCKETS } from "@strata/segmenters";
import { describeValue, errorMessage } from "./describe-value.ts";
import type { CompiledConfig, CompiledDomain, CompiledExperiment, CompiledLayer } from "./compiled.ts";
import type { RequestState } from "./request-state.ts";
import type { AssignmentSource, ExplainedExperiment, ExplainedLayer, ExperimentOutcome } from "./types.ts";

type MutableLayer = { -readonly [K in keyof ExplainedLayer]: ExplainedLayer[K] } & {
  buckets: NonNullable<ExplainedLayer["buckets"]>[number][];
  experiments: ExplainedExperiment[];
};

/**
 * Evaluates every layer of `domain` for the request in `state`. With `overrideOnly` (the unit's
 * buckets lead elsewhere; the domain was entered for a forced or allow-listed experiment below
 * it), only forced and allow-listed experiments take layers: the others give defaults.
 */
export function evaluateDomain(compiled: CompiledConfig, domain: CompiledDomain, state: RequestState, overrideOnly = false): void {
  const layers = domain.layers;
  for (let i = 0; i < layers.length; i++) evaluateLayer(compiled, domain, layers[i] as CompiledLayer, state, overrideOnly);
}

function evaluateLayer(compiled: CompiledConfig, domain: CompiledDomain, layer: CompiledLayer, state: RequestState, overrideOnly: boolean): void {
  const trace: MutableLayer | null = state.trace
    ? { layer: layer.id, domain: domain.id, launch: layer.launch, buckets: [], experiments: [] }
    : null;
  if (trace) state.trace?.push(trace);
  const overridable = state.hasForced || layer.allowListed;
  if (overrideOnly) {
    if (!(overridable && takeOverride(compiled, layer, state, trace, true)) && trace) {
      trace.override = `defaults: the unit is in ${domain.id} only for a forced or allow-listed experiment, so the buckets of its other layers do not apply`;
    }
    return;
  }
  // A forced group or an allow-listed unit wins the layer whatever its bucket (as in Optimizely,
  // where they come before the exclusion group's bucketing); the check is skipped when neither can apply.
  if (overridable && takeOverride(compiled, layer, state, trace, false)) return;
  const diversions = layer.diversions;
  for (let k = 0; k < diversions.length; k++) {
    const d = diversions[k] as number;
    const id = state.ids[d];
    if (id === undefined) {
      trace?.buckets.push({ unitType: compiled.diversions.names[d] as string, reason: "no such unit in the request" });
      continue;
    }
    const bucket = layerBucket(compiled, layer, id);
    const cell = layer.table[bucket] as number;
    if (trace) traceBucket(compiled, layer, trace, d, id, bucket);
    if (cell < 0) continue;
    const slots = layer.cells[cell] as CompiledLayer["cells"][number];
    for (let s = 0; s < slots.length; s++) {
      const slot = slots[s] as (typeof slots)[number];
      if (slot.domain !== null) {
        // Domains partition units: a `<unit>@day` or `random` id would move the unit between them.
        if (d >= compiled.diversions.units.length) continue;
        if (trace) {
          trace.domainEntered = slot.domain.id;
          trace.holdout = slot.domain.holdout;
        }
        evaluateDomain(compiled, slot.domain, state);
        return;
      }
      const experiment = slot.experiment as CompiledExperiment;
      if (experiment.diversion !== d) {
        trace?.experiments.push(outcome(experiment, "other-diversion", `diverts by ${experiment.diversionName}, not ${compiled.diversions.names[d]}`));
        continue;
      }
      if (takeExperiment(compiled, layer, experiment, d, id, bucket, state, trace)) return;
    }
  }
}

/** The unit's bucket in the layer (the hasher keeps the unit encoded for the next hash). */
function layerBucket(compiled: CompiledConfig, layer: CompiledLayer, id: string): number {
  const { hasher, current } = compiled;
  if (current.unit !== id) {
    hasher.setUnit(id);
    current.unit = id;
  }
  return hasher.bucket(layer.salt, layer.buckets);
}

function traceBucket(compiled: CompiledConfig, layer: CompiledLayer, trace: MutableLayer, d: number, id: string, bucket: number): void {
  const cell = layer.table[bucket] as number;
  const slot = cell < 0 ? undefined : (layer.cells[cell]?.[0]?.index as number);
  trace.buckets.push({ unitType: compiled.diversions.names[d] as string, unit: id, bucket, ...(slot === undefined ? { reason: "bucket in no slot" } : { slot }) });
}

/** Why the experiment cannot take any unit now ("status" or "schedule"), or null when it is running. */
function notRunning(experiment: CompiledExperiment, state: RequestState): "status" | "schedule" | null {
  if (experiment.status !== "running") return "status";
  if (experiment.scheduled) {
    const now = state.assign.now;
    // Written so that NaN (the clock gave no valid time) counts as outside the schedule.
    if (!(now >= experiment.start && now < experiment.end)) return "schedule";
  }
  return null;
}

function notRunningReason(experiment: CompiledExperiment, state: RequestState, why: "status" | "schedule"): string {
  if (why === "status") return `status is ${experiment.status}, not running`;
  const now = state.assign.now;
  return now !== now ? "the clock gave no valid time, so its schedule cannot be checked; treated as not running" : now < experiment.start ? "its schedule has not started" : "its schedule has ended";
}

/** The group the request forces for the experiment, when it is one of its groups. */
function forcedGroup(experiment: CompiledExperiment, state: RequestState): string | undefined {
  if (!state.hasForced) return undefined;
  const forced = ownEntry(state.forced, experiment.id);
  return forced !== undefined && hasGroup(experiment, forced) ? forced : undefined;
}

/** The experiment's allow-listed group for the request's unit. */
function allowedGroup(experiment: CompiledExperiment, state: RequestState): string | undefined {
  if (experiment.allowList === null) return undefined;
  const raw = state.raw[experiment.diversion];
  return raw === undefined ? undefined : experiment.allowList.get(raw);
}

/** True when the request forces or allow-lists the experiment and it can take the unit now. */
function overridden(experiment: CompiledExperiment, state: RequestState): boolean {
  return (
    (forcedGroup(experiment, state) !== undefined || allowedGroup(experiment, state) !== undefined) &&
    state.ids[experiment.diversion] !== undefined &&
    notRunning(experiment, state) === null
  );
}

function forcedIgnored(experiment: CompiledExperiment, value: unknown): ExplainedExperiment {
  return outcome(experiment, "forced-ignored", `forced group ${describeValue(value)} is not a group of this experiment; ignored`);
}

function anyOverridden(experiments: readonly CompiledExperiment[], state: RequestState): boolean {
  for (let i = 0; i < experiments.length; i++) if (overridden(experiments[i] as CompiledExperiment, state)) return true;
  return false;
}

/**
 * Whether the experiment would take the unit on the layer's usual path, judged without side
 * effects: its status, schedule, forced group, allow-list, stored group and conditions, then its
 * segmenter: a hash-only segmenter's `groupAt`, else `assign` in a dry run (a `fixed` list, a
 * plugin). A segmenter that draws (a bandit: sticky, or counting trials) is assumed to take the
 * unit, since a dry-run draw need not be the draw that stands. As on the usual path, a segmenter
 * that throws or returns no group of the experiment does not take it, nor does a sticky
 * experiment without a fast path while the store cannot be read.
 */
function wouldTake(compiled: CompiledConfig, experiment: CompiledExperiment, id: string, state: RequestState): boolean {
  if (notRunning(experiment, state) !== null) return false;
  if (forcedGroup(experiment, state) !== undefined || allowedGroup(experiment, state) !== undefined) return true;
  const stored = state.hasStored ? ownEntry(state.stored, experiment.id) : undefined;
  if (stored !== undefined && hasGroup(experiment, stored)) return true;
  if (experiment.conditions !== null && !experiment.conditions(state.assign.attributes)) return false;
  // As on the usual path: while the store cannot be read, a sticky experiment whose segmenter has no fast path leaves the unit out.
  if (drawUnknowable(experiment, state)) return false;
  const segmenter = experiment.segmenter;
  if (experiment.groupAt === null && (segmenter.sticky === true || segmenter.trial !== undefined)) return true;
  let group: string | null;
  try {
    if (experiment.groupAt === null) group = segmenter.assign(id, state.assign.quiet);
    else {
      const { hasher, current } = compiled;
      if (current.unit !== id) {
        hasher.setUnit(id);
        current.unit = id;
      }
      group = experiment.groupAt(hasher.bucket(experiment.salt, SEGMENTER_BUCKETS));
    }
  } catch {
    // The usual path reports the throw when it asks the segmenter itself.
    return false;
  }
  return typeof group === "string" && hasGroup(experiment, group);
}

/**
 * The nested domain the layer's buckets lead the unit into, or null when an experiment takes it
 * first (or nothing does). Changes nothing: experiments are judged by `wouldTake`.
 */
function naturalDomain(compiled: CompiledConfig, layer: CompiledLayer, state: RequestState): CompiledDomain | null {
  const diversions = layer.diversions;
  for (let k = 0; k < diversions.length; k++) {
    const d = diversions[k] as number;
    const id = state.ids[d];
    if (id === undefined) continue;
    const cell = layer.table[layerBucket(compiled, layer, id)] as number;
    if (cell < 0) continue;
    const slots = layer.cells[cell] as CompiledLayer["cells"][number];
    for (let s = 0; s < slots.length; s++) {
      const slot = slots[s] as (typeof slots)[number];
      if (slot.domain !== null) {
        if (d < compiled.diversions.units.length) return slot.domain;
        continue;
      }
      const experiment = slot.experiment as CompiledExperiment;
      if (experiment.diversion === d && wouldTake(compiled, experiment, id, state)) return null;
    }
  }
  return null;
}

/**
 * Gives the layer to the first slot (in config order) whose experiment the request forces or
 * allow-lists, or whose nested domain holds such an experiment. Such a domain is entered as usual
 * when the unit's buckets lead there anyway (returns false: the buckets decide); otherwise it is
 * entered for the override only, its other layers giving defaults (a holdout unit forced into an
 * experiment stays out of every other one). Returns false, changing nothing, when there is none.
 */
function takeOverride(compiled: CompiledConfig, layer: CompiledLayer, state: RequestState, trace: MutableLayer | null, overrideOnly: boolean): boolean {
  const routes = layer.routes;
  for (let r = 0; r < routes.length; r++) {
    const route = routes[r] as CompiledLayer["routes"][number];
    const experiment = route.experiment;
    if (experiment === null) {
      const domain = route.domain as CompiledDomain;
      if (!anyOverridden(route.experiments, state)) continue;
      if (!overrideOnly && naturalDomain(compiled, layer, state) === domain) return false;
      if (trace) {
        trace.domainEntered = domain.id;
        trace.holdout = domain.holdout;
        trace.override = `entered ${domain.id} for an experiment forced or allow-listed below it; the unit's buckets lead elsewhere, so its other layers give defaults`;
      }
      evaluateDomain(compiled, domain, state, true);
      return true;
    }
    const value = state.hasForced ? ownEntry(state.forced, experiment.id) : undefined;
    const forced = value !== undefined && hasGroup(experiment, value) ? value : undefined;
    const group = forced ?? allowedGroup(experiment, state);
    if (group === undefined) continue;
    if (value !== undefined && forced === undefined) trace?.experiments.push(forcedIgnored(experiment, value));
    const d = experiment.diversion;
    const id = state.ids[d];
    if (id === undefined) {
      trace?.experiments.push(outcome(experiment, "forced-ignored", `${forced !== undefined ? "forced" : "allow-listed"} group ${describeValue(group)} needs a ${experiment.diversionName}, which the request does not have`));
      continue;
    }
    const why = notRunning(experiment, state);
    if (why !== null) {
      trace?.experiments.push(outcome(experiment, why, notRunningReason(experiment, state, why)));
      continue;
    }
    const bucket = layerBucket(compiled, layer, id);
    if (trace) traceBucket(compiled, layer, trace, d, id, bucket);
    return forced !== undefined
      ? record(compiled, layer, experiment, d, id, bucket, forced, "forced", state, trace, "forced for this request (ahead of the layer's buckets)")
      : record(compiled, layer, experiment, d, id, bucket, group, "allow-list", state, trace, "the unit is on the allow-list (ahead of the layer's buckets)");
  }
  return false;
}

/**
 * `record[key]`, but undefined for what only its prototype holds (an experiment named `toString`
 * must not read `Object.prototype.toString`); strings, the common case, need no own-property check.
 */
function ownEntry<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  const value = record[key];
  return value === undefined || typeof value === "string" || Object.hasOwn(record, key) ? value : undefined;
}

/** True when `group` is one of the experiment's groups (a scan: experiments have a handful). */
function hasGroup(experiment: CompiledExperiment, group: string): boolean {
  const ids = experiment.groupIds;
  for (let i = 0; i < ids.length; i++) if (ids[i] === group) return true;
  return false;
}

function outcome(experiment: CompiledExperiment, result: ExperimentOutcome, reason: string, group?: string, source?: AssignmentSource): ExplainedExperiment {
  return { experiment: experiment.id, unitType: experiment.diversionName, outcome: result, reason, ...(group === undefined ? {} : { group, source }) };
}

/** Why a sticky bandit leaves the unit out while the store cannot be read. */
const STORE_UNAVAILABLE =
  "sticky, its stored group could not be loaded, and its segmenter draws (it is no function of the unit's bucket, as a bandit is): a fresh draw could show a group other than the stored one and count a trial, so the unit is not in it for this request";
/** The reason of `store-unavailable` when the request's save of new sticky assignments failed (the request was decided again). */
const DRAW_UNSAVED =
  "sticky, this request's save of new sticky assignments failed, and its segmenter draws (it is no function of the unit's bucket, as a bandit is): the store may still come to hold a draw of this or another server, so a draw shown now might not stand and the unit is not in it for this request; its group is shown once the store holds one";

/**
 * True when a sticky experiment's segmenter draws (no `groupAt`: a bandit) and the store could not
 * be read: the unit may have a stored group, so a fresh draw could change what it sees from
 * request to request and count a trial each time.
 */
function drawUnknowable(experiment: CompiledExperiment, state: RequestState): boolean {
  return state.storeUnavailable && experiment.sticky && experiment.groupAt === null;
}

/** Runs one experiment's checks in order; records the assignment and returns true when it takes the unit. */
function takeExperiment(
  compiled: CompiledConfig,
  layer: CompiledLayer,
  experiment: CompiledExperiment,
  d: number,
  id: string,
  bucket: number,
  state: RequestState,
  trace: MutableLayer | null,
): boolean {
  const why = notRunning(experiment, state);
  if (why !== null) {
    trace?.experiments.push(outcome(experiment, why, notRunningReason(experiment, state, why)));
    return false;
  }
  // A valid forced group or an allow-listed unit has taken the layer ahead of its buckets
  // (takeOverride), so a forced value still here is not one of the experiment's groups.
  const forced = state.hasForced ? ownEntry(state.forced, experiment.id) : undefined;
  if (forced !== undefined) trace?.experiments.push(forcedIgnored(experiment, forced));
  const stored = state.hasStored ? ownEntry(state.stored, experiment.id) : undefined;
  if (stored !== undefined) {
    if (hasGroup(experiment, stored)) return record(compiled, layer, experiment, d, id, bucket, stored, "stored", state, trace, "stored (sticky) assignment");
    trace?.experiments.push(outcome(experiment, "stored-group-missing", `stored group ${describeValue(stored)} no longer exists; assigning afresh`));
  }
  if (experiment.conditions !== null && !experiment.conditions(state.assign.attributes)) {
    trace?.experiments.push(outcome(experiment, "conditions", "the request's attributes do not meet its conditions"));
    return false;
  }
  if (drawUnknowable(experiment, state)) {
    trace?.experiments.push(outcome(experiment, "store-unavailable", state.storeUnsaved ? DRAW_UNSAVED : STORE_UNAVAILABLE));
    return false;
  }
  let group: string | null;
  // A segmenter with `trial` records nothing in `assign`: the engine counts its trial once the group stands.
  const counted = experiment.segmenter.trial !== undefined;
  try {
    // Hash-only segmenters map the experiment's own bucket; the hasher already holds this unit.
    group =
      experiment.groupAt !== null && compiled.current.unit === id
        ? experiment.groupAt(compiled.hasher.bucket(experiment.salt, SEGMENTER_BUCKETS))
        : experiment.segmenter.assign(id, counted ? state.assign.quiet : state.assign);
  } catch (error) {
    const message = `experiment ${experiment.id}: segmenter threw: ${errorMessage(error)}`;
    (state.errors ??= []).push(message);
    trace?.experiments.push(outcome(experiment, "segmenter-error", message));
    return false;
  }
  if (group === null) {
    trace?.experiments.push(outcome(experiment, "segmenter-null", "the segmenter put the unit in no group"));
    return false;
  }
  if (!hasGroup(experiment, group)) {
    const message = `experiment ${experiment.id}: segmenter returned ${describeValue(group)}, which is not one of its groups`;
    (state.errors ??= []).push(message);
    trace?.experiments.push(outcome(experiment, "segmenter-error", message));
    return false;
  }
  if (experiment.sticky && d < compiled.diversions.units.length) {
    const unitType = compiled.diversions.names[d] as string;
    // A stored group that reached here was retired: the store replaces it only while it is still stored.
    (state.toPersist ??= []).push(
      typeof stored === "string" ? { experiment: experiment.id, group, unitType, unit: id, replaces: stored } : { experiment: experiment.id, group, unitType, unit: id },
    );
  }
  if (counted && !state.assign.dryRun) (state.trials ??= []).push(state.assignments.length);
  return record(compiled, layer, experiment, d, id, bucket, group, "segmenter", state, trace, "assigned by the segmenter");
}

function record(
  compiled: CompiledConfig,
  layer: CompiledLayer,
  experiment: CompiledExperiment,
  d: number,
  id: string,
  bucket: number,
  group: string,
  source: AssignmentSource,
  state: RequestState,
  trace: MutableLayer | null,
  reason: string,
): true {
  const assignment = {
    layer: layer.id,
    launch: layer.launch,
    experiment: experiment.id,
    group,
    unitType: compiled.diversions.names[d] as string,
    unit: id,
    bucket,
    source,
  };
  state.assignments.push(assignment);
  state.sources.push(experiment);
  if (trace) {
    trace.experiments.push(outcome(experiment, "in", reason, group, source));
    trace.assignment = assignment;
  }
  return true;
}
