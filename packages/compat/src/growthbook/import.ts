/**
 * `importGrowthBook`: a GrowthBook SDK payload (or its `features` map) → a Strata config whose
 * parameter values equal the SDK's `evalFeature` for every feature it can express. A feature is a
 * parameter (default: its `defaultValue`); its experiment rule is an experiment in a layer that
 * owns the parameter, and its force rule (a fixed value, or a percentage rollout) an experiment in
 * a launch layer — so Strata's precedence (experiment > launch > default) is GrowthBook's rule
 * order. Features without an experiment rule share one layer without experiments, so only
 * experiments use up Strata's layers. Both kinds of rule use the `compat:growthbook` segmenter,
 * so hashing, weights, coverage, namespaces and filters are GrowthBook's own. Whatever cannot be
 * expressed — malformed entries, or features beyond Strata's size limits — is listed in
 * `unsupported` with its pointer, and the config always validates.
 * @module
 */
import { checkCondition, LIMITS, type ExperimentConfig, type GroupConfig, type LayerConfig, type ParamValue } from "@strata/config";
import { assembleConfig, type ImportedPart } from "../import/assemble.ts";
import { and, not, toConditions, type Cond } from "../import/condition-algebra.ts";
import { NameAllocator } from "../import/ids.ts";
import { DEFAULT_VALUE_DEPTH, GROUP_VALUE_DEPTH, paramValueProblem } from "../import/json-value.ts";
import { ImportError, ImportReport, pointerChild, type ImportResult } from "../import/result.ts";
import { describeValue, isRecord } from "../import/source-lists.ts";
import { briefly, checkStringLength, clip } from "../import/text-limits.ts";
import { Unsupported } from "../import/unsupported.ts";
import { usesRegex } from "../import/uses-regex.ts";
import { translateCondition, UntranslatableCondition } from "./conditions.ts";
import type { GrowthBookPayload } from "./payload.ts";
import { bucketRanges, clipRanges, equalWeights, weightsAccepted } from "./ranges.ts";
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

/** Maps GrowthBook hash attributes to Strata unit types (at most `LIMITS.units`). */
type UnitOf = (attribute: string, pointer: string) => string;

/** What every rule's import needs besides the rule. */
interface RuleContext {
  readonly key: string;
  readonly param: string;
  readonly report: ImportReport;
  readonly unitOf: UnitOf;
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
  if (typeof value.encryptedFeatures === "string") throw new ImportError(`the payload's features ("/encryptedFeatures") are encrypted: decrypt them first (or export the unencrypted payload) and import that`);
  if (isRecord(value.features)) return { payload: value as unknown as GrowthBookPayload, base: "/features" };
  if (!("features" in value) && Object.values(value).every(isRecord)) return { payload: { features: value as GrowthBookPayload["features"] }, base: "" };
  const datafile = value.version !== undefined && Array.isArray(value.experiments) ? `; it has "/version" and "/experiments", as an Optimizely datafile has: import it as one` : "";
  throw new ImportError(`a GrowthBook payload must hold "/features": { "<feature key>": { "defaultValue": …, "rules": [ … ] } } (got ${describeValue(value.features)})${datafile}`);
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
  const unitOf: UnitOf = (attribute, pointer) => {
    let unit = units.get(attribute);
    if (unit === undefined) {
      if (units.size >= LIMITS.units) {
        throw new Unsupported(pointer, `it hashes the attribute ${briefly(attribute)}, which would be a unit type beyond Strata's ${LIMITS.units} (LIMITS.units)`);
      }
      unit = unitNames.claim(attribute, "unit");
      units.set(attribute, unit);
      if (unit !== attribute) report.note(pointer, `hash attribute ${briefly(attribute)} is the unit type "${unit}": pass its value as units.${unit}`);
    }
    return unit;
  };
  unitOf(DEFAULT_HASH_ATTRIBUTE, base);

