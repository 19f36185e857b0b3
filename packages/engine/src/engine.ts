/**
 * `createEngine`: validates and compiles a config, then decides, explains, converts and
 * hot-reloads. `decide` is synchronous and never throws.
 * @module
 */
import { ConfigError, validate, type StrataConfig } from "@strata/config";
import { builtinSegmenters, MemoryFeedbackStats, type Conversion, type FeedbackStats, type SegmenterFactory } from "@strata/segmenters";
import type { AssignmentStore } from "./assignment-store.ts";
import { compileConfig } from "./compile.ts";
import type { CompiledConfig } from "./compiled.ts";
import { exposureOf, StrataDecision, type ExposureSink } from "./decision.ts";
import { evaluateDomain } from "./evaluate.ts";
import { randomId } from "./random-id.ts";
import { requestState } from "./request-state.ts";
import type { ConvertResult, DecideRequest, Decision, EngineOptions, Explanation, Units, UpdateResult } from "./types.ts";

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

  /** Validates and compiles `config`; throws ConfigError listing every problem. */
  constructor(config: unknown, options: EngineOptions = {}) {
    this.options = options;
    const factories = new Map<string, SegmenterFactory>();
    for (const factory of [...(builtinSegmenters as readonly SegmenterFactory[]), ...(options.segmenters ?? [])]) factories.set(factory.type, factory);
    this.segmenters = factories;
    this.feedback = options.stores?.feedback ?? new MemoryFeedbackStats();
    this.assignments = options.stores?.assignments;
    this.clock = options.now ?? Date.now;
    const random = options.random;
    this.newRandomId = random ? () => Math.floor(random() * 2 ** 53).toString(16) : randomId;
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

  private compile(config: unknown): { ok: true; compiled: CompiledConfig } | { ok: false; problems: ConfigError["problems"] } {
    const checked = validate(config, { segmenters: [...this.segmenters.values()] });
    if (!checked.ok) return { ok: false, problems: checked.errors };
    const compiled = compileConfig(config as StrataConfig, { segmenters: this.segmenters, feedback: this.feedback });
    return { ok: true, compiled };
  }

  private reportError(error: unknown, context: string): void {
    try {
      this.options.onError?.(error, context);
    } catch {
      // An error sink that throws is ignored: nothing may fail a decision.
    }
  }

  /** Decides every layer for the request; never throws (odd input gives defaults and `errors`). */
  decide(request: DecideRequest): Decision {
    return this.evaluate(request, false);
  }

  private evaluate(request: DecideRequest, dryRun: boolean): Decision {
    const compiled = this.compiled;
    try {
      const state = requestState(compiled, request, this.clock, this.newRandomId, false, dryRun);
      const time = state.assign;
      evaluateDomain(compiled, compiled.root, state);
      if (state.errors) this.reportError(new Error(state.errors.join("; ")), "decide");
      // The store's failure was reported where it happened; the decision only carries the note.
      if (typeof request?.storeError === "string") (state.errors ??= []).push(`stored assignments not loaded: ${request.storeError}`);
      const decision = new StrataDecision(compiled, state.assignments, state.toPersist, state.errors, this.sink, time, state.sources);
      if (this.options.exposure === "eager" && this.sink && !dryRun) for (const a of state.assignments) this.sink(exposureOf(a, time.now));
      return decision;
    } catch (error) {
      this.reportError(error, "decide");
      const message = `decision failed, defaults served: ${error instanceof Error ? error.message : String(error)}`;
      return new StrataDecision(compiled, [], null, [message], this.sink, { now: this.clock() });
    }
  }

  /** The decision plus, for every layer reached, the bucket per diversion, the slot and why the unit is in or out. */
  explain(request: DecideRequest): Explanation {
    const compiled = this.compiled;
    try {
      const state = requestState(compiled, request, this.clock, this.newRandomId, true);
      evaluateDomain(compiled, compiled.root, state);
      const decision = new StrataDecision(compiled, state.assignments, state.toPersist, state.errors, undefined, state.assign);
      return {
        decision: { params: decision.params, assignments: decision.assignments, toPersist: decision.toPersist, errors: decision.errors },
        layers: state.trace ?? [],
        notes: state.notes ?? [],
      };
    } catch (error) {
      const message = `explanation failed: ${error instanceof Error ? error.message : String(error)}`;
      const decision = new StrataDecision(compiled, [], null, [message], undefined, { now: Number.NaN });
      return { decision: { params: decision.params, assignments: [], toPersist: [], errors: [message] }, layers: [], notes: [message] };
    }
  }

  /** Loads stored assignments, decides, and saves new sticky ones: one read and at most one write. */
  async decideWithStore(request: DecideRequest, store: AssignmentStore | undefined = this.assignments): Promise<Decision> {
    if (!store) return this.decide(request);
    let stored = request.stored;
    let storeError: string | undefined;
    try {
      stored = { ...(await store.load(request.units)), ...request.stored };
    } catch (error) {
      storeError = error instanceof Error ? error.message : String(error);
      this.reportError(error, "assignment store load");
    }
    const decision = this.decide(storeError === undefined ? { ...request, stored } : { ...request, storeError });
    if (decision.toPersist.length > 0) {
      try {
        await store.save(decision.toPersist);
      } catch (error) {
        this.reportError(error, "assignment store save");
      }
    }
    return decision;
  }

  /** Like `convert`, but looks the unit's group up in the assignment store first, so a sticky unit is credited to the group it has. */
  async convertWithStore(units: Units, experimentId: string, conversion: Conversion = {}, store: AssignmentStore | undefined = this.assignments): Promise<ConvertResult> {
    let stored: DecideRequest["stored"];
    try {
      stored = store ? await store.load(units) : undefined;
    } catch (error) {
      this.reportError(error, "assignment store load");
    }
    return this.convert(units, experimentId, conversion, stored ? { stored } : {});
  }

  /** Validates and compiles a new config, then swaps it in; on failure the old config keeps serving. */
  update(config: unknown): UpdateResult {
    let result: ReturnType<Engine["compile"]>;
    try {
      result = this.compile(config);
    } catch (error) {
      return { ok: false, errors: [{ pointer: "", message: error instanceof Error ? error.message : String(error) }] };
    }
    if (!result.ok) return { ok: false, errors: result.problems };
    this.compiled = result.compiled;
    return { ok: true };
  }

  /** Routes a conversion to the experiment's segmenter (feedback segmenters learn from it). */
  convert(units: Units, experimentId: string, conversion: Conversion = {}, options: { group?: string; stored?: DecideRequest["stored"] } = {}): ConvertResult {
    const experiment = this.compiled.experiments.get(experimentId);
    if (!experiment) return { ok: false, reason: `unknown experiment "${experimentId}"` };
    if (!experiment.segmenter.convert) return { ok: false, reason: `the segmenter of "${experimentId}" does not take conversions` };
    let group = options.group;
    let unit: string | undefined;
    // A dry run: looking the unit's group up must not count a bandit trial.
    const decision = this.evaluate({ units, ...(options.stored ? { stored: options.stored } : {}) }, true);
    const assignment = decision.assignments.find((a) => a.experiment === experimentId);
    if (group === undefined) group = assignment?.group;
    unit = assignment?.unit ?? (units[experiment.diversionName] == null ? undefined : String(units[experiment.diversionName]));
    if (group === undefined || unit === undefined) return { ok: false, reason: `the unit is not in experiment "${experimentId}"` };
    if (!experiment.groups.has(group)) return { ok: false, reason: `"${group}" is not a group of "${experimentId}"` };
    try {
      experiment.segmenter.convert(unit, group, conversion);
    } catch (error) {
      this.reportError(error, `convert ${experimentId}`);
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
    return { ok: true, group };
  }
}

/** Validates and compiles `config` into an engine; throws ConfigError listing every problem. */
export function createEngine(config: unknown, options?: EngineOptions): Engine {
  return new Engine(config, options);
}
