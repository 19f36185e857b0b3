/**
 * `createEngine`: validates and compiles a config, then decides, explains, converts and
 * hot-reloads. `decide` is synchronous and never throws.
 * @module
 */
import { ConfigError, didYouMean, validate } from "@strata/config";
import { builtinSegmenters, MemoryFeedbackStats, type Conversion, type FeedbackStats, type SegmenterFactory } from "@strata/segmenters";
import { keptForRetry, reportsLateWrites, type AssignmentStore, type KeptGroups, type SaveOptions } from "./assignment-store.ts";
import { LateTrials } from "./late-trials.ts";
import { compileConfig } from "./compile.ts";
import { checkEngineOptions } from "./engine-options.ts";
import { conversionClaim, conversionMarker, convertedGroup } from "./conversion-marker.ts";
import type { CompiledConfig, CompiledExperiment } from "./compiled.ts";
import { exposureOf, StrataDecision, type ExposureSink } from "./decision.ts";
import { describeValue, errorMessage } from "./describe-value.ts";
import { evaluateDomain } from "./evaluate.ts";
import { PendingTrials } from "./pending-trials.ts";
import { randomId } from "./random-id.ts";
import { reportTo } from "./report-error.ts";
import { requestState, storeNote, UNSAVED_NOTE, type RequestState } from "./request-state.ts";
import { mergeStoredByUnit, type StoredByUnit } from "./stored-by-unit.ts";
import { UncreditedClaims } from "./uncredited-claims.ts";
import { UnitFlights, unitKeysOf } from "./unit-flights.ts";
import type { Assignment, ConvertResult, DecideRequest, DecideWithStoreObserver, Decision, EngineOptions, Explanation, NewAssignment, StoredAssignments, Units, UpdateResult } from "./types.ts";

/** Why `convert` refused to credit a sticky experiment's group drawn afresh (the engine has an assignment store). */
function fresh(experimentId: string, storedGiven: boolean): string {
  const id = JSON.stringify(experimentId);
  return storedGiven
    ? `the stored assignments hold no group of ${id} for this unit (it was not decided with the store, or the save failed), so its group would be drawn afresh and may not be the one it was shown; the conversion was not counted — pass { group } with the group the unit was shown`
    : `${id} is sticky and this engine has an assignment store, but convert was given no stored assignments, so the unit's group would be drawn afresh and may not be the one it was shown; the conversion was not counted — use await engine.convertWithStore(units, ${id}, conversion), or pass { stored } or { group }`;
}

/** Why `convertWithStore` refused a repeat. */
function counted(experimentId: string): string {
  return `this unit's conversion for "${experimentId}" was counted already: a sticky experiment counts one per unit and group (one trial, at most one success)`;
}

/** A conversion ready to count: the experiment, the unit credited and its group. */
interface ConversionTarget {
  readonly experiment: CompiledExperiment;
  readonly unit: string;
  readonly group: string;
}

/** How many times `decideWithStore` saves and decides again while the store keeps other groups than those drawn. */
const SAVE_ROUNDS = 3;

/** A store-backed decision, and the store's load error if it could not be read (passed to the requests of the same units waiting behind it). */
interface StoreDecision {
  readonly decision: Decision;
  readonly loadError: string | undefined;
}

function decisionOf(done: StoreDecision): Decision {
  return done.decision;
}

/** One decision before it is reported: its state (null when it failed), and whether and when its eager exposures are due. */
interface Evaluation {
  readonly decision: StrataDecision;
  readonly state: RequestState | null;
  readonly reportNow: boolean;
  readonly at: number;
}

/** True when a save's answer reports the groups the store kept (a store may answer nothing). */
function reportsKept(answer: KeptGroups | void): answer is KeptGroups {
  return answer !== undefined && answer !== null && typeof answer === "object";
}

