/**
 * `importGrowthBook`: a GrowthBook SDK payload (or its `features` map) → a Strata config whose
 * parameter values equal the SDK's `evalFeature` for every feature it can express. A feature is a
 * parameter (default: its `defaultValue`); its experiment rule is an experiment in a layer that
 * owns the parameter, and its force rule (a fixed value, or a percentage rollout) an experiment in
 * a launch layer — so Strata's precedence (experiment > launch > default) is GrowthBook's rule
 * order. Both use the `compat:growthbook` segmenter, so hashing, weights, coverage, namespaces and
 * filters are GrowthBook's own.
 * @module
 */
import { LIMITS, type ExperimentConfig, type GroupConfig, type LayerConfig, type ParamValue, type StrataConfig } from "@strata/config";
import { and, not, toConditions, type Cond } from "../import/condition-algebra.ts";
import { NameAllocator } from "../import/ids.ts";
import { paramValueProblem } from "../import/json-value.ts";
import { usesRegex } from "../import/uses-regex.ts";
import { ImportError, ImportReport, pointerChild, type ImportResult } from "../import/result.ts";
import { translateCondition, UntranslatableCondition } from "./conditions.ts";
import type { GrowthBookFeature, GrowthBookPayload, GrowthBookPayloadFilter, GrowthBookRule } from "./payload.ts";
import { equalWeights, weightsAccepted } from "./ranges.ts";
import { growthbook, type GrowthBookFilter, type GrowthBookGroup, type GrowthBookOptions } from "./segmenter.ts";

/** The attribute GrowthBook hashes when a rule names none. */
const DEFAULT_HASH_ATTRIBUTE = "id";

/** A rule the importer can place, with its translated condition. */
interface PlacedRule {
  readonly kind: "experiment" | "force";
  readonly index: number;
  readonly condition: Cond;
  /** Force rules only: whether the rule hashes anything (coverage, range or filters). */
  readonly hashed: boolean;
  /** Builds the Strata experiment (given extra conditions to AND in). */
  readonly build: (extra: Cond) => ExperimentConfig;
}

