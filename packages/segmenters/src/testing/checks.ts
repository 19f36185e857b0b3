/**
 * The conformance checks behind `testSegmenter`, as plain functions that throw a
 * ConformanceError with a readable message (so any test runner can use them).
 * @module
 */
// The testing entry uses only the package's public API (and shares its classes once built).
import {
  createSegmenter,
  createSegmenterContext,
  fastPathOf,
  type ArmCounts,
  type AssignContext,
  type FeedbackStats,
  type Segmenter,
  type SegmenterFactory,
  type SegmenterStores,
} from "@strata/segmenters";
import { chiSquareTest, type ChiSquareResult } from "./chi-square.ts";
import { independenceTest, type GroupPair } from "./independence.ts";
import { oddUnits } from "./odd-units.ts";

/** Thrown by a conformance check that a segmenter fails. */
export class ConformanceError extends Error {
  /** Creates the error; `message` says what the segmenter did and what the contract wants. */
  constructor(message: string) {
    super(message);
    this.name = "ConformanceError";
  }
}

/** Options that a segmenter must reject, with the option path its error must name. */
export interface InvalidOptionsCase {
  /** The invalid raw options. */
  readonly options: unknown;
  /** The path the error must name, e.g. `groups[1].weight` ("" for the options object itself). */
  readonly path: string;
}

/** Everything a check needs to build fresh instances of the segmenter under test. */
export interface ConformanceSetup {
  /** The factory under test. */
  readonly factory: SegmenterFactory<any>;
  /** Valid raw options. */
  readonly options: unknown;
  /** The experiment id given to the context. */
  readonly experimentId: string;
  /** The salt given to the context. */
  readonly salt: string;
  /** Fresh stores for each instance. */
  readonly stores: () => SegmenterStores;
  /** What `assign` receives. */
  readonly assignContext: AssignContext;
}

const EMPTY: Readonly<Record<string, ArmCounts>> = Object.freeze({});

/** A feedback store frozen at an empty snapshot: reads never change and increments are dropped. */
export function frozenFeedbackStats(snapshot: Readonly<Record<string, ArmCounts>> = EMPTY): FeedbackStats {
  return { read: () => snapshot, increment: () => undefined };
}

/** A fresh segmenter from the setup (a new context and new stores), for the setup's experiment or `experiment`. */
export function instantiate(
  setup: ConformanceSetup,
  options: unknown = setup.options,
  experiment: { readonly experimentId: string; readonly salt: string } = setup,
): Segmenter {
  const ctx = createSegmenterContext({ experimentId: experiment.experimentId, salt: experiment.salt, stores: setup.stores() });
  return createSegmenter(setup.factory, options, ctx);
}

function show(value: unknown): string {
  if (typeof value === "string" && value.length > 40) return `${JSON.stringify(value.slice(0, 40))}… (${value.length} chars)`;
  return JSON.stringify(value) ?? String(value);
}

function assignChecked(segmenter: Segmenter, unit: string, ctx: AssignContext, registered: ReadonlySet<string>): string | null {
  let group: unknown;
  try {
    group = segmenter.assign(unit, ctx);
  } catch (error) {
    throw new ConformanceError(`assign(${show(unit)}) threw (${error instanceof Error ? error.message : String(error)}); assign must never throw for a string unit — return null instead`);
  }
  if (group !== null && !(typeof group === "string" && registered.has(group))) {
    throw new ConformanceError(`assign(${show(unit)}) returned ${show(group)}, which is not a registered group (${[...registered].join(", ")}) nor null`);
  }
  return group;
}

/** The segmenter registers at least one group, unique non-empty ids, and declares sound shares. */
export function checkGroups(setup: ConformanceSetup): void {
  const segmenter = instantiate(setup);
  const { groups, expectedShares, sticky } = segmenter;
  if (groups.length === 0) throw new ConformanceError("groups is empty; a segmenter must register at least one group");
  if (new Set(groups).size !== groups.length) throw new ConformanceError(`groups lists an id twice: ${groups.join(", ")}`);
  if (sticky !== undefined && typeof sticky !== "boolean") throw new ConformanceError(`sticky must be a boolean (got ${show(sticky)})`);
  if (expectedShares === undefined) return;
  let total = 0;
  for (const [id, share] of Object.entries(expectedShares)) {
    if (!groups.includes(id)) throw new ConformanceError(`expectedShares names ${show(id)}, which is not a registered group`);
    if (!(share >= 0 && share <= 1)) throw new ConformanceError(`expectedShares[${show(id)}] is ${share}; shares are fractions from 0 to 1`);
    total += share;
  }
  if (total > 1 + 1e-9) throw new ConformanceError(`expectedShares add up to ${total}, more than 1`);
}