/** The experiments of `toPersist` the store did not write, with the group it keeps; null when it wrote them all (or does not say). */
function notWrittenOf(toPersist: readonly NewAssignment[], kept: KeptGroups | void): Record<string, string> | null {
  if (!reportsKept(kept)) return null;
  let notWritten: Record<string, string> | null = null;
  for (const a of toPersist) {
    const group = Object.hasOwn(kept, a.experiment) ? kept[a.experiment] : undefined;
    if (typeof group === "string") (notWritten ??= {})[a.experiment] = group;
  }
  return notWritten;
}

/** The indexes of a decision's trials whose assignments it persists (new sticky draws), with those assignments. */
function persistedTrials({ state }: Evaluation): Array<[index: number, assignment: Assignment]> {
  const persisted: Array<[number, Assignment]> = [];
  if (state === null) return persisted;
  for (const i of state.trials ?? []) {
    const a = state.assignments[i] as Assignment;
    if (state.toPersist?.some((p) => p.experiment === a.experiment) === true) persisted.push([i, a]);
  }
  return persisted;
}

/** The indexes of a decision's trials whose assignments the store wrote (those it kept another group for are left out). */
function writtenTrials(evaluation: Evaluation, notWritten: Readonly<Record<string, string>>): ReadonlySet<number> {
  const written = new Set<number>();
  for (const [i, a] of persistedTrials(evaluation)) if (!Object.hasOwn(notWritten, a.experiment)) written.add(i);
  return written;
}

/** Notes on the experiments `forced` names that the config does not have (a typo in a QA link, an experiment removed since); none when its keys cannot be read. */
function unknownForced(forced: Readonly<Record<string, unknown>>, compiled: CompiledConfig): string[] {
  const notes: string[] = [];
  try {
    for (const id of Object.keys(forced)) {
      if (!compiled.experiments.has(id)) notes.push(`forced experiment ${JSON.stringify(id)} is not in the config, so it was ignored${didYouMean(id, compiled.experiments.keys())}`);
    }
  } catch {
    // A forced object whose keys cannot be read forces nothing here either.
  }
  return notes;
}

/** Why `convert` refused units that are not an object. */
const NOT_UNITS = 'units must be an object of unit ids such as { userId: "user-42" }; the conversion was not counted';

/** A compiled config serving decisions; swap it with `update`. */
export class Engine {
  private compiled: CompiledConfig;
  private readonly segmenters: ReadonlyMap<string, SegmenterFactory>;
  private readonly options: EngineOptions;
  private readonly sink: ExposureSink;
  private readonly clock: () => number;
  private readonly newRandomId: () => string;
  /** The bandit statistics store (memory unless one was given). */
  readonly feedback: FeedbackStats;
  /** The assignment store, if one was given. */
  readonly assignments: AssignmentStore | undefined;
  /** Store-backed decisions in flight, by store: what a request on one store left (its load error) says nothing of another. */
  private readonly flightsByStore = new WeakMap<object, UnitFlights<StoreDecision>>();
  private readonly uncredited = new UncreditedClaims();
  private readonly pendingTrials = new PendingTrials();

  /** Validates and compiles `config`; throws ConfigError listing every problem, and a TypeError naming a wrong or unknown option. */
  constructor(config: unknown, options?: EngineOptions) {
    options = checkEngineOptions(options);
    this.options = options;
    const factories = new Map<string, SegmenterFactory>();
    for (const factory of [...(builtinSegmenters as readonly SegmenterFactory[]), ...(options.segmenters ?? [])]) factories.set(factory.type, factory);
    this.segmenters = factories;
    this.feedback = options.stores?.feedback ?? new MemoryFeedbackStats();
    this.assignments = options.stores?.assignments;
    this.clock = options.now ?? Date.now;
    const random = options.random;
    this.newRandomId = random
      ? () => {
          const value: unknown = random();
          // A value outside [0, 1) would give every unit the same id (NaN gives "NaN"): refused, so `random` diversions are skipped and the decision says why.
          if (typeof value !== "number" || !(value >= 0 && value < 1)) throw new TypeError(`it returned ${describeValue(value)}, not a number in [0, 1)`);
          return Math.floor(value * 2 ** 53).toString(16);
        }
      : randomId;
    const onExposure = options.onExposure;
    this.sink = onExposure
      ? (event) => {
          try {
            onExposure(event);
          } catch (error) {
            this.reportError(error, `onExposure threw for experiment ${event.experiment}`);
          }
        }
      : undefined;
    const result = this.compile(config);
    if (!result.ok) throw new ConfigError(result.problems);
    this.compiled = result.compiled;
  }