/** Why a feature (or rule) cannot be imported. */
class Unsupported extends Error {
  constructor(readonly pointer: string, reason: string) {
    super(reason);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isRange(value: unknown): value is readonly [number, number] {
  return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === "number" && v >= 0 && v <= 1) && (value[0] as number) <= (value[1] as number);
}

/** Reads the payload or the bare features map; throws ImportError when it is neither. */
function readPayload(input: unknown): { payload: GrowthBookPayload; base: string } {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new ImportError(`the GrowthBook payload is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  if (!isRecord(value)) throw new ImportError(`a GrowthBook payload must be a JSON object such as { "features": { … } }`);
  if (typeof value.encryptedFeatures === "string") throw new ImportError("the payload's features are encrypted: decrypt them first (or export the unencrypted payload) and import that");
  if (isRecord(value.features)) return { payload: value as unknown as GrowthBookPayload, base: "/features" };
  if (Object.values(value).every(isRecord)) return { payload: { features: value as GrowthBookPayload["features"] }, base: "" };
  throw new ImportError(`a GrowthBook payload must hold "features": { "<feature key>": { "defaultValue": …, "rules": [ … ] } }`);
}

/** Imports a GrowthBook SDK payload (object or JSON text, or the bare features map); see the README's migration guide. */
export function importGrowthBook(input: unknown): ImportResult {
  const { payload, base } = readPayload(input);
  const report = new ImportReport();
  const ids = new NameAllocator();
  ids.claim("growthbook", "id");
  const paramNames = new NameAllocator();
  const unitNames = new NameAllocator();
  const units = new Map<string, string>();
  const unitOf = (attribute: string, pointer: string): string => {
    let unit = units.get(attribute);
    if (unit === undefined) {
      unit = unitNames.claim(attribute, "unit");
      units.set(attribute, unit);
      if (unit !== attribute) report.note(pointer, `hash attribute "${attribute}" is the unit type "${unit}": pass its value as units.${unit}`);
    }
    return unit;
  };
  unitOf(DEFAULT_HASH_ATTRIBUTE, base);
  const params: Record<string, ParamValue> = {};
  const layers: LayerConfig[] = [];

  if (Array.isArray(payload.experiments) && payload.experiments.length > 0) {
    report.skip("/experiments", "auto experiments (visual editor and URL redirects) change pages in the browser; they are not parameters and are not imported");
  }

  for (const [key, feature] of Object.entries(payload.features)) {
    const pointer = pointerChild(base, key);
    const param = paramNames.claim(key, "param");
    try {
      const placed = placeRules(key, feature, pointer, param, report, unitOf);
      const normal = placed.find((rule) => rule.kind === "experiment");
      const launch = placed.find((rule) => rule.kind === "force");
      // A condition-only force rule before the experiment wins over it: the experiment excludes its condition.
      const launchFirst = launch !== undefined && normal !== undefined && launch.index < normal.index;
      if (param !== key) report.note(pointer, `feature "${key}" is the parameter "${param}"`);
      params[param] = isRecord(feature) && feature.defaultValue !== undefined ? (feature.defaultValue as ParamValue) : null;
      if (launch) {
        layers.push({ id: ids.claim(`${param}.launch`, "id"), launch: true, params: [param], slots: [{ ranges: [[0, 1000]], experiment: withId(launch.build(true), ids, `${param}.force`) }] });
      }
      // Every parameter belongs to one normal layer; without an experiment rule the layer is empty.
      const layerId = ids.claim(`${param}.layer`, "id");
      const slots = normal ? [{ ranges: [[0, 1000]] as [number, number][], experiment: withId(normal.build(launchFirst ? not(launch.condition) : true), ids, param) }] : [];
      layers.push({ id: layerId, params: [param], slots });
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      report.skip(error.pointer, `feature "${key}" is not imported: ${error.message}`);
    }
  }

  const config: StrataConfig = {
    version: 1,
    units: [...units.values()],
    params,
    domain: { id: "growthbook", description: "Imported from a GrowthBook SDK payload", layers },
  };
  return { config, unsupported: report.unsupported, notes: report.notes };
}

function withId(experiment: ExperimentConfig, ids: NameAllocator, wanted: string): ExperimentConfig {
  return { ...experiment, id: ids.claim(wanted, "id") };
}

/** The rules of a feature that can ever match, checked to fit one layer and one launch layer. */
function placeRules(
  key: string,
  feature: GrowthBookFeature,
  pointer: string,
  param: string,
  report: ImportReport,
  unitOf: (attribute: string, pointer: string) => string,
): PlacedRule[] {
  if (!isRecord(feature)) throw new Unsupported(pointer, "a feature must be an object with defaultValue and rules");
  checkValue(feature.defaultValue, pointerChild(pointer, "defaultValue"));
  const rules = Array.isArray(feature.rules) ? feature.rules : [];
  const placed: PlacedRule[] = [];
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index] as GrowthBookRule;
    const at = pointerChild(pointer, "rules", index);
    const rulePlaced = placeRule(key, rule, index, at, param, report, unitOf);
    if (rulePlaced === undefined) continue;
    placed.push(rulePlaced);
    if (rulePlaced.kind === "force" && !rulePlaced.hashed && rulePlaced.condition === true) {
      for (let later = index + 1; later < rules.length; later++) {
        report.note(pointerChild(pointer, "rules", later), "never reached: an earlier force rule applies to everyone; not imported");
      }
      break;
    }
  }
  const kinds = placed.map((rule) => (rule.kind === "force" ? (rule.hashed ? "rollout" : "force") : "experiment"));
  const shape = kinds.join(",");
  const fits =
    placed.length <= 1 ||
    (placed.length === 2 && (shape === "experiment,force" || shape === "experiment,rollout" || shape === "force,experiment"));
  if (!fits) {
    throw new Unsupported(
      pointer,
      `its rules (${kinds.join(", ")}) do not fit Strata's precedence: a parameter has one layer and one launch layer, so a feature imports as at most ` +
        "one experiment rule followed by one force or rollout rule, or one condition-only force rule followed by one experiment rule",
    );
  }
  return placed;
}