/** The same unit gets the same group over repeated calls and in a fresh instance. */
export function checkDeterminism(setup: ConformanceSetup, units = 2_000): void {
  const first = instantiate(setup);
  const fresh = instantiate(setup);
  const registered = new Set(first.groups);
  for (let i = 0; i < units; i++) {
    const unit = `determinism-${i}`;
    const group = assignChecked(first, unit, setup.assignContext, registered);
    for (const [again, instance] of [
      [assignChecked(first, unit, setup.assignContext, registered), "a repeated call"],
      [assignChecked(fresh, unit, setup.assignContext, registered), "a fresh instance"],
    ] as const) {
      if (again !== group) throw new ConformanceError(`assign(${show(unit)}) gave ${show(group)}, then ${show(again)} in ${instance}; the same unit must always get the same group`);
    }
  }
}

/**
 * Requests unlike the suite's in everything a segmenter could read — attributes, time, dryRun —
 * under which `assign` must still agree with a `groupAt` fast path.
 */
function variedRequests(suite: AssignContext): AssignContext[] {
  const changed = Object.fromEntries(Object.entries(suite.attributes).map(([key, value]) => [key, changedValue(value)]));
  return [
    suite,
    { attributes: {}, now: 0 },
    { attributes: { ...changed, beta: true, internal: true, employee: true, country: "US", platform: "ios", plan: "pro", appVersion: "9.9.9", age: 30 }, now: Date.UTC(2031, 5, 15, 12) },
    { attributes: { beta: false, country: "DE", platform: "web", plan: "free", age: 71 }, now: Date.UTC(2000, 0, 1), dryRun: true },
    { ...suite, dryRun: true },
  ];
}

/** Another value of the same kind (so a segmenter reading the attribute sees a change). */
function changedValue(value: unknown): unknown {
  if (typeof value === "boolean") return !value;
  if (typeof value === "number") return value + 1;
  if (typeof value === "string") return `${value}-changed`;
  return value === null ? "changed" : null;
}

function describeRequest({ attributes, now, dryRun }: AssignContext): string {
  const at = Number.isFinite(now) ? new Date(now).toISOString() : String(now);
  return `with attributes ${show(attributes)} at ${at}${dryRun === true ? " with dryRun" : ""}`;
}

/**
 * A segmenter whose `groupAt` fast path a caller would use (see `fastPathOf`) gives, for every
 * unit and every request, the group of the unit's experiment-hash bucket.
 */
export function checkGroupAt(setup: ConformanceSetup, units = 2_000): void {
  const segmenter = instantiate(setup);
  if (segmenter.groupAt !== undefined && typeof segmenter.groupAt !== "function") {
    throw new ConformanceError("groupAt must be a function (bucket) => group | null, or left out");
  }
  const groupAt = fastPathOf(segmenter);
  if (groupAt === null) return;
  const { hash } = createSegmenterContext({ experimentId: setup.experimentId, salt: setup.salt });
  for (const request of variedRequests(setup.assignContext)) {
    for (let i = 0; i < units; i++) {
      const unit = `group-at-${i}`;
      const viaAssign = segmenter.assign(unit, request);
      const viaBucket = groupAt(hash(unit));
      if (viaAssign !== viaBucket) {
        throw new ConformanceError(
          `assign(${show(unit)}) ${describeRequest(request)} gave ${show(viaAssign)} but groupAt(hash(unit)) gave ${show(viaBucket)}; ` +
            "assign must be groupAt(ctx.hash(unit)) whatever the request, or leave groupAt out",
        );
      }
    }
  }
}

/** Above this Cramér's V, two experiments' assignments of the same units count as dependent (0 is independent, 1 is the same split). */
export const MAX_DEPENDENCE = 0.25;

/** A group with fewer of the salt check's units than this counts as the most common one (see independenceTest). */
const MIN_GROUP_UNITS = 20;

/** At most this many reseeded options are tried for a segmenter that ignores the salt. */
const MAX_RESEEDS = 16;

/**
 * Two experiments split the same units independently: the Cramér's V of the contingency table of
 * their groups over `units` fixed unit ids (groups of fewer than MIN_GROUP_UNITS units pooled with
 * the most common one) stays below MAX_DEPENDENCE. The second experiment has
 * another id and salt; for a segmenter seeded by its options instead (as @strata/compat's are),
 * it has the same id and salt and options whose strings other than group ids, or numbers, are
 * changed (all at once, or one value at a time).
 */
