/**
 * The `compat:growthbook` segmenter: GrowthBook's experiment bucketing and percentage rollouts,
 * bit for bit — hash versions 1 and 2 (FNV-1a over UTF-16 code units), seeds, weights with the
 * SDK's floating-point ranges, coverage, explicit ranges, passthrough variations, legacy
 * namespaces and `filters` (GrowthBook's mutually exclusive "layers").
 * @module
 */
import { checkedOptionsSchema, type AssignContext, type OptionsChecker, type OptionsPath, type Segmenter, type SegmenterContext } from "@strata/segmenters";
import { COMPAT_SCHEMA_SETTINGS, type CompatSegmenterFactory } from "../factory.ts";
import { growthbookGrid, growthbookHash, type GrowthBookHashVersion } from "./hash.ts";
import { bucketRanges, chooseVariation, equalWeights, inRange, weightsAccepted, type GrowthBookRange } from "./ranges.ts";

/** A GrowthBook variation, in the experiment's order. */
export interface GrowthBookGroup {
  /** The group id (GrowthBook's variation key, e.g. "0", "1" or the `meta[i].key`). */
  readonly id: string;
  /** The variation's weight as a fraction (GrowthBook's `weights[i]`); all or none of the groups have one (none: equal weights). */
  readonly weight?: number;
  /** An explicit range of n (GrowthBook's `ranges[i]`), replacing weights and coverage; all or none of the groups have one. */
  readonly range?: readonly [number, number];
  /** A passthrough variation (`meta[i].passthrough`): the unit is bucketed into it but not in the experiment (null). */
  readonly passthrough?: boolean;
}

/** A GrowthBook filter: the unit is kept only when `hash(seed, attribute value)` lies in one of `ranges`. */
export interface GrowthBookFilter {
  /** The filter's seed (shared by mutually exclusive experiments). */
  readonly seed: string;
  /** The ranges of n that pass. */
  readonly ranges: readonly (readonly [number, number])[];
  /** The hashed attribute (default "id"); the unit when it equals the segmenter's `hashAttribute`, else read from the request attributes. */
  readonly attribute?: string;
  /** The filter's hash version (default 2, as in GrowthBook). */
  readonly hashVersion?: GrowthBookHashVersion;
}

/** Options of `compat:growthbook`. */
export interface GrowthBookOptions {
  /** The hashed seed: GrowthBook's `experiment.seed || experiment.key` (for a rollout: `rule.seed || featureKey`). */
  readonly seed: string;
  /** The hash version (default 1, as GrowthBook when `hashVersion` is omitted; payloads written today say 2). */
  readonly hashVersion?: GrowthBookHashVersion;
  /** The variations in order (experiment), or the single forced value's group (rollout). */
  readonly groups: readonly GrowthBookGroup[];
  /** The share of units in the experiment, 0–1 (default 1); each range shrinks from its own start. */
  readonly coverage?: number;
  /** The legacy namespace `[id, start, end]` as `{ id, range: [start, end] }` (ignored by GrowthBook when filters are set, so not allowed with them). */
  readonly namespace?: { readonly id: string; readonly range: readonly [number, number] };
  /** GrowthBook's `filters`. */
  readonly filters?: readonly GrowthBookFilter[];
  /** The attribute GrowthBook hashes (default "id"); the engine's unit must be its value. Filters on other attributes read the request attributes. */
  readonly hashAttribute?: string;
  /** A force rule's percentage rollout instead of an experiment: included when `n <= coverage` (inclusive) or n in `range`; `{}` includes everyone. */
  readonly rollout?: { readonly coverage?: number; readonly range?: readonly [number, number] };
}

interface CheckedFilter {
  readonly seed: string;
  readonly ranges: readonly GrowthBookRange[];
  readonly attribute: string;
  readonly version: GrowthBookHashVersion;
}

