/**
 * The decision a request handler sees: the engine's decision whose `get` records exposures
 * into this request's batch, plus the units used and `explain()`. The engine may decide when
 * the handler first reads it (see `RequestDecision`'s constructor), so a request that never
 * reads its decision pays for none.
 * @module
 */
import type { Assignment, DecideRequest, Decision, Engine, Explanation, NewAssignment, Units } from "@strata/engine";
import type { ExposureCollector, ExposureRouter } from "./exposure-collector.ts";
import type { OverrideStatus } from "./overrides.ts";

/** `explain()` of a request: the engine's explanation plus what the HTTP layer did. */
export interface RequestExplanation extends Explanation {
  /** The unit ids the decision used. */
  readonly units: Units;
  /** What became of the request's QA override token. */
  readonly override: OverrideStatus;
}

/**
 * What a request handler gets: a Decision plus the units used and `explain()`. Built without
 * a decision, it asks the engine on the first read of `get`, `params`, `assignments`,
 * `toPersist` or `errors`, once.
 */
export class RequestDecision implements Decision {
  /** The unit ids the decision used, e.g. `{ userId: "u-42", cookieId: "3f…" }`. */
  readonly units: Units;
  /** What became of the request's QA override token (`none` when it carried none). */
  readonly override: OverrideStatus;
  private inner: Decision | undefined;
  private readonly router: ExposureRouter;
  private readonly collector: ExposureCollector;
  private readonly engine: Engine;
  private readonly request: DecideRequest;
  private readonly notes: readonly string[];

  /**
   * Wraps `inner`, decided by `engine` for `request`; with `inner` undefined, `engine.decide(request)`
   * runs on the first read instead. `notes` are HTTP-level notes for `explain`.
   */
  constructor(inner: Decision | undefined, router: ExposureRouter, collector: ExposureCollector, engine: Engine, request: DecideRequest, override: OverrideStatus, notes: readonly string[]) {
    this.inner = inner;
    this.router = router;
    this.collector = collector;
    this.engine = engine;
    this.request = request;
    this.units = request.units;
    this.override = override;
    this.notes = notes;
  }

  /** The engine's decision, made now if it was not made yet (`decide` never throws). */
  private decided(): Decision {
    return (this.inner ??= this.engine.decide(this.request));
  }

  /** Every parameter's value (reading it reports no exposure; use `get`). */
  get params(): Decision["params"] {
    return this.decided().params;
  }

  /** The experiments the request is in, one per layer at most. */
  get assignments(): readonly Assignment[] {
    return this.decided().assignments;
  }

  /** Sticky assignments that were persisted (or failed to be) for this request. */
  get toPersist(): readonly NewAssignment[] {
    return this.decided().toPersist;
  }

  /** Problems met while deciding; the decision fell back to defaults there. */
  get errors(): readonly string[] {
    return this.decided().errors;
  }

  /** A parameter's value; the exposure of the experiment that set it joins this request's batch. */
  get(param: string): ReturnType<Decision["get"]> {
    const inner = this.decided();
    const router = this.router;
    const previous = router.active;
    router.active = this.collector;
    try {
      return inner.get(param);
    } finally {
      router.active = previous;
    }
  }

  /** Why the request is in or out of each experiment, with the override and unit notes of the HTTP layer. */
  explain(): RequestExplanation {
    const explanation = this.engine.explain(this.request);
    return { ...explanation, notes: [...this.notes, ...explanation.notes], units: this.units, override: this.override };
  }
}