  if (Array.isArray(payload.experiments) && payload.experiments.length > 0) {
    report.skip("/experiments", "auto experiments (visual editor and URL redirects) change pages in the browser; they are not parameters and are not imported");
  }

  const parts: ImportedPart[] = [];
  for (const [key, feature] of Object.entries(payload.features)) {
    const pointer = pointerChild(base, key);
    try {
      parts.push(featurePart(key, feature, pointer, { ids, paramNames, report, unitOf, bareMap: base === "" }));
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      report.skip(error.pointer, `feature ${briefly(key)} is not imported: ${error.message}`);
    }
  }

  const sharedLayerId = parts.some((part) => part.shared) ? ids.claim("growthbook.defaults", "id") : undefined;
  const config = assembleConfig(
    { units: [...units.values()], domain: { id: "growthbook", description: "Imported from a GrowthBook SDK payload" }, ...(sharedLayerId ? { sharedLayerId } : {}), parts },
    report,
  );
  return { config, unsupported: report.unsupported, notes: report.notes };
}

/** The keys of a feature in an SDK payload (`FeatureDefinition`): the two the SDK evaluates, and `metadata` (project, tags, custom fields), which it carries but never evaluates. */
const FEATURE_KEYS: ReadonlySet<string> = new Set(["defaultValue", "rules", "metadata"]);

/** One feature as a part of the config: its parameter and layers. Throws Unsupported. */
function featurePart(
  key: string,
  feature: unknown,
  pointer: string,
  { ids, paramNames, report, unitOf, bareMap }: { ids: NameAllocator; paramNames: NameAllocator; report: ImportReport; unitOf: UnitOf; bareMap: boolean },
): ImportedPart {
  if (!isRecord(feature)) throw new Unsupported(pointer, `a feature must be an object with defaultValue and rules (got ${describeValue(feature)})`);
  // A bare map is any object of objects: an entry without either key is more likely a wrapper around the features than a feature.
  if (bareMap && feature.defaultValue === undefined && feature.rules === undefined) throw new Unsupported(pointer, notAFeature(feature, pointer));
  reportUnknownKeys(key, feature, pointer, report);
  if (feature.defaultValue !== undefined) checkValue(feature.defaultValue, pointerChild(pointer, "defaultValue"), DEFAULT_VALUE_DEPTH);
  const param = paramNames.claim(key, "param");
  const placed = placeRules(feature, pointer, { key, param, report, unitOf });
  const normal = placed.find((rule) => rule.kind === "experiment");
  const launch = placed.find((rule) => rule.kind === "force");
  // A condition-only force rule before the experiment wins over it: the experiment excludes its condition.
  const launchFirst = launch !== undefined && normal !== undefined && launch.index < normal.index;
  if (param !== key) report.note(pointer, `feature ${briefly(key)} is the parameter "${param}"`);
  const layers: LayerConfig[] = [];
  if (launch) {
    layers.push({ id: ids.claim(`${param}.launch`, "id"), launch: true, params: [param], slots: [{ ranges: [[0, 1000]], experiment: withId(launch.build(true), ids, `${param}.force`) }] });
  }
  if (normal) {
    const experiment = withId(normal.build(launchFirst ? not(launch.condition) : true), ids, param);
    const problem = experiment.conditions ? checkCondition(experiment.conditions)[0] : undefined;
    if (problem) {
      throw new Unsupported(pointerChild(pointer, "rules", normal.index), `its condition, with the earlier force rule's excluded, breaks a Strata limit at ${JSON.stringify(problem.pointer)}: ${problem.message}`);
    }
    layers.push({ id: ids.claim(`${param}.layer`, "id"), params: [param], slots: [{ ranges: [[0, 1000]], experiment }] });
  }
  const defaultValue = feature.defaultValue === undefined ? null : (feature.defaultValue as ParamValue);
  // Without an experiment rule the parameter needs no layer of its own: the shared layer owns it.
  return { pointer, label: `feature ${briefly(key)}`, params: { [param]: defaultValue }, layers, shared: normal === undefined };
}