  /** How this engine reports exposures: its `exposure` mode, and whether it has an `onExposure` sink at all. */
  get exposureReporting(): { readonly mode: "lazy" | "eager"; readonly sink: boolean } {
    return { mode: this.options.exposure === "eager" ? "eager" : "lazy", sink: this.sink !== undefined };
  }

  private compile(config: unknown): { ok: true; compiled: CompiledConfig } | { ok: false; problems: ConfigError["problems"] } {
    const checked = validate(config, { segmenters: [...this.segmenters.values()] });
    if (!checked.ok || checked.config === undefined) return { ok: false, problems: checked.errors };
    // The validated snapshot, not `config`: later edits of the caller's object must not reach the serving engine.
    const compiled = compileConfig(checked.config, { segmenters: this.segmenters, feedback: this.feedback });
    return { ok: true, compiled };
  }

  private reportError(error: unknown, context: string): void {
    // An error sink that throws or rejects is ignored: nothing may fail a decision.
    reportTo(this.options.onError, error, context);
  }

  /** Decides every layer for the request; never throws (odd input gives defaults and `errors`). */
  decide(request: DecideRequest): Decision {
    return this.evaluate(request, false);
  }

  private evaluate(request: DecideRequest, dryRun: boolean): Decision {
    const evaluation = this.run(request, dryRun);
    if (!dryRun) this.settle(evaluation);
    return evaluation.decision;
  }

  /** Decides without reporting anything yet: `settle` reports the eager exposures and counts the trials once the decision stands. */
  private run(request: DecideRequest, dryRun: boolean): Evaluation {
    const compiled = this.compiled;
    try {
      const state = requestState(compiled, request, this.clock, this.newRandomId, false, dryRun);
      const time = state.assign;
      evaluateDomain(compiled, compiled.root, state);
      // Eager: every assignment is reported when it stands, so the decision's reads report nothing more (once per decision).
      const eager = this.options.exposure === "eager";
      const reportNow = eager && this.sink !== undefined && !dryRun && state.assignments.length > 0;
      // Read the time for those events first, so that a failing clock is among this decision's errors.
      const at = reportNow ? time.now : Number.NaN;
      if (time.clockProblem !== null) (state.errors ??= []).push(time.clockProblem);
      if (state.errors) this.reportError(new Error(state.errors.join("; ")), "decide");
      // The store's failure was reported where it happened; the decision only carries the note.
      if (typeof request?.storeError === "string") (state.errors ??= []).push(storeNote(request.storeError));
      const decision = new StrataDecision(compiled, state.assignments, state.toPersist, state.errors, eager ? undefined : this.sink, time, state.sources);
      return { decision, state, reportNow, at };
    } catch (error) {
      this.reportError(error, "decide");
      const message = `decision failed, defaults served: ${errorMessage(error)}`;
      // No clock read here: the clock may be what failed. With no assignment, no exposure needs a time.
      return { decision: new StrataDecision(compiled, [], null, [message], this.sink, { now: Number.NaN }), state: null, reportNow: false, at: Number.NaN };
    }
  }

  /** Reports a standing decision's eager exposures and counts the trials its segmenters leave to the engine (all, or those at `only`). */
  private settle({ state, reportNow, at }: Evaluation, only?: ReadonlySet<number>): void {
    if (state === null) return;
    if (reportNow) for (const a of state.assignments) this.sink?.(exposureOf(a, at));
    const trials = state.trials;
    if (trials === null) return;
    for (const i of trials) {
      if (only !== undefined && !only.has(i)) continue;
      const { unit, group } = state.assignments[i] as Assignment;
      this.countTrial(state.sources[i] as CompiledExperiment, unit, group);
    }
  }

