/**
 * Per-request exposure batching. The engine reports an exposure synchronously inside
 * `decision.get`; the router hands it to the collector of the request whose decision is being
 * read, and the collector delivers the request's batch once, when the response is done.
 * @module
 */
import type { ExposureEvent } from "@strata/engine";

/** Receives the exposures of one request, once, when its response is done. May be async; failures never fail the request. */
export type ExposureSink = (events: readonly ExposureEvent[]) => void | Promise<void>;

/** Delivers a request's batch once; returns the promise `onExposure` returned, if it returned one (it never rejects: a failure goes to `onError`), for a runtime to keep alive (a Worker's `ctx.waitUntil`). */
export type FlushExposures = () => PromiseLike<unknown> | undefined;

/** What `whenPending` calls: with the target it was given and the collector's bound `flush`. */
export type PendingCallback<T> = (target: T, flush: FlushExposures) => void;

/** Collects one request's exposures until `flush`, then delivers late ones at once. */
export class ExposureCollector {
  private events: ExposureEvent[] | null = null;
  private flushed = false;
  private readonly deliver: (events: readonly ExposureEvent[]) => PromiseLike<unknown> | undefined;
  private readonly skip: ReadonlySet<string> | undefined;
  private pendingCallback: PendingCallback<never> | undefined;
  private pendingTarget: unknown;
  private boundFlush: FlushExposures | undefined;

  /** `deliver` gets each batch; exposures of experiments in `skip` (QA-forced ones) are dropped. */
  constructor(deliver: (events: readonly ExposureEvent[]) => PromiseLike<unknown> | undefined, skip?: ReadonlySet<string>) {
    this.deliver = deliver;
    this.skip = skip;
  }

  /** Adds an exposure; after `flush` it is delivered on its own straight away. */
  add(event: ExposureEvent): void {
    if (this.skip?.has(event.experiment)) return;
    if (this.flushed) this.deliver([event]);
    else if (this.events !== null) this.events.push(event);
    else {
      this.events = [event];
      const callback = this.pendingCallback;
      const target = this.pendingTarget;
      this.pendingCallback = undefined;
      this.pendingTarget = undefined;
      if (callback !== undefined) this.notify(callback, target as never);
    }
  }

  /**
   * Calls `callback(target, flush)` once, when the first exposure starts waiting for `flush` (at
   * once when one already waits; never when none comes or after `flush`). If it throws, the
   * batch is flushed at once rather than left waiting. Passing what the callback needs as
   * `target` spares a closure per request.
   */
  whenPending<T>(callback: PendingCallback<T>, target?: T): void {
    if (this.flushed) return;
    if (this.events !== null) this.notify(callback, target as T);
    else {
      this.pendingCallback = callback as PendingCallback<never>;
      this.pendingTarget = target;
    }
  }

  private notify<T>(callback: PendingCallback<T>, target: T): void {
    try {
      callback(target, this.flush);
    } catch {
      this.deliverOnce();
    }
  }

  /**
   * Delivers the batch collected so far, once (later calls do nothing), and returns what
   * `FlushExposures` says. Bound, so it can be passed around as it is (the bound function is made
   * on first access: most requests never need one).
   */
  get flush(): FlushExposures {
    return (this.boundFlush ??= () => this.deliverOnce());
  }

  private deliverOnce(): PromiseLike<unknown> | undefined {
    if (this.flushed) return undefined;
    this.flushed = true;
    this.pendingCallback = undefined;
    this.pendingTarget = undefined;
    const events = this.events;
    this.events = null;
    return events === null ? undefined : this.deliver(events);
  }

  /** How many exposures wait for `flush`. */
  get pending(): number {
    return this.events?.length ?? 0;
  }
}

/** Routes the engine's synchronous exposure callback to the collector of the decision being read. */
export class ExposureRouter {
  /** The collector of the `get` call in progress, if any. */
  active: ExposureCollector | null = null;
  private readonly stray: ((event: ExposureEvent) => void) | undefined;

  /** `stray` receives exposures reported outside any request's `get` (e.g. a direct `engine.decide`). */
  constructor(stray?: (event: ExposureEvent) => void) {
    this.stray = stray;
  }

  /** The engine's `onExposure`. */
  readonly onExposure = (event: ExposureEvent): void => {
    const collector = this.active;
    if (collector !== null) collector.add(event);
    else this.stray?.(event);
  };
}

/**
 * Wraps a user sink so that a throw or a rejected promise goes to `onError` instead of failing
 * anything; returns the sink's promise, if any, guarded so that it never rejects.
 */
export function safeSink(sink: ExposureSink, onError: (error: unknown, context: string) => void): (events: readonly ExposureEvent[]) => PromiseLike<unknown> | undefined {
  return (events) => {
    try {
      const result = sink(events);
      if (result !== undefined && result !== null && typeof (result as Promise<void>).then === "function") {
        return (result as Promise<void>).then(undefined, (error: unknown) => onError(error, "onExposure"));
      }
    } catch (error) {
      onError(error, "onExposure");
    }
    return undefined;
  };
}