/** Why an entry of a bare features map is not a feature, and where the features may be. */
function notAFeature(entry: Record<string, unknown>, pointer: string): string {
  const why = `it has neither "defaultValue" nor "rules", so it is not a feature`;
  if (isRecord(entry.features)) {
    return `${why} — it holds "features" at ${JSON.stringify(pointerChild(pointer, "features"))}: import the object at ${JSON.stringify(pointer)} (an SDK payload { "features": … }) instead`;
  }
  return `${why} — is this document an SDK payload { "features": { … } } or its features map?`;
}

/** Lists each key of a feature that GrowthBook's SDK does not read (it reads only `defaultValue` and `rules`). */
function reportUnknownKeys(key: string, feature: Record<string, unknown>, pointer: string, report: ImportReport): void {
  for (const [name, value] of Object.entries(feature)) {
    if (FEATURE_KEYS.has(name) || value === undefined) continue;
    const restApi = name === "environments" ? ` — this looks like GrowthBook's REST API answer: import the SDK payload (GET /api/features/<client key>) instead` : "";
    report.skip(
      pointerChild(pointer, name),
      `feature ${briefly(key)}: ${briefly(name)} is not a key of a GrowthBook SDK feature (it has "defaultValue", "rules" and "metadata"), so neither the SDK nor the import reads it${restApi}`,
    );
  }
}

function withId(experiment: ExperimentConfig, ids: NameAllocator, wanted: string): ExperimentConfig {
  return { ...experiment, id: ids.claim(wanted, "id") };
}