interface CheckedGrowthBook {
  readonly seed: string;
  readonly version: GrowthBookHashVersion;
  readonly ids: readonly string[];
  readonly passthrough: readonly boolean[];
  /** Experiment mode: each variation's range. */
  readonly ranges: readonly GrowthBookRange[] | undefined;
  /** Rollout mode. */
  readonly rollout: { readonly coverage: number | undefined; readonly range: GrowthBookRange | undefined } | undefined;
  readonly namespace: { readonly id: string; readonly range: GrowthBookRange } | undefined;
  readonly filters: readonly CheckedFilter[] | undefined;
  readonly hashAttribute: string;
}

const EXAMPLE = `[{ "id": "0", "weight": 0.5 }, { "id": "1", "weight": 0.5 }]`;
const GROUP_KEYS = ["id", "weight", "range", "passthrough"];

function version(checker: OptionsChecker, value: unknown, path: OptionsPath, fallback: GrowthBookHashVersion): GrowthBookHashVersion | undefined {
  if (value === undefined) return fallback;
  return checker.oneOf(value, path, [1, 2] as const, "GrowthBook's hashVersion (other versions put nobody in the experiment)");
}

function checkFilters(checker: OptionsChecker, value: unknown): CheckedFilter[] | undefined {
  const list = checker.array(value, ["filters"], 0, `[{ "seed": "layer-1", "ranges": [[0, 0.5]] }]`);
  if (list === undefined) return undefined;
  const filters: CheckedFilter[] = [];
  list.forEach((item, index) => {
    const path = ["filters", index];
    const entry = checker.object(item, path, ["seed", "ranges", "attribute", "hashVersion"]);
    if (entry === undefined) return;
    const seed = checker.string(entry.seed, [...path, "seed"], "the filter's seed", true);
    const ranges = (checker.array(entry.ranges, [...path, "ranges"], 0, "[[0, 0.5]]") ?? []).map((range, r) =>
      checker.range(range, [...path, "ranges", r], 0, 1, "a range of GrowthBook's hash value n"),
    );
    const attribute = entry.attribute === undefined ? "id" : checker.string(entry.attribute, [...path, "attribute"], "the hashed attribute");
    const v = version(checker, entry.hashVersion, [...path, "hashVersion"], 2);
    if (seed !== undefined && attribute !== undefined && v !== undefined && ranges.every((r) => r !== undefined)) {
      filters.push({ seed, ranges: ranges as GrowthBookRange[], attribute, version: v });
    }
  });
  return filters;
}

