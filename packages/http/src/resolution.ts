/**
 * What the core resolved for one request, for the adapter to apply to its response: the
 * decision, the headers to add, and the hooks that deliver the request's exposures once.
 * @module
 */
import type { ExposureCollector, FlushExposures, PendingCallback } from "./exposure-collector.ts";
import type { RequestDecision } from "./request-decision.ts";

/** What the core resolved for one request; the adapter applies it to its response. */
export interface StrataResolution {
  /** The decision for the handler. */
  readonly decision: RequestDecision;
  /** A `Set-Cookie` value to add to the response (new or replaced unit cookie), or undefined. */
  readonly setCookie: string | undefined;
  /** The `Strata-Assignments` header value when `debugHeader` is on, else undefined. */
  readonly debugHeader: string | undefined;
  /** Delivers the request's exposures to `onExposure`, once; call it when the response is done. Bound, so it can be passed as a listener. Returns `onExposure`'s promise, if it returned one (never rejecting), for a runtime to keep alive. */
  readonly flush: FlushExposures;
  /**
   * Calls `callback(target, flush)` once, as soon as the request has an exposure waiting for
   * `flush` (at once when one already waits; never when none comes). Adapters use it to watch
   * for the end of the response only when there is something to deliver; passing the response
   * as `target` spares a closure per request.
   */
  whenPending<T>(callback: PendingCallback<T>, target?: T): void;
}

/** A `StrataResolution` over the request's exposure collector. */
export class CollectedResolution implements StrataResolution {
  /** The decision for the handler. */
  readonly decision: RequestDecision;
  /** A `Set-Cookie` value to add, or undefined. */
  readonly setCookie: string | undefined;
  /** The `Strata-Assignments` header value, or undefined. */
  readonly debugHeader: string | undefined;
  private readonly collector: ExposureCollector;

  /** The resolution of a request whose exposures `collector` gathers. */
  constructor(decision: RequestDecision, setCookie: string | undefined, debugHeader: string | undefined, collector: ExposureCollector) {
    this.decision = decision;
    this.setCookie = setCookie;
    this.debugHeader = debugHeader;
    this.collector = collector;
  }

  /** Delivers the collected exposures once (bound, made on first access). */
  get flush(): FlushExposures {
    return this.collector.flush;
  }

  /** Calls `callback(target, flush)` once the request has an exposure waiting for `flush`. */
  whenPending<T>(callback: PendingCallback<T>, target?: T): void {
    this.collector.whenPending(callback, target);
  }
}
