/**
 * The conformance checks behind `testSegmenter`, as plain functions that throw a
 * ConformanceError with a readable message (so any test runner can use them).
 * @module
 */
// The testing entry uses only the package's public API (and shares its classes once built).
import {
  createSegmenter,
  createSegmenterContext,
  type ArmCounts,
  type AssignContext,
  type FeedbackStats,
  type Segmenter,
  type SegmenterFactory,
  type SegmenterStores,
} from "@strata/segmenters";
import { chiSquareTest, type ChiSquareResult } from "./chi-square.ts";
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

/** A fresh segmenter from the setup (a new context and new stores). */
export function instantiate(setup: ConformanceSetup, options: unknown = setup.options): Segmenter {
  const ctx = createSegmenterContext({ experimentId: setup.experimentId, salt: setup.salt, stores: setup.stores() });
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

/** A segmenter with the `groupAt` fast path gives, for every unit, the group of its experiment-hash bucket. */
export function checkGroupAt(setup: ConformanceSetup, units = 2_000): void {
  const segmenter = instantiate(setup);
  const groupAt = segmenter.groupAt;
  if (groupAt === undefined) return;
  if (typeof groupAt !== "function") throw new ConformanceError("groupAt must be a function (bucket) => group | null, or left out");
  const { hash } = createSegmenterContext({ experimentId: setup.experimentId, salt: setup.salt });
  for (let i = 0; i < units; i++) {
    const unit = `group-at-${i}`;
    const viaAssign = segmenter.assign(unit, setup.assignContext);
    const viaBucket = groupAt(hash(unit));
    if (viaAssign !== viaBucket) {
      throw new ConformanceError(`assign(${show(unit)}) gave ${show(viaAssign)} but groupAt(hash(unit)) gave ${show(viaBucket)}; they must agree, or leave groupAt out`);
    }
  }
}

/** How `checkShares` ended: the test result, or why there was nothing to compare. */
export type SharesOutcome = { readonly result: ChiSquareResult; readonly counts: Readonly<Record<string, number>> } | { readonly skipped: string };

/** Every group given to `units` units is registered, and the shares are within the chi-square bound (significance `alpha`) of the expected ones. */
export function checkShares(
  setup: ConformanceSetup,
  { units = 100_000, alpha = 1e-4, expectedShares }: { units?: number; alpha?: number; expectedShares?: Readonly<Record<string, number>> } = {},
): SharesOutcome {
  const segmenter = instantiate(setup);
  const shares = expectedShares ?? segmenter.expectedShares;
  const registered = new Set(segmenter.groups);
  const counts = new Map<string | null, number>([...segmenter.groups, null].map((group) => [group, 0]));
  // Every unit is assigned even without shares to compare: each answer must be registered or null.
  for (let i = 0; i < units; i++) {
    const group = assignChecked(segmenter, `unit-${i}`, setup.assignContext, registered);
    counts.set(group, (counts.get(group) ?? 0) + 1);
  }
  if (shares === undefined) return { skipped: "the segmenter declares no expectedShares and none were given" };
  const categories = [...counts.keys()];
  const declared = categories.map((group) => (group === null ? 0 : (shares[group] ?? 0)));
  const rest = 1 - declared.reduce((a, b) => a + b, 0);
  const expected = categories.map((group, i) => units * (group === null ? (rest > 1e-12 ? rest : 0) : (declared[i] as number)));
  const observed = categories.map((group) => counts.get(group) ?? 0);
  const result = chiSquareTest(observed, expected);
  if (result.pValue < alpha) {
    const table = categories
      .map((group, i) => `  ${group === null ? "(null)" : group}: ${observed[i]} observed, ${(expected[i] as number).toFixed(1)} expected`)
      .join("\n");
    throw new ConformanceError(
      `shares over ${units} units differ from the expected shares: chi-square ${result.statistic.toFixed(2)} ` +
        `with ${result.degreesOfFreedom} degrees of freedom, p = ${result.pValue.toExponential(2)} < ${alpha}\n${table}`,
    );
  }
  return { result, counts: Object.fromEntries(categories.map((group, i) => [group === null ? "(null)" : group, observed[i] as number])) };
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