/** One rule, or undefined when GrowthBook could never match it (a note says why). */
function placeRule(
  key: string,
  rule: GrowthBookRule,
  index: number,
  at: string,
  param: string,
  report: ImportReport,
  unitOf: (attribute: string, pointer: string) => string,
): PlacedRule | undefined {
  if (!isRecord(rule)) throw new Unsupported(at, "a rule must be an object");
  if (Array.isArray(rule.parentConditions) && rule.parentConditions.length > 0) {
    throw new Unsupported(pointerChild(at, "parentConditions"), "prerequisite features (parentConditions) make one parameter depend on another; Strata parameters are independent");
  }
  if (rule.contextualBanditRef !== undefined || rule.contextualVariations !== undefined) {
    throw new Unsupported(at, "contextual bandits take their weights from GrowthBook's bandit service");
  }
  const isForce = "force" in rule;
  if (!isForce && !Array.isArray(rule.variations)) {
    report.note(at, "GrowthBook skips a rule with neither force nor variations; not imported");
    return undefined;
  }
  let condition: Cond = true;
  if (rule.condition) {
    try {
      condition = translateCondition(rule.condition);
    } catch (error) {
      if (!(error instanceof UntranslatableCondition)) throw error;
      throw new Unsupported(pointerChild(at, "condition") + error.path, `its condition cannot be expressed: ${error.message}`);
    }
    if (condition === false) {
      report.note(at, "its condition can never hold; not imported");
      return undefined;
    }
    if (condition !== true) {
      const regex = usesRegex(condition)
        ? `; $regex reads string values up to ${LIMITS.regexSubjectLength} characters: a longer value never matches it, where GrowthBook tests the whole value`
        : "";
      report.note(pointerChild(at, "condition"), `translated to a Strata condition (exact for attributes of the operands' types and for missing attributes${regex})`);
    }
  }
  const filters = rule.filters ? checkFilters(rule.filters as readonly GrowthBookPayloadFilter[], pointerChild(at, "filters")) : undefined;
  if (filters === null) {
    report.note(at, "a filter has a hash version other than 1 or 2, so GrowthBook filters everyone out; not imported");
    return undefined;
  }
  const description = `GrowthBook feature "${key}", rule ${index}${rule.id ? ` (${rule.id})` : ""}`;
  return isForce ? forceRule(key, rule, index, at, param, condition, filters, description, report, unitOf) : experimentRule(key, rule, index, at, param, condition, filters, description, report, unitOf);
}

/** The rule's filters in compat:growthbook's shape; null when one can never pass. */
/** Throws Unsupported when a value cannot be a Strata parameter value. */
function checkValue(value: unknown, at: string): void {
  const problem = paramValueProblem(value);
  if (problem) throw new Unsupported(at, problem);
}

function checkFilters(filters: readonly GrowthBookPayloadFilter[], at: string): GrowthBookFilter[] | null {
  if (!Array.isArray(filters)) throw new Unsupported(at, "filters must be a list");
  const checked: GrowthBookFilter[] = [];
  for (const [i, filter] of filters.entries()) {
    const version = filter.hashVersion || 2;
    if (version !== 1 && version !== 2) return null;
    if (typeof filter.seed !== "string" || !Array.isArray(filter.ranges) || !filter.ranges.every(isRange)) {
      throw new Unsupported(pointerChild(at, i), "a filter needs a string seed and ranges [start, end] within [0, 1]");
    }
    checked.push({ seed: filter.seed, ranges: filter.ranges, ...(filter.attribute ? { attribute: filter.attribute } : {}), hashVersion: version });
  }
  return checked;
}