function check(value: unknown, checker: OptionsChecker): CheckedGrowthBook | undefined {
  const options = checker.object(value, [], ["seed", "hashVersion", "groups", "coverage", "namespace", "filters", "hashAttribute", "rollout"]);
  if (options === undefined) return undefined;
  const seed = checker.string(options.seed, ["seed"], `GrowthBook's seed (experiment.seed, else the experiment key), e.g. "checkout-test"`, true);
  const v = version(checker, options.hashVersion, ["hashVersion"], 1);
  const rolloutMode = options.rollout !== undefined;
  const groups = checker.groups(options.groups, GROUP_KEYS, 1, EXAMPLE) ?? [];
  const hashAttribute = options.hashAttribute === undefined ? "id" : checker.string(options.hashAttribute, ["hashAttribute"], `the attribute GrowthBook hashes, e.g. "id"`);
  const passthrough = groups.map(({ entry, path }) =>
    entry.passthrough === undefined ? false : checker.boolean(entry.passthrough, [...path, "passthrough"], "a passthrough variation (bucketed, but not in the experiment)") === true,
  );
  if (groups.length > 0 && passthrough.every(Boolean)) {
    checker.fail(["groups"], `every group is a passthrough, so the segmenter could never assign one — make at least one variation a normal one`);
  }
  let ranges: GrowthBookRange[] | undefined;
  let rollout: CheckedGrowthBook["rollout"];
  if (rolloutMode) {
    if (groups.length > 1) checker.fail(["groups"], `a rollout gives one value, so it takes exactly one group (got ${groups.length}) — remove "rollout" to make an experiment`);
    for (const { entry, path } of groups) {
      for (const key of ["weight", "range", "passthrough"]) {
        if (entry[key] !== undefined) checker.fail([...path, key], `a rollout's group takes only an id — remove "${key}"`);
      }
    }
    if (options.coverage !== undefined) checker.fail(["coverage"], `a rollout takes its coverage inside "rollout": { "coverage": … } — move it there`);
    const spec = checker.object(options.rollout, ["rollout"], ["coverage", "range"]);
    if (spec !== undefined) {
      const coverage = spec.coverage === undefined ? undefined : checker.number(spec.coverage, ["rollout", "coverage"], 0, 1, "the share of units included (n <= coverage)");
      const range = spec.range === undefined ? undefined : checker.range(spec.range, ["rollout", "range"], 0, 1, "the range of n included");
      rollout = { coverage, range };
    }
  } else {
    if (groups.length === 1) {
      checker.fail(["groups"], `GrowthBook puts nobody in an experiment with fewer than 2 variations — add a variation, or give "rollout": {} to force one value`);
    }
    const withWeight = groups.filter(({ entry }) => entry.weight !== undefined).length;
    const withRange = groups.filter(({ entry }) => entry.range !== undefined).length;
    if (withRange > 0) {
      if (withRange < groups.length) checker.fail(["groups"], `either every group has a "range" or none has — add the missing ranges`);
      if (withWeight > 0) checker.fail(["groups"], `explicit ranges replace weights in GrowthBook — remove "weight" or "range"`);
      if (options.coverage !== undefined) checker.fail(["coverage"], `explicit ranges replace coverage in GrowthBook — remove "coverage"`);
      ranges = groups.map(({ entry, path }) => checker.range(entry.range, [...path, "range"], 0, 1, "the variation's range of n") ?? [0, 0]);
    } else {
      const coverage = options.coverage === undefined ? 1 : checker.number(options.coverage, ["coverage"], 0, 1, "the share of units in the experiment");
      let weights: number[];
      if (withWeight === 0) weights = equalWeights(groups.length);
      else {
        if (withWeight < groups.length) checker.fail(["groups"], `either every group has a "weight" or none has (equal weights) — add the missing weights`);
        weights = groups.map(({ entry, path }) => checker.number(entry.weight, [...path, "weight"], 0, 1, "the variation's weight as a fraction, e.g. 0.5") ?? 0);
        if (checker.issues.length === 0 && !weightsAccepted(weights)) {
          checker.fail(["groups"], `weights add up to ${weights.reduce((a, b) => a + b, 0)}; GrowthBook needs 0.99–1.01 and would silently use equal weights — fix the weights or remove them all`);
        }
      }
      if (coverage !== undefined) ranges = bucketRanges(weights, coverage);
    }
  }
  let namespace: CheckedGrowthBook["namespace"];
  if (options.namespace !== undefined) {
    if (options.filters !== undefined) checker.fail(["namespace"], `GrowthBook ignores the namespace when filters are set — remove "namespace"`);
    const ns = checker.object(options.namespace, ["namespace"], ["id", "range"]);
    if (ns !== undefined) {
      const id = checker.string(ns.id, ["namespace", "id"], "the namespace id", true);
      const range = checker.range(ns.range, ["namespace", "range"], 0, 1, "the namespace range [start, end)");
      if (id !== undefined && range !== undefined) namespace = { id, range };
    }
  }
  const filters = options.filters === undefined ? undefined : checkFilters(checker, options.filters);
  if (checker.issues.length > 0 || seed === undefined || v === undefined || hashAttribute === undefined) return undefined;
  return { seed, version: v, ids: groups.map((g) => g.id), passthrough, ranges, rollout, namespace, filters, hashAttribute };
}

/** The `compat:growthbook` options schema. */
const schema = checkedOptionsSchema<GrowthBookOptions, CheckedGrowthBook>(check, COMPAT_SCHEMA_SETTINGS);

