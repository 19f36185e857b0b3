/**
 * What segmenters receive about a request: its attributes and its time, read from the clock at
 * most once and only when something needs it (a schedule, `@day` diversion, an exposure).
 * @module
 */
import type { AssignContext } from "@strata/segmenters";
import { describeValue, errorMessage } from "./describe-value.ts";

/** The largest distance from the epoch a JavaScript Date can hold, in ms. */
const MAX_TIME = 8.64e15;

/** What a clock that gives no valid time leaves undone (appended to its problem). */
const WITHOUT_TIME = "experiments with a schedule were treated as not running and <unit>@day diversions were skipped";

/** The request's attributes, lazy time and dry-run flag. */
export class RequestContext implements AssignContext {
  /** Request attributes for targeting. */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** True when nothing may be recorded (explain, lookups). */
  readonly dryRun: boolean;
  /** Why the clock gave no valid time (null until it is read, and when it gave one). */
  clockProblem: string | null = null;
  private readonly clock: () => number;
  private time = Number.NaN;
  private read = false;
  private quietView: AssignContext | undefined;

  /** Wraps the request's attributes and the engine's clock. */
  constructor(attributes: Readonly<Record<string, unknown>>, clock: () => number, dryRun: boolean) {
    this.attributes = attributes;
    this.clock = clock;
    this.dryRun = dryRun;
  }

  /** The request time in ms since the epoch, the same on every read; NaN when the clock threw or gave no valid time (see `clockProblem`). */
  get now(): number {
    if (!this.read) {
      this.read = true;
      this.time = this.readClock();
    }
    return this.time;
  }

  /** This request as seen by a segmenter whose trial the engine counts itself: the same attributes and time, `dryRun` true. */
  get quiet(): AssignContext {
    if (this.dryRun) return this;
    return (this.quietView ??= new QuietContext(this));
  }

  private readClock(): number {
    let time: unknown;
    try {
      time = this.clock();
    } catch (error) {
      this.clockProblem = `the clock (options.now) threw: ${errorMessage(error)}; ${WITHOUT_TIME} — make now() return Date.now()-style milliseconds`;
      return Number.NaN;
    }
    if (typeof time === "number" && Number.isFinite(time) && Math.abs(time) <= MAX_TIME) return time;
    this.clockProblem = `the clock (options.now) returned ${describeValue(time)}, not a time in milliseconds since the epoch; ${WITHOUT_TIME} — make now() return Date.now()-style milliseconds`;
    return Number.NaN;
  }
}

/** A request's context with `dryRun` true: what a segmenter sees when the engine counts its trial itself. */
class QuietContext implements AssignContext {
  /** Always true: the segmenter records nothing. */
  readonly dryRun = true;
  private readonly context: RequestContext;

  constructor(context: RequestContext) {
    this.context = context;
  }

  /** The request's attributes. */
  get attributes(): Readonly<Record<string, unknown>> {
    return this.context.attributes;
  }

  /** The request time (read from the clock once per request). */
  get now(): number {
    return this.context.now;
  }
}