  /** The decision plus, for every layer reached, the bucket per diversion, the slot and why the unit is in or out. */
  explain(request: DecideRequest): Explanation {
    const compiled = this.compiled;
    try {
      const state = requestState(compiled, request, this.clock, this.newRandomId, true);
      evaluateDomain(compiled, compiled.root, state);
      // The same errors as `decide` gives the same request: with eager exposures, decide reads the clock to time them.
      if (this.options.exposure === "eager" && this.sink !== undefined && state.assignments.length > 0) void state.assign.now;
      if (state.assign.clockProblem !== null) (state.errors ??= []).push(state.assign.clockProblem);
      if (typeof request?.storeError === "string") (state.errors ??= []).push(storeNote(request.storeError));
      if (state.hasForced) state.notes?.push(...unknownForced(state.forced, compiled));
      const decision = new StrataDecision(compiled, state.assignments, state.toPersist, state.errors, undefined, state.assign);
      return {
        decision: { params: decision.params, assignments: decision.assignments, toPersist: decision.toPersist, errors: decision.errors },
        layers: state.trace ?? [],
        notes: state.notes ?? [],
      };
    } catch (error) {
      // The message decide gives the same request.
      const message = `decision failed, defaults served: ${errorMessage(error)}`;
      const decision = new StrataDecision(compiled, [], null, [message], undefined, { now: Number.NaN });
      return { decision: { params: decision.params, assignments: [], toPersist: [], errors: [message] }, layers: [], notes: [message] };
    }
  }

  /**
   * Loads stored assignments, decides, and saves new sticky ones: one read and at most one write.
   * Within this engine, a request whose units have a decision with the same store in flight waits
   * for it, so two first requests of a unit at once get the same group and count one trial.
   * `observer.onLoad` hears what the decision took from the store's load.
   */
  decideWithStore(request: DecideRequest, store: AssignmentStore | undefined = this.assignments, observer?: DecideWithStoreObserver): Promise<Decision> {
    if (!store) return Promise.resolve(this.decide(request));
    return this.flightsOf(store)
      .run(unitKeysOf(request?.units), (aheadFailed) => this.loadDecideSave(request, store, aheadFailed, observer))
      .then(decisionOf);
  }

  /** The flights of decisions made with `store` (one shared by stores that are no object, whose loads fail anyway). */
  private flightsOf(store: AssignmentStore): UnitFlights<StoreDecision> {
    const key: object = typeof store === "object" && store !== null ? store : this.flightsByStore;
    let flights = this.flightsByStore.get(key);
    if (flights === undefined) {
      flights = new UnitFlights<StoreDecision>((done) => done.loadError);
      this.flightsByStore.set(key, flights);
    }
    return flights;
  }