/** What GrowthBook hashes for an attribute value: truthy strings, numbers and `true` as JS would concatenate them; anything else is "no value". */
export function growthbookHashValue(value: unknown): string | null {
  if (!value) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return null;
}

/** The share of a hash version's grid for which `keep(n)` holds. */
function gridShare(version: GrowthBookHashVersion, keep: (n: number) => boolean): number {
  const grid = growthbookGrid(version);
  let kept = 0;
  for (let k = 0; k < grid; k++) if (keep(k / grid)) kept++;
  return kept / grid;
}

function expectedShares(checked: CheckedGrowthBook): Record<string, number> {
  let admitted = 1;
  if (checked.filters) for (const f of checked.filters) admitted *= gridShare(f.version, (n) => f.ranges.some((r) => inRange(n, r)));
  else if (checked.namespace) admitted *= gridShare(1, (n) => inRange(n, checked.namespace!.range));
  const { rollout, ranges, ids } = checked;
  if (rollout) {
    const share =
      rollout.range === undefined && rollout.coverage === undefined
        ? 1
        : gridShare(checked.version, (n) => (rollout.range ? inRange(n, rollout.range) : n <= (rollout.coverage as number)));
    return { [ids[0] as string]: share * admitted };
  }
  const counts = new Array<number>(ids.length).fill(0);
  const grid = growthbookGrid(checked.version);
  for (let k = 0; k < grid; k++) {
    const i = chooseVariation(k / grid, ranges!);
    if (i >= 0) counts[i] = (counts[i] as number) + 1;
  }
  return Object.fromEntries(ids.flatMap((id, i) => (checked.passthrough[i] ? [] : [[id, ((counts[i] as number) / grid) * admitted]])));
}

/**
 * GrowthBook's bucketing (`runExperiment`, or `isIncludedInRollout` with `rollout`): the unit is the
 * value of the experiment's `hashAttribute`; filters on other attributes read `ctx.attributes`.
 */
export const growthbook: CompatSegmenterFactory<GrowthBookOptions> = {
  type: "compat:growthbook",
  options: schema,
  create(options: GrowthBookOptions, ctx: SegmenterContext): Segmenter {
    const checked = schema.verify(options, ctx.experimentId);
    const { seed, version, ids, passthrough, ranges, rollout, namespace, filters, hashAttribute } = checked;
    const returnable = ids.filter((_, i) => !passthrough[i]);
    const admitted = (unit: string, attributes: Readonly<Record<string, unknown>>): boolean => {
      if (filters) {
        for (const filter of filters) {
          const value =
            filter.attribute === hashAttribute ? unit : growthbookHashValue(Object.hasOwn(attributes, filter.attribute) ? attributes[filter.attribute] : undefined);
          if (!value) return false;
          const n = growthbookHash(filter.seed, value, filter.version);
          if (!filter.ranges.some((range) => inRange(n, range))) return false;
        }
        return true;
      }
      return namespace === undefined || (unit !== "" && inRange(growthbookHash(`__${namespace.id}`, unit, 1), namespace.range));
    };
    const assign = rollout
      ? (unit: string): string | null => {
          if (rollout.range === undefined && rollout.coverage === undefined) return ids[0] as string;
          if (rollout.range === undefined && rollout.coverage === 0) return null;
          if (unit === "") return null;
          const n = growthbookHash(seed, unit, version);
          return (rollout.range ? inRange(n, rollout.range) : n <= (rollout.coverage as number)) ? (ids[0] as string) : null;
        }
      : (unit: string): string | null => {
          if (unit === "") return null;
          const i = chooseVariation(growthbookHash(seed, unit, version), ranges!);
          return i < 0 || passthrough[i] ? null : (ids[i] as string);
        };
    return {
      groups: returnable,
      expectedShares: expectedShares(checked),
      assign(unit: string, { attributes }: AssignContext): string | null {
        return admitted(unit, attributes ?? {}) ? assign(unit) : null;
      },
    };
  },
};
