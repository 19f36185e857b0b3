/**
 * Compiles a validated config into the decision structure: per layer a typed-array table from
 * bucket to slot, salts encoded once, conditions compiled to closures, segmenters created.
 * @module
 */
import { compileCondition, type DomainConfig, type ExperimentConfig, type LayerConfig, type ParamValue, type StrataConfig } from "@strata/config";
import { bucket as strataBucket, UnitHasher, type PreparedSalt } from "@strata/hash";
import { createSegmenter, fastPathOf, SEGMENTER_BUCKETS, type FeedbackStats, type SegmenterContext, type SegmenterFactory } from "@strata/segmenters";
import type { CompiledConfig, CompiledDomain, CompiledExperiment, CompiledGroup, CompiledLayer, CompiledOverrideRoute, CompiledSlot, Diversions } from "./compiled.ts";
import { buildCellTable } from "./cell-table.ts";
import { frozenParamValue } from "./frozen-value.ts";

/** What compilation needs besides the config. */
export interface CompileOptions {
  /** Segmenter factories by type. */
  readonly segmenters: ReadonlyMap<string, SegmenterFactory>;
  /** The bandit statistics store handed to segmenters. */
  readonly feedback?: FeedbackStats;
}

/** The diversions of a unit list: units, then `<unit>@day`, then `random`. */
export function diversionsOf(units: readonly string[]): Diversions {
  // Copies: the compiled config must not follow later edits of the object it was built from.
  const own = Object.freeze([...units]);
  const names = Object.freeze([...own, ...own.map((u) => `${u}@day`), "random"]);
  return { units: own, names, random: names.length - 1 };
}

function time(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? fallback : ms;
}

/** Compiles a config that @strata/config has validated (its snapshot, `validate(...).config`); parameter values come out deeply frozen. */
export function compileConfig(config: StrataConfig, options: CompileOptions): CompiledConfig {
  const diversions = diversionsOf(config.units);
  const paramNames = Object.keys(config.params);
  const paramIndex = new Map(paramNames.map((name, i) => [name, i]));
  const defaults = paramNames.map((name) => frozenParamValue(config.params[name] as ParamValue));
  const hasher = new UnitHasher("strata/v1");
  const current: { unit: string | undefined } = { unit: undefined };
  const experiments = new Map<string, CompiledExperiment>();
  let usesDay = false;
  let usesRandom = false;

  const segmenterContext = (experimentId: string, salt: string, prepared: PreparedSalt): SegmenterContext => {
    return {
      experimentId,
      salt,
      hash: (unit) => {
        if (unit !== current.unit) {
          hasher.setUnit(unit);
          current.unit = unit;
        }
        return hasher.bucket(prepared, SEGMENTER_BUCKETS);
      },
      bucket: (unit, otherSalt, buckets) => strataBucket(unit, otherSalt, buckets),
      stores: options.feedback ? { feedback: options.feedback } : {},
    };
  };

  const compileExperiment = (experiment: ExperimentConfig, layerParams: readonly number[]): CompiledExperiment => {
    const diversionName = experiment.unit ?? (diversions.units[0] as string);
    const diversion = diversions.names.indexOf(diversionName);
    if (diversion >= diversions.units.length && diversion < diversions.random) usesDay = true;
    if (diversion === diversions.random) usesRandom = true;
    const { type, ...rawOptions } = experiment.segmenter;
    const factory = options.segmenters.get(type) as SegmenterFactory;
    const salt = experiment.salt ?? experiment.id;
    const prepared = hasher.prepare(salt);
    const segmenter = createSegmenter(factory, rawOptions, segmenterContext(experiment.id, salt, prepared));
    const groups = new Map<string, CompiledGroup>();
    for (const group of experiment.groups) {
      const overrides: (number | ParamValue)[] = [];
      for (const [param, value] of Object.entries(group.params ?? {})) overrides.push(paramIndex.get(param) as number, frozenParamValue(value));
      groups.set(group.id, { id: group.id, overrides });
    }
    let allowList: Map<string, string> | null = null;
    for (const [group, units] of Object.entries(experiment.forced ?? {})) {
      allowList ??= new Map();
      for (const unit of units) allowList.set(unit, group);
    }
    const compiled: CompiledExperiment = {
      id: experiment.id,
      diversion,
      diversionName,
      status: experiment.status,
      start: time(experiment.schedule?.start, -Infinity),
      end: time(experiment.schedule?.end, Infinity),
      scheduled: experiment.schedule?.start !== undefined || experiment.schedule?.end !== undefined,
      conditions: experiment.conditions ? compileCondition(experiment.conditions) : null,
      segmenter,
      groups,
      groupIds: [...groups.keys()],
      salt: prepared,
      groupAt: fastPathOf(segmenter),
      allowList,
      sticky: experiment.sticky === true || segmenter.sticky === true,
      layerParams,
    };
    experiments.set(experiment.id, compiled);
    return compiled;
  };

  const compileLayer = (layer: LayerConfig): CompiledLayer => {
    const buckets = layer.buckets ?? 1000;
    const used = new Set<number>();
    const layerParams = layer.params.map((param) => paramIndex.get(param) as number);
    const slots = layer.slots.map((slot, index) => {
      const compiled: CompiledSlot = {
        index,
        experiment: slot.experiment ? compileExperiment(slot.experiment, layerParams) : null,
        domain: slot.domain ? compileDomain(slot.domain) : null,
      };
      if (compiled.experiment) used.add(compiled.experiment.diversion);
      // A nested domain is entered under the first unit the request has (not by day or random ids).
      else for (let d = 0; d < diversions.units.length; d++) used.add(d);
      return { slot: compiled, ranges: slot.ranges };
    });
    // Slots sharing buckets (provably disjoint conditions) share one cell per distinct combination.
    const { table, cells } = buildCellTable(buckets, slots);
    const routes: CompiledOverrideRoute[] = slots.map(({ slot }) => ({
      experiment: slot.experiment,
      domain: slot.domain,
      experiments: slot.experiment ? [slot.experiment] : (slot.domain as CompiledDomain).layers.flatMap((inner) => inner.routes.flatMap((route) => route.experiments)),
    }));
    return {
      id: layer.id,
      launch: layer.launch === true,
      buckets,
      salt: hasher.prepare(layer.salt ?? layer.id),
      table,
      cells,
      diversions: [...used].sort((a, b) => a - b),
      routes,
      allowListed: routes.some((route) => route.experiments.some((experiment) => experiment.allowList !== null)),
    };
  };

  function compileDomain(domain: DomainConfig): CompiledDomain {
    const launch = domain.layers.filter((l) => l.launch === true).map(compileLayer);
    const normal = domain.layers.filter((l) => l.launch !== true).map(compileLayer);
    return { id: domain.id, layers: [...launch, ...normal], holdout: domain.layers.length === 0 };
  }

  const root = compileDomain(config.domain);
  return { diversions, paramNames, paramIndex, defaults, root, experiments, usesDay, usesRandom, hasher, current };
}