function experimentRule(
  key: string,
  rule: GrowthBookRule,
  index: number,
  at: string,
  param: string,
  condition: Cond,
  filters: GrowthBookFilter[] | undefined,
  description: string,
  report: ImportReport,
  unitOf: (attribute: string, pointer: string) => string,
): PlacedRule | undefined {
  const variations = rule.variations as readonly unknown[];
  variations.forEach((variation, i) => checkValue(variation, pointerChild(at, "variations", i)));
  const n = variations.length;
  if (n < 2) {
    report.note(at, "GrowthBook never puts anyone in an experiment with fewer than 2 variations; not imported");
    return undefined;
  }
  const hashVersion = rule.hashVersion || 1;
  if (hashVersion !== 1 && hashVersion !== 2) {
    report.note(at, `hash version ${hashVersion} is unknown to the SDK, which then puts nobody in the experiment; not imported`);
    return undefined;
  }
  const groupIds = new NameAllocator();
  const meta = Array.isArray(rule.meta) ? rule.meta : [];
  const groups: GrowthBookGroup[] = [];
  const configGroups: GroupConfig[] = [];
  let ranges: readonly (readonly [number, number])[] | undefined;
  if (rule.ranges) {
    if (!Array.isArray(rule.ranges) || rule.ranges.length !== n || !rule.ranges.every(isRange)) {
      throw new Unsupported(pointerChild(at, "ranges"), "explicit ranges must be one [start, end] within [0, 1] per variation");
    }
    ranges = rule.ranges;
  }
  let weights: readonly number[] = equalWeights(n);
  let coverage: number | undefined;
  if (!ranges) {
    if (rule.weights) {
      if (!Array.isArray(rule.weights) || !rule.weights.every((w) => typeof w === "number" && Number.isFinite(w))) throw new Unsupported(pointerChild(at, "weights"), "weights must be numbers");
      if (rule.weights.length === n && weightsAccepted(rule.weights) && rule.weights.every((w) => w >= 0 && w <= 1)) weights = rule.weights;
      else report.note(pointerChild(at, "weights"), "GrowthBook ignores these weights (wrong count or a sum outside 0.99–1.01) and uses equal weights; so does the import");
    }
    if ("coverage" in rule && rule.coverage !== undefined) {
      if (rule.coverage === null) coverage = 0;
      else if (typeof rule.coverage === "number" && Number.isFinite(rule.coverage)) coverage = Math.min(1, Math.max(0, rule.coverage));
      else throw new Unsupported(pointerChild(at, "coverage"), "coverage must be a number");
    }
  }
  for (let i = 0; i < n; i++) {
    const variationKey = (meta[i]?.key || String(i)) as string;
    const id = groupIds.claim(variationKey, "id");
    const passthrough = meta[i]?.passthrough === true;
    groups.push({ id, ...(ranges ? { range: ranges[i] } : { weight: weights[i] }), ...(passthrough ? { passthrough: true } : {}) });
    if (!passthrough) {
      configGroups.push({ id, ...(id === variationKey ? {} : { description: `GrowthBook variation "${variationKey}"` }), params: { [param]: variations[i] as ParamValue } });
    }
  }
  if (configGroups.length === 0) {
    report.note(at, "every variation is a passthrough, so the rule never sets the value; not imported");
    return undefined;
  }
  const hashAttribute = rule.hashAttribute || DEFAULT_HASH_ATTRIBUTE;
  const options: GrowthBookOptions = {
    seed: rule.seed || rule.key || key,
    hashVersion,
    ...(hashAttribute === DEFAULT_HASH_ATTRIBUTE ? {} : { hashAttribute }),
    groups,
    ...(coverage === undefined ? {} : { coverage }),
    ...(filters ? { filters } : {}),
    ...(!filters && rule.namespace ? { namespace: namespaceOf(rule.namespace, pointerChild(at, "namespace")) } : {}),
  };
  if (rule.fallbackAttribute) report.note(pointerChild(at, "fallbackAttribute"), "the fallback attribute only applies with GrowthBook's sticky bucketing, which a server SDK without a sticky bucket service does not use; ignored");
  const unit = unitOf(hashAttribute, at);
  return {
    kind: "experiment",
    index,
    condition,
    hashed: true,
    build: (extra) => ({
      id: "",
      description: `${description}: experiment "${rule.key || key}"`,
      unit,
      status: "running",
      ...(toConditions(and(condition, extra)) ? { conditions: toConditions(and(condition, extra)) } : {}),
      groups: configGroups,
      segmenter: { type: growthbook.type, ...options },
    }),
  };
}