export function checkSaltIndependence(setup: ConformanceSetup, units = 20_000): void {
  const first = instantiate(setup);
  const unitIds = Array.from({ length: units }, (_, i) => `independence-${i}`);
  const firstGroups = unitIds.map((unit) => assignChecked(first, unit, setup.assignContext, new Set(first.groups)));
  const dependence = (second: Segmenter) => {
    const registered = new Set(second.groups);
    const pairs = unitIds.map((unit, i): GroupPair => [firstGroups[i] ?? null, assignChecked(second, unit, setup.assignContext, registered)]);
    return independenceTest(pairs, MIN_GROUP_UNITS);
  };
  const other = { experimentId: `${setup.experimentId}-independence`, salt: `${setup.salt}-independence` };
  const result = dependence(instantiate(setup, setup.options, other));
  if (result.cramersV < MAX_DEPENDENCE) return;
  for (const options of reseededOptions(setup.options, new Set(first.groups))) {
    let reseeded: Segmenter;
    try {
      reseeded = instantiate(setup, options);
    } catch {
      continue;
    }
    if (dependence(reseeded).cramersV < MAX_DEPENDENCE) return;
  }
  const { cramersV, statistic, degreesOfFreedom } = result;
  throw new ConformanceError(
    `the same ${units} units are split alike in experiments ${show(setup.experimentId)} (salt ${show(setup.salt)}) and ${show(other.experimentId)} ` +
      `(salt ${show(other.salt)}): Cramér's V ${cramersV.toFixed(3)} ≥ ${MAX_DEPENDENCE} (chi-square ${statistic.toFixed(1)}, ${degreesOfFreedom} degrees of freedom; ` +
      "independent splits give about 0.01), and no change of a string or number option makes them independent either. The segmenter ignores the experiment's salt, " +
      "so every experiment using it puts the same units in the same groups — hash with ctx.hash(unit), or with ctx.bucket(unit, salt, n) for a salt derived from ctx.salt",
  );
}

/**
 * Copies of `options` with their seed-like values changed: every string other than `keep` (the
 * group ids) at once, every finite number at once, then each distinct value alone (wherever it
 * occurs, so that references between options stay intact), strings before numbers, so that
 * weights, which rarely seed anything, come last.
 */
function* reseededOptions(options: unknown, keep: ReadonlySet<string>): Generator<unknown> {
  const strings = new Set<string>();
  const numbers = new Set<number>();
  const collect = (value: unknown): void => {
    if (typeof value === "string" && !keep.has(value)) strings.add(value);
    else if (typeof value === "number" && Number.isFinite(value)) numbers.add(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (typeof value === "object" && value !== null) Object.values(value).forEach(collect);
  };
  collect(options);
  // Every string at once, every number at once (a change of a weight can make options invalid, so not with the strings), then one value at a time.
  if (strings.size > 0) yield withSeedsChanged(options, strings);
  if (numbers.size > 0) yield withSeedsChanged(options, numbers);
  for (const value of [...strings, ...numbers].slice(0, MAX_RESEEDS - 2)) yield withSeedsChanged(options, new Set([value]));
}

/** A deep copy of `value` in which every string in `seeds` has "-reseeded" appended and every number in it is one more. */
function withSeedsChanged(value: unknown, seeds: ReadonlySet<string | number>): unknown {
  if (typeof value === "string") return seeds.has(value) ? `${value}-reseeded` : value;
  if (typeof value === "number") return seeds.has(value) ? value + 1 : value;
  if (Array.isArray(value)) return value.map((item) => withSeedsChanged(item, seeds));
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withSeedsChanged(item, seeds)]));
  return value;
}

/** How `checkShares` ended: the counts and each test against a set of shares, or why there was nothing to compare. */
export type SharesOutcome =
  | { readonly results: readonly { readonly against: string; readonly result: ChiSquareResult }[]; readonly counts: Readonly<Record<string, number>> }
  | { readonly skipped: string };

/**
 * Every group given to `units` units is registered, and the shares are within the chi-square
 * bound (significance `alpha`) of the segmenter's declared `expectedShares` and of the given ones.
 */