  /**
   * One store-backed decision: load, decide, save, and while the store keeps other groups than
   * those drawn (another server saved first), decide again over the kept ones and save what is
   * new, a few rounds at most. `aheadFailed` is the load error of the request of these units
   * just ahead of this one: then this one does not load again (the store failed moments ago).
   */
  private async loadDecideSave(request: DecideRequest, store: AssignmentStore, aheadFailed: string | undefined, observer: DecideWithStoreObserver | undefined): Promise<StoreDecision> {
    let stored = request?.stored;
    let storeError = aheadFailed;
    const units: unknown = request?.units;
    // Without units there is nothing to load: the decision reports the request's units as wrong.
    if (storeError === undefined && units !== null && typeof units === "object") {
      try {
        const snapshot = await this.loadStored(store, units as Units);
        this.tellLoaded(observer, snapshot);
        stored = { ...snapshot, ...stored };
      } catch (error) {
        storeError = errorMessage(error);
        this.reportError(error, "assignment store load");
      }
    }
    let evaluation = this.run(storeError === undefined ? { ...request, stored } : { ...request, storeError }, false);
    if (storeError !== undefined) {
      // The store failed this request once already: a save is not awaited, so the decision waits on it once.
      this.settle(evaluation);
      if (evaluation.decision.toPersist.length > 0) this.saveLater(store, evaluation.decision.toPersist);
      return { decision: evaluation.decision, loadError: storeError };
    }
    const holds: Record<string, string> = { ...stored };
    for (let round = 1; ; round++) {
      const toPersist = evaluation.decision.toPersist;
      if (toPersist.length === 0) break;
      // Earlier draws of this engine whose save failed wait for their group; while this write is out,
      // no other request counts them. What this save writes stands and its trial is counted with it,
      // so those draws stop waiting there. Where the store keeps a group, or the save fails, they
      // wait on: the kept group may be such a draw landing after all (a Redis store retries failed saves).
      const waiting = this.pendingTrials.size > 0 ? this.pendingTrials.takeFor(toPersist) : null;
      let kept: KeptGroups | void;
      const late = this.lateTrialsOf(evaluation);
      try {
        kept = await (late === null ? store.save(toPersist) : store.save(toPersist, late.options));
      } catch (error) {
        if (waiting !== null) this.pendingTrials.putBack(waiting);
        this.reportError(error, "assignment store save");
        // A store that reports late writes counts the draws through `late`; else this engine watches for those not counted yet.
        const unreported = late === null || reportsLateWrites(error) ? [] : late.unreported();
        return { decision: this.unsaved(request, holds, unreported, errorMessage(error)), loadError: undefined };
      }
      const notWritten = notWrittenOf(toPersist, kept);
      if (waiting !== null && notWritten !== null) this.pendingTrials.putBack(waiting, notWritten);
      if (notWritten === null) break;
      // Another server saved a group for some of these first (and counted their trials): count
      // the trials of what this save wrote, then decide again over the groups the store holds, so
      // the unit sees them now. That decision may draw anew (a kept group retired here, a config
      // updated meanwhile): its new assignments are saved in the next round.
      const last = round === SAVE_ROUNDS;
      this.settle(last ? evaluation : { ...evaluation, reportNow: false }, writtenTrials(evaluation, notWritten));
      if (last) return { decision: evaluation.decision, loadError: undefined };
      for (const a of toPersist) holds[a.experiment] = notWritten[a.experiment] ?? a.group;
      evaluation = this.run({ ...request, stored: holds }, false);
    }
    this.creditPendingTrials(evaluation);
    this.settle(evaluation);
    return { decision: evaluation.decision, loadError: undefined };
  }

  /** Hands the load's snapshot to the caller's observer; an observer that throws is reported, never fails the decision. */
  private tellLoaded(observer: DecideWithStoreObserver | undefined, snapshot: StoredAssignments): void {
    const onLoad = observer?.onLoad;
    if (typeof onLoad !== "function") return;
    try {
      onLoad(snapshot);
    } catch (error) {
      this.reportError(error, "decideWithStore onLoad");
    }
  }

  /**
   * After a save that failed, the store may or may not hold the groups drawn (a write can land after
   * its deadline, another server's can land first), so showing a bandit's draw could show a group
   * that does not stand: the decision is made again as while the store cannot be read (a sticky
   * bandit leaves the unit out; experiments that hash decide by the hash). The trials of draws the
   * store does not report (`unreported`) wait until a later request finds their group stored.
   */
  private unsaved(request: DecideRequest, holds: Readonly<Record<string, string>>, unreported: readonly Assignment[], reason: string): Decision {
    for (const a of unreported) this.pendingTrials.add(a.unitType, a.unit, a.experiment, a.group);
    const problem = `${UNSAVED_NOTE}${reason}; a bandit's draw is shown once the store holds it`;
    const again = this.run({ ...request, stored: holds, storeError: problem }, false);
    this.settle(again);
    return again.decision;
  }