function namespaceOf(namespace: unknown, at: string): GrowthBookOptions["namespace"] {
  if (!Array.isArray(namespace) || namespace.length !== 3 || typeof namespace[0] !== "string" || !isRange([namespace[1], namespace[2]])) {
    throw new Unsupported(at, "a namespace must be [id, start, end] with 0 <= start <= end <= 1");
  }
  return { id: namespace[0], range: [namespace[1] as number, namespace[2] as number] };
}

function forceRule(
  key: string,
  rule: GrowthBookRule,
  index: number,
  at: string,
  param: string,
  condition: Cond,
  filters: GrowthBookFilter[] | undefined,
  description: string,
  report: ImportReport,
  unitOf: (attribute: string, pointer: string) => string,
): PlacedRule | undefined {
  checkValue(rule.force, pointerChild(at, "force"));
  let rollout: NonNullable<GrowthBookOptions["rollout"]> = {};
  if (rule.range) {
    if (!isRange(rule.range)) throw new Unsupported(pointerChild(at, "range"), "a rollout range must be [start, end] within [0, 1]");
    rollout = { range: rule.range };
  } else if (rule.coverage !== undefined) {
    if (typeof rule.coverage !== "number" || !Number.isFinite(rule.coverage)) throw new Unsupported(pointerChild(at, "coverage"), "coverage must be a number");
    if (rule.coverage <= 0) {
      report.note(at, "a rollout with coverage 0 includes nobody; not imported");
      return undefined;
    }
    rollout = { coverage: Math.min(1, rule.coverage) };
  }
  const hashesUnit = rollout.range !== undefined || rollout.coverage !== undefined;
  const hashVersion = rule.hashVersion || 1;
  if (hashesUnit && hashVersion !== 1 && hashVersion !== 2) {
    report.note(at, `hash version ${hashVersion} is unknown to the SDK, which then includes nobody; not imported`);
    return undefined;
  }
  // The unit: the rollout's hash attribute; without a rollout, the attribute of the first filter; without either, any request (random).
  const hashAttribute = hashesUnit ? rule.hashAttribute || DEFAULT_HASH_ATTRIBUTE : filters?.[0] ? filters[0].attribute || DEFAULT_HASH_ATTRIBUTE : undefined;
  const options: GrowthBookOptions = {
    seed: rule.seed || key,
    hashVersion: hashVersion === 2 ? 2 : 1,
    ...(hashAttribute === undefined || hashAttribute === DEFAULT_HASH_ATTRIBUTE ? {} : { hashAttribute }),
    groups: [{ id: "force" }],
    rollout,
    ...(filters ? { filters } : {}),
  };
  const unit = hashAttribute === undefined ? "random" : unitOf(hashAttribute, at);
  return {
    kind: "force",
    index,
    condition,
    hashed: hashAttribute !== undefined,
    build: (extra) => ({
      id: "",
      description: `${description}: force ${hashesUnit ? "rollout" : "value"}`,
      unit,
      status: "running",
      ...(toConditions(and(condition, extra)) ? { conditions: toConditions(and(condition, extra)) } : {}),
      groups: [{ id: "force", params: { [param]: rule.force as ParamValue } }],
      segmenter: { type: growthbook.type, ...options },
    }),
  };
}