export function checkShares(
  setup: ConformanceSetup,
  { units = 100_000, alpha = 1e-4, expectedShares }: { units?: number; alpha?: number; expectedShares?: Readonly<Record<string, number>> } = {},
): SharesOutcome {
  const segmenter = instantiate(setup);
  const registered = new Set(segmenter.groups);
  const counts = new Map<string | null, number>([...segmenter.groups, null].map((group) => [group, 0]));
  // Every unit is assigned even without shares to compare: each answer must be registered or null.
  for (let i = 0; i < units; i++) {
    const group = assignChecked(segmenter, `unit-${i}`, setup.assignContext, registered);
    counts.set(group, (counts.get(group) ?? 0) + 1);
  }
  const shareSets = [
    { against: "the segmenter's expectedShares", shares: segmenter.expectedShares },
    { against: "the suite's expectedShares", shares: expectedShares },
  ].filter((set): set is { against: string; shares: Readonly<Record<string, number>> } => set.shares !== undefined);
  if (shareSets.length === 0) return { skipped: "the segmenter declares no expectedShares and none were given" };
  const categories = [...counts.keys()];
  const observed = categories.map((group) => counts.get(group) ?? 0);
  const results = shareSets.map(({ against, shares }) => ({ against, result: testShares(categories, observed, shares, { units, alpha, against }) }));
  return { results, counts: Object.fromEntries(categories.map((group, i) => [group === null ? "(null)" : group, observed[i] as number])) };
}

/** The chi-square test of the observed counts against `shares` (the rest expected to be null); throws when p < alpha. */
function testShares(
  categories: readonly (string | null)[],
  observed: readonly number[],
  shares: Readonly<Record<string, number>>,
  { units, alpha, against }: { units: number; alpha: number; against: string },
): ChiSquareResult {
  const declared = categories.map((group) => (group === null ? 0 : (shares[group] ?? 0)));
  const rest = 1 - declared.reduce((a, b) => a + b, 0);
  const expected = categories.map((group, i) => units * (group === null ? (rest > 1e-12 ? rest : 0) : (declared[i] as number)));
  const result = chiSquareTest(observed, expected);
  if (result.pValue < alpha) {
    const table = categories
      .map((group, i) => `  ${group === null ? "(null)" : group}: ${observed[i]} observed, ${(expected[i] as number).toFixed(1)} expected`)
      .join("\n");
    throw new ConformanceError(
      `shares over ${units} units differ from ${against}: chi-square ${result.statistic.toFixed(2)} ` +
        `with ${result.degreesOfFreedom} degrees of freedom, p = ${result.pValue.toExponential(2)} < ${alpha}\n${table}`,
    );
  }
  return result;
}

/** Odd units (empty, 1 KB, emoji, lone surrogates, prototype keys…) get a registered group or null, without throwing. */
export function checkOddUnits(setup: ConformanceSetup): void {
  const segmenter = instantiate(setup);
  const registered = new Set(segmenter.groups);
  for (const unit of oddUnits) {
    const group = assignChecked(segmenter, unit, setup.assignContext, registered);
    const again = assignChecked(segmenter, unit, setup.assignContext, registered);
    if (again !== group) throw new ConformanceError(`assign(${show(unit)}) gave ${show(group)}, then ${show(again)}`);
    if (group !== null && segmenter.convert) {
      try {
        segmenter.convert(unit, group, {});
      } catch (error) {
        throw new ConformanceError(`convert(${show(unit)}, ${show(group)}) threw (${error instanceof Error ? error.message : String(error)}); convert must not throw`);
      }
    }
  }
}

/** The invalid options are rejected by a SegmenterOptionsError that names the experiment and the path. */
export function checkRejects(setup: ConformanceSetup, invalid: InvalidOptionsCase): void {
  let error: unknown;
  try {
    instantiate(setup, invalid.options);
  } catch (caught) {
    error = caught;
  }
  if (error === undefined) throw new ConformanceError(`accepted the invalid options ${show(invalid.options)}; expected an error naming "${invalid.path}"`);
  const { name, issues, message } = error as { name?: unknown; issues?: unknown; message?: unknown };
  if (name !== "SegmenterOptionsError" || !Array.isArray(issues)) {
    throw new ConformanceError(`rejected ${show(invalid.options)} with ${String(name)} (${String(message)}); expected a SegmenterOptionsError — throw one from create()`);
  }
  const paths = issues.map((issue: { path?: unknown }) => issue.path);
  if (!paths.includes(invalid.path)) {
    throw new ConformanceError(`rejected ${show(invalid.options)} but named ${paths.map((p) => show(p)).join(", ")}, not "${invalid.path}":\n${String(message)}`);
  }
  const experiment = `experiment ${JSON.stringify(setup.experimentId)}`;
  if (typeof message !== "string" || !message.includes(experiment) || (invalid.path !== "" && !message.includes(invalid.path))) {
    throw new ConformanceError(`the error message must name ${experiment} and "${invalid.path}"; got:\n${String(message)}`);
  }
}