/** The rules of a feature that can ever match, checked to fit one layer and one launch layer. */
function placeRules(feature: Record<string, unknown>, pointer: string, context: RuleContext): PlacedRule[] {
  if (feature.rules !== undefined && feature.rules !== null && !Array.isArray(feature.rules)) {
    throw new Unsupported(pointerChild(pointer, "rules"), `rules must be a list (got ${describeValue(feature.rules)})`);
  }
  const rules: readonly unknown[] = Array.isArray(feature.rules) ? feature.rules : [];
  const placed: PlacedRule[] = [];
  for (let index = 0; index < rules.length; index++) {
    const rulePlaced = placeRule(rules[index], index, pointerChild(pointer, "rules", index), context);
    if (rulePlaced === undefined) continue;
    placed.push(rulePlaced);
    if (rulePlaced.kind === "force" && !rulePlaced.hashed && rulePlaced.condition === true) {
      for (let later = index + 1; later < rules.length; later++) {
        context.report.note(pointerChild(pointer, "rules", later), "never reached: an earlier force rule applies to everyone; not imported");
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

/** A string option of a rule that GrowthBook reads when truthy; undefined when falsy. Throws Unsupported for other values. */
function textOption(rule: Record<string, unknown>, name: string, at: string): string | undefined {
  const value = rule[name];
  if (!value) return undefined;
  if (typeof value !== "string") throw new Unsupported(pointerChild(at, name), `${name} must be a string (got ${describeValue(value)})`);
  return checkStringLength(value, pointerChild(at, name), name);
}

/** One rule, or undefined when GrowthBook could never match it (a note says why). */
function placeRule(rule: unknown, index: number, at: string, context: RuleContext): PlacedRule | undefined {
  const { report } = context;
  if (!isRecord(rule)) throw new Unsupported(at, `a rule must be an object (got ${describeValue(rule)})`);
  if (Array.isArray(rule.parentConditions) && rule.parentConditions.length > 0) {
    throw new Unsupported(pointerChild(at, "parentConditions"), "prerequisite features (parentConditions) make one parameter depend on another; Strata parameters are independent");
  }
  if (rule.contextualBanditRef !== undefined || rule.contextualVariations !== undefined) {
    throw new Unsupported(at, "contextual bandits take their weights from GrowthBook's bandit service");
  }
  const isForce = "force" in rule;
  if (!isForce && !rule.variations) {
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
  const filters = rule.filters ? checkFilters(rule.filters, pointerChild(at, "filters")) : undefined;
  if (filters === null) {
    report.note(at, "a filter has a hash version other than 1 or 2, so GrowthBook filters everyone out; not imported");
    return undefined;
  }
  const id = typeof rule.id === "string" && rule.id !== "" ? ` (${clip(rule.id)})` : "";
  const description = `GrowthBook feature ${briefly(context.key)}, rule ${index}${id}`;
  return isForce ? forceRule(rule, index, at, condition, filters, description, context) : experimentRule(rule, index, at, condition, filters, description, context);
}

/** Throws Unsupported when a value cannot be a Strata parameter value at `depth` of the config. */
function checkValue(value: unknown, at: string, depth: number): void {
  const problem = paramValueProblem(value, depth);
  if (problem) throw new Unsupported(at, problem);
}

/** The rule's filters in compat:growthbook's shape; null when one can never pass. Throws Unsupported. */
function checkFilters(filters: unknown, at: string): GrowthBookFilter[] | null {
  if (!Array.isArray(filters)) throw new Unsupported(at, `filters must be a list (got ${describeValue(filters)})`);
  const checked: GrowthBookFilter[] = [];
  for (const [i, filter] of filters.entries()) {
    const filterAt = pointerChild(at, i);
    if (!isRecord(filter)) throw new Unsupported(filterAt, `a filter must be an object with seed and ranges (got ${describeValue(filter)})`);
    const version = filter.hashVersion || 2;
    if (version !== 1 && version !== 2) return null;
    if (typeof filter.seed !== "string" || !Array.isArray(filter.ranges) || !filter.ranges.every(isRange)) {
      throw new Unsupported(filterAt, "a filter needs a string seed and ranges [start, end] within [0, 1]");
    }
    checkStringLength(filter.seed, pointerChild(filterAt, "seed"), "the filter's seed");
    const attribute = textOption(filter, "attribute", filterAt);
    checked.push({ seed: filter.seed, ranges: filter.ranges, ...(attribute ? { attribute } : {}), hashVersion: version });
  }
  return checked;
}

/** The variation's group id: its `meta[i].key` (a string or number, as GrowthBook reports it), else its index. */
function variationKey(meta: unknown, i: number): string {
  const key = isRecord(meta) ? meta.key : undefined;
  return (typeof key === "string" && key !== "") || (typeof key === "number" && Number.isFinite(key)) ? String(key) : String(i);
}

function experimentRule(
  rule: Record<string, unknown>,
  index: number,
  at: string,
  condition: Cond,
  filters: GrowthBookFilter[] | undefined,
  description: string,
  { key, param, report, unitOf }: RuleContext,
): PlacedRule | undefined {
  if (!Array.isArray(rule.variations)) throw new Unsupported(pointerChild(at, "variations"), `variations must be a list of values (got ${describeValue(rule.variations)})`);
  const variations: readonly unknown[] = rule.variations;
  variations.forEach((variation, i) => checkValue(variation, pointerChild(at, "variations", i), GROUP_VALUE_DEPTH));
  const n = variations.length;
  if (n < 2) {
    report.note(at, "GrowthBook never puts anyone in an experiment with fewer than 2 variations; not imported");
    return undefined;
  }
  if (n > LIMITS.groupsPerExperiment) {
    throw new Unsupported(pointerChild(at, "variations"), `it has ${n} variations; a Strata experiment has at most ${LIMITS.groupsPerExperiment} groups (LIMITS.groupsPerExperiment)`);
  }
  const hashVersion = rule.hashVersion || 1;
  if (hashVersion !== 1 && hashVersion !== 2) {
    report.note(at, `hash version ${describeValue(hashVersion)} is unknown to the SDK, which then puts nobody in the experiment; not imported`);
    return undefined;
  }
  const coverage = rule.ranges ? undefined : coverageOf(rule, at);
  if (coverage === 0) {
    const clamped = rule.coverage === 0 ? "coverage 0 puts" : `coverage ${describeValue(rule.coverage)} is 0 to GrowthBook, which then puts`;
    report.note(at, `${clamped} nobody in the experiment (every variation's range is empty); not imported`);
    return undefined;
  }
  const experimentKey = textOption(rule, "key", at) ?? key;
  const seed = textOption(rule, "seed", at) ?? checkStringLength(experimentKey, pointerChild(at, "key"), "the experiment key");
  const hashAttribute = textOption(rule, "hashAttribute", at) ?? DEFAULT_HASH_ATTRIBUTE;
  const meta: readonly unknown[] = Array.isArray(rule.meta) ? rule.meta : [];
  const { ranges, weights } = splitOf(rule, n, coverage, at, report);
  const groupIds = new NameAllocator();
  const groups: GrowthBookGroup[] = [];
  const configGroups: GroupConfig[] = [];
  for (let i = 0; i < n; i++) {
    const keyOfVariation = variationKey(meta[i], i);
    const id = groupIds.claim(keyOfVariation, "id");
    const passthrough = isRecord(meta[i]) && (meta[i] as Record<string, unknown>).passthrough === true;
    groups.push({ id, ...(ranges ? { range: ranges[i] } : { weight: weights[i] }), ...(passthrough ? { passthrough: true } : {}) });
    if (!passthrough) {
      configGroups.push({ id, ...(id === keyOfVariation ? {} : { description: `GrowthBook variation ${briefly(keyOfVariation)}` }), params: { [param]: variations[i] as ParamValue } });
    }
  }
  if (configGroups.length === 0) {
    report.note(at, "every variation is a passthrough, so the rule never sets the value; not imported");
    return undefined;
  }
  const options: GrowthBookOptions = {
    seed,
    hashVersion,
    ...(hashAttribute === DEFAULT_HASH_ATTRIBUTE ? {} : { hashAttribute }),
    groups,
    ...(coverage === undefined || ranges !== undefined ? {} : { coverage }),
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
      description: `${description}: experiment ${briefly(experimentKey)}`,
      unit,
      status: "running",
      ...(toConditions(and(condition, extra)) ? { conditions: toConditions(and(condition, extra)) } : {}),
      groups: configGroups,
      segmenter: { type: growthbook.type, ...options },
    }),
  };
}

/** An experiment rule's coverage as GrowthBook reads it (`null` is 0, and it clamps to [0, 1]); undefined when absent. Throws Unsupported. */
function coverageOf(rule: Record<string, unknown>, at: string): number | undefined {
  if (rule.coverage === undefined) return undefined;
  if (rule.coverage === null) return 0;
  if (typeof rule.coverage === "number" && Number.isFinite(rule.coverage)) return Math.min(1, Math.max(0, rule.coverage));
  throw new Unsupported(pointerChild(at, "coverage"), `coverage must be a number (got ${describeValue(rule.coverage)})`);
}

/**
 * How an experiment rule splits n: explicit `ranges`, or weights (GrowthBook's when it accepts
 * them, else equal) with `coverage`. Weights it accepts that lie outside [0, 1] (e.g. 1.2 and -0.2,
 * which still sum to 1) become the ranges `getBucketRanges` computes from them with the coverage,
 * clipped to [0, 1]: exactly the values of n each range holds. Throws Unsupported.
 */
function splitOf(rule: Record<string, unknown>, n: number, coverage: number | undefined, at: string, report: ImportReport) {
  let ranges: readonly (readonly [number, number])[] | undefined;
  let weights: readonly number[] = equalWeights(n);
  if (rule.ranges) {
    if (!Array.isArray(rule.ranges) || rule.ranges.length !== n || !rule.ranges.every(isRange)) {
      throw new Unsupported(pointerChild(at, "ranges"), "explicit ranges must be one [start, end] within [0, 1] per variation");
    }
    return { ranges: rule.ranges as readonly (readonly [number, number])[], weights };
  }
  if (rule.weights) {
    const given = rule.weights;
    if (!Array.isArray(given) || !given.every((w) => typeof w === "number" && Number.isFinite(w))) {
      throw new Unsupported(pointerChild(at, "weights"), `weights must be a list of numbers (got ${describeValue(given)})`);
    }
    if (given.length !== n || !weightsAccepted(given)) {
      report.note(pointerChild(at, "weights"), "GrowthBook ignores these weights (wrong count or a sum outside 0.99–1.01) and uses equal weights; so does the import");
    } else if (given.every((w) => w >= 0 && w <= 1)) weights = given;
    else {
      ranges = clipRanges(bucketRanges(given, coverage ?? 1));
      report.note(pointerChild(at, "weights"), `GrowthBook uses these weights although some lie outside [0, 1]: imported as the ranges it computes from them (${JSON.stringify(ranges)})`);
    }
  }
  return { ranges, weights };
}

function namespaceOf(namespace: unknown, at: string): GrowthBookOptions["namespace"] {
  if (!Array.isArray(namespace) || namespace.length !== 3 || typeof namespace[0] !== "string" || !isRange([namespace[1], namespace[2]])) {
    throw new Unsupported(at, "a namespace must be [id, start, end] with 0 <= start <= end <= 1");
  }
  return { id: checkStringLength(namespace[0], pointerChild(at, 0), "the namespace id"), range: [namespace[1] as number, namespace[2] as number] };
}

function forceRule(
  rule: Record<string, unknown>,
  index: number,
  at: string,
  condition: Cond,
  filters: GrowthBookFilter[] | undefined,
  description: string,
  { key, param, report, unitOf }: RuleContext,
): PlacedRule | undefined {
  checkValue(rule.force, pointerChild(at, "force"), GROUP_VALUE_DEPTH);
  let rollout: NonNullable<GrowthBookOptions["rollout"]> = {};
  if (rule.range) {
    if (!isRange(rule.range)) throw new Unsupported(pointerChild(at, "range"), "a rollout range must be [start, end] within [0, 1]");
    rollout = { range: rule.range };
  } else if (rule.coverage !== undefined) {
    if (typeof rule.coverage !== "number" || !Number.isFinite(rule.coverage)) throw new Unsupported(pointerChild(at, "coverage"), `coverage must be a number (got ${describeValue(rule.coverage)})`);
    if (rule.coverage <= 0) {
      report.note(at, "a rollout with coverage 0 includes nobody; not imported");
      return undefined;
    }
    rollout = { coverage: Math.min(1, rule.coverage) };
  }
  const hashesUnit = rollout.range !== undefined || rollout.coverage !== undefined;
  const hashVersion = rule.hashVersion || 1;
  if (hashesUnit && hashVersion !== 1 && hashVersion !== 2) {
    report.note(at, `hash version ${describeValue(hashVersion)} is unknown to the SDK, which then includes nobody; not imported`);
    return undefined;
  }
  // The unit: the rollout's hash attribute; without a rollout, the attribute of the first filter; without either, any request (random).
  const ruleAttribute = textOption(rule, "hashAttribute", at);
  const hashAttribute = hashesUnit ? ruleAttribute || DEFAULT_HASH_ATTRIBUTE : filters?.[0] ? filters[0].attribute || DEFAULT_HASH_ATTRIBUTE : undefined;
  const options: GrowthBookOptions = {
    seed: textOption(rule, "seed", at) ?? checkStringLength(key, at, "the feature key (the rollout's seed)"),
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