  /** The trials of a decision's new bandit draws, to be counted if the store reports them written late; null without such draws. */
  private lateTrialsOf(evaluation: Evaluation): LateTrials | null {
    const { state } = evaluation;
    const persisted = persistedTrials(evaluation);
    if (state === null || persisted.length === 0) return null;
    return new LateTrials(
      persisted.map(([i, a]) => [state.sources[i] as CompiledExperiment, a] as const),
      (experiment, unit, group) => this.countTrial(experiment, unit, group),
    );
  }

  /** Counts one trial with the experiment's segmenter; a failure goes to `onError`. */
  private countTrial(experiment: CompiledExperiment, unit: string, group: string): void {
    try {
      experiment.segmenter.trial?.(unit, group);
    } catch (error) {
      this.reportError(error, `trial of ${experiment.id}`);
    }
  }

  /** Counts the pending trials of groups this decision finds stored (this engine's draws whose failed save landed after all); forgets those it finds otherwise. */
  private creditPendingTrials({ state }: Evaluation): void {
    if (this.pendingTrials.size === 0 || state === null) return;
    for (let i = 0; i < state.assignments.length; i++) {
      const a = state.assignments[i] as Assignment;
      const pending = this.pendingTrials.take(a.unitType, a.unit, a.experiment);
      if (pending === undefined || a.source !== "stored" || !pending.includes(a.group)) continue;
      this.countTrial(state.sources[i] as CompiledExperiment, a.unit, a.group);
    }
  }

  /** The unit's stored assignments from `store`: per unit type when the store can (`loadByUnit`), without the groups stored under a unit type their experiment no longer diverts on. */
  private async loadStored(store: AssignmentStore, units: Units): Promise<StoredAssignments> {
    if (typeof store.loadByUnit !== "function") return store.load(units);
    return this.storedOf(await store.loadByUnit(units));
  }

  /**
   * What a decision takes from a per-unit-type load (`AssignmentStore.loadByUnit`): every group
   * (and conversion record) stored under the unit type its experiment diverts on in the current
   * config, merged into one snapshot; a group stored under another unit type (the experiment's
   * diversion was changed since) is left out. Keys of experiments the config does not know are kept.
   */
  storedOf(byUnit: StoredByUnit): StoredAssignments {
    const experiments = this.compiled.experiments;
    return mergeStoredByUnit(byUnit, (id) => experiments.get(id)?.diversionName);
  }

  /** Saves without waiting; a failure goes to `onError`. */
  private saveLater(store: AssignmentStore, assignments: readonly NewAssignment[]): void {
    const failed = (error: unknown) => this.reportError(error, "assignment store save");
    try {
      Promise.resolve(store.save(assignments)).catch(failed);
    } catch (error) {
      failed(error);
    }
  }

