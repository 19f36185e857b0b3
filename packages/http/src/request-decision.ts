/**
 * The decision a request handler sees: the engine's decision whose `get` records exposures
 * into this request's batch, plus the units used and `explain()`. The engine may decide when
 * the handler first reads it (see `RequestDecision`'s constructor), so a request that never
 * reads its decision pays for none.
 * @module
 */
import type { Assignment, DecideRequest, Decision, Engine, Explanation, NewAssignment, Units } from "@strata/engine";
import type { ExposureCollector, ExposureRouter } from "./exposure-collector.ts";
import { NO_OVERRIDE, type OverrideStatus, type OverrideVerifier } from "./overrides.ts";
import type { StrataRequest } from "./request.ts";

/** `explain()` of a request: the engine's explanation plus what the HTTP layer did. */
export interface RequestExplanation extends Explanation {
  /** The unit ids the decision used. */
  readonly units: Units;
  /** What became of the request's QA override token. */
  readonly override: OverrideStatus;
}

/** What all decisions of one core share: the engine, the exposure router and the override verifier. */
export interface DecisionServices {
  /** The engine deciding. */
  readonly engine: Engine;
  /** Routes the engine's exposures to the collector of the decision being read. */
  readonly router: ExposureRouter;
  /** Reads a request's QA override token. */
  readonly overrides: OverrideVerifier;
}

/**
 * What a request handler gets: a Decision plus the units used and `explain()`. Built without
 * a decision, it asks the engine on the first read of `get`, `params`, `assignments`,
 * `toPersist` or `errors`, once.
 */
export class RequestDecision implements Decision {
  /** The unit ids the decision used, e.g. `{ userId: "u-42", cookieId: "3f…" }`. */
  readonly units: Units;
  private inner: Decision | undefined;
  private overrideStatus: OverrideStatus | undefined;
  private readonly services: DecisionServices;
  private readonly collector: ExposureCollector;
  private readonly request: DecideRequest;
  private readonly httpRequest: StrataRequest | undefined;
  private readonly notes: readonly string[];

  /**
   * Wraps `inner`, decided by `services.engine` for `request`; with `inner` undefined,
   * `engine.decide(request)` runs on the first read instead. `override` is what became of the
   * request's QA token; undefined while overrides are off, when the token of `httpRequest` is
   * looked at only if something reads `override` or `explain()`. `notes` are HTTP-level notes for
   * `explain`.
   */
  constructor(
    services: DecisionServices,
    inner: Decision | undefined,
    collector: ExposureCollector,
    request: DecideRequest,
    httpRequest: StrataRequest | undefined,
    override: OverrideStatus | undefined,
    notes: readonly string[],
  ) {
    this.services = services;
    this.inner = inner;
    this.collector = collector;
    this.request = request;
    this.units = request.units;
    this.httpRequest = httpRequest;
    this.overrideStatus = override;
    this.notes = notes;
  }

  /** What became of the request's QA override token (`none` when it carried none). */
  get override(): OverrideStatus {
    return (this.overrideStatus ??= this.httpRequest === undefined ? NO_OVERRIDE : this.services.overrides.ignored(this.httpRequest));
  }

  /** The engine's decision, made now if it was not made yet (`decide` never throws). */
  private decided(): Decision {
    return (this.inner ??= this.services.engine.decide(this.request));
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
    const router = this.services.router;
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
    const explanation = this.services.engine.explain(this.request);
    const override = this.override;
    const notes = override.state === "invalid" || override.state === "disabled" ? [...this.notes, override.reason] : this.notes;
    return { ...explanation, notes: [...notes, ...explanation.notes], units: this.units, override };
  }
}