  /**
   * Like `convert`, but looks the unit's group up in the assignment store first (one read), so a
   * sticky unit — a `feedback` bandit's, say — is credited to the group it was shown. A sticky
   * experiment counts one conversion per unit (the unit had one trial): the first is recorded in
   * the store (one write) and later ones return `{ ok: false }`. If the store cannot be read,
   * nothing is counted: `{ ok: false }` says why and `onError` hears of it.
   */
  async convertWithStore(units: Units, experimentId: string, conversion: Conversion = {}, store: AssignmentStore | undefined = this.assignments): Promise<ConvertResult> {
    if (units === null || typeof units !== "object") return { ok: false, reason: NOT_UNITS };
    if (!store) return this.convert(units, experimentId, conversion);
    let stored: DecideRequest["stored"];
    try {
      stored = await this.loadStored(store, units);
    } catch (error) {
      this.reportError(error, "assignment store load");
      return { ok: false, reason: `${storeNote(errorMessage(error))}; the conversion for "${experimentId}" was not counted, since its group could not be looked up — retry it` };
    }
    const experiment = this.compiled.experiments.get(experimentId);
    if (experiment?.sticky !== true) return this.convert(units, experimentId, conversion, { stored: stored ?? {} });
    const found = this.conversionTarget(units, experimentId, { stored: stored ?? {} });
    if ("reason" in found) return found;
    // One success per unit and group: claim the unit's conversion record first (the store writes
    // it by compare-and-set), read it back, and count only when this call's claim is the one stored.
    // So two conversions at once, on one server or two, count once.
    const marker = conversionMarker(experimentId);
    const previous = stored?.[marker];
    const unitType = found.experiment.diversionName;
    // This process's uncounted claims, taken now so that a conversion of the unit at the same moment cannot count them too.
    const owns = this.uncredited.take(marker, unitType, found.unit);
    if (typeof previous === "string" && convertedGroup(previous) === found.group) {
      if (!owns.includes(previous)) {
        this.uncredited.add(marker, unitType, found.unit, owns);
        return { ok: false, reason: counted(experimentId) };
      }
      // This process's own claim, which its call reported as failed and which landed after all (a
      // store may retry a failed write): write it again (compare-and-set of the same value) and
      // count it if the store holds it.
      return this.claimConversion(units, found, conversion, store, previous, previous, owns);
    }
    // A claim of this process that is not stored may still land (a store may retry it): claim with
    // that very value, so whichever of the writes lands is recognised as this conversion's.
    const claim = owns.find((own) => convertedGroup(own) === found.group) ?? conversionClaim(found.group);
    return this.claimConversion(units, found, conversion, store, claim, previous, owns);
  }

  /**
   * Writes `claim` as the unit's conversion record (replacing `previous`, a record of a retired
   * group or this process's own uncounted claim) and counts the conversion if the store holds it
   * or one of `owns` (this process's earlier uncounted claims). When the save fails, a store that
   * reports late writes has the conversion counted once it writes the claim; with another store,
   * the claims are kept for a retry of the conversion here.
   */
  private async claimConversion(units: Units, found: ConversionTarget, conversion: Conversion, store: AssignmentStore, claim: string, previous: unknown, owns: readonly string[]): Promise<ConvertResult> {
    const experimentId = found.experiment.id;
    const marker = conversionMarker(experimentId);
    const unitType = found.experiment.diversionName;
    const write: NewAssignment = { experiment: marker, group: claim, unitType, unit: found.unit };
    const ours = (stored: unknown) => stored === claim || (typeof stored === "string" && owns.includes(stored));
    let late = false;
    const options: SaveOptions = {
      onLateWrite: (written) => {
        if (late || !written.some((w) => w.experiment === marker && w.group === claim)) return;
        late = true;
        this.credit(found, conversion);
      },
    };
    try {
      const kept = await store.save([typeof previous === "string" ? { ...write, replaces: previous } : write], options);
      // A store that reports what it kept needs no read-back. It may keep a claim of this process:
      // an earlier try of this conversion that landed meanwhile.
      const written = reportsKept(kept) ? !Object.hasOwn(kept, marker) || ours(kept[marker]) : ours((await this.loadStored(store, units))[marker]);
      if (!written) return { ok: false, reason: counted(experimentId) };
    } catch (error) {
      this.reportError(error, "assignment store save");
      if (reportsLateWrites(error) && keptForRetry(error)) {
        // Counted by `onLateWrite` if the store writes this claim; a retry meanwhile makes no second count.
        this.uncredited.add(marker, unitType, found.unit, owns);
        return { ok: false, reason: `the conversion for "${experimentId}" could not be recorded in the assignment store yet (${errorMessage(error)}); the store writes it again and it is counted once written, so it needs no retry (a retry is refused or counted once)` };
      }
      // The write may still land: a retry of this conversion here then writes the same claim again and counts it.
      this.uncredited.add(marker, unitType, found.unit, [...owns, claim]);
      return { ok: false, reason: `the conversion for "${experimentId}" could not be recorded in the assignment store (${errorMessage(error)}), so it was not counted — retry it` };
    }
    return this.credit(found, conversion);
  }

  /** Validates and compiles a new config, then swaps it in; on failure the old config keeps serving. */
  update(config: unknown): UpdateResult {
    let result: ReturnType<Engine["compile"]>;
    try {
      result = this.compile(config);
    } catch (error) {
      return { ok: false, errors: [{ pointer: "", message: errorMessage(error) }] };
    }
    if (!result.ok) return { ok: false, errors: result.problems };
    this.compiled = result.compiled;
    return { ok: true };
  }

  /**
   * Routes a conversion to the experiment's segmenter (feedback segmenters learn from it), credited
   * to `options.group` if given, otherwise to the group a fresh, uncounted decision gives the unit
   * (with `options.stored` as its stored assignments). That is the group the unit was shown when
   * its assignment is a function of the unit and the config (hash segmenters, forced, allow-list,
   * stored), but not for a bandit, whose draw follows the statistics as they are now. So with an
   * assignment store, a sticky experiment's conversion is never credited to such a fresh draw: it
   * returns `{ ok: false }` and tells `onError` to use `convertWithStore` (or pass `{ group }`).
   */
  convert(units: Units, experimentId: string, conversion: Conversion = {}, options: { group?: string; stored?: DecideRequest["stored"] } = {}): ConvertResult {
    const found = this.conversionTarget(units, experimentId, options);
    return "reason" in found ? found : this.credit(found, conversion);
  }

  /** Where a conversion goes (the experiment, the unit and the group, as `convert` describes), without counting it; or why it cannot be counted. */
  private conversionTarget(units: Units, experimentId: string, options: { group?: string; stored?: DecideRequest["stored"] }): ConversionTarget | { ok: false; reason: string } {
    if (units === null || typeof units !== "object") return { ok: false, reason: NOT_UNITS };
    const experiment = this.compiled.experiments.get(experimentId);
    if (!experiment) return { ok: false, reason: `unknown experiment "${experimentId}"` };
    if (!experiment.segmenter.convert) return { ok: false, reason: `the segmenter of "${experimentId}" does not take conversions` };
    let group = options.group;
    // A dry run: looking the unit's group up must not count a bandit trial.
    const decision = this.evaluate({ units, ...(options.stored ? { stored: options.stored } : {}) }, true);
    const assignment = decision.assignments.find((a) => a.experiment === experimentId);
    if (group === undefined && this.assignments !== undefined && experiment.sticky && assignment?.source === "segmenter") {
      const reason = fresh(experimentId, options.stored !== undefined);
      this.reportError(new Error(reason), `convert ${experimentId}`);
      return { ok: false, reason };
    }
    if (group === undefined) group = assignment?.group;
    const given = Object.hasOwn(units, experiment.diversionName) ? units[experiment.diversionName] : undefined;
    const unit = assignment?.unit ?? (given == null ? undefined : String(given));
    if (group === undefined || unit === undefined) return { ok: false, reason: `the unit is not in experiment "${experimentId}"` };
    if (!experiment.groups.has(group)) return { ok: false, reason: `"${group}" is not a group of "${experimentId}"` };
    return { experiment, unit, group };
  }

  /** Counts the conversion with the experiment's segmenter. */
  private credit({ experiment, unit, group }: ConversionTarget, conversion: Conversion): ConvertResult {
    try {
      (experiment.segmenter.convert as NonNullable<CompiledExperiment["segmenter"]["convert"]>)(unit, group, conversion);
    } catch (error) {
      this.reportError(error, `convert ${experiment.id}`);
      return { ok: false, reason: errorMessage(error) };
    }
    return { ok: true, group };
  }
}

/** Validates and compiles `config` into an engine; throws ConfigError listing every problem, and a TypeError naming a wrong or unknown option. */
export function createEngine(config: unknown, options?: EngineOptions): Engine {
  return new Engine(config, options);
}
