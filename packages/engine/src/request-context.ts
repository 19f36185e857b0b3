/**
 * What segmenters receive about a request: its attributes and its time, read from the clock at
 * most once and only when something needs it (a schedule, `@day` diversion, an exposure).
 * @module
 */
import type { AssignContext } from "@strata/segmenters";

/** The request's attributes, lazy time and dry-run flag. */
export class RequestContext implements AssignContext {
  /** Request attributes for targeting. */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** True when nothing may be recorded (explain, lookups). */
  readonly dryRun: boolean;
  private readonly clock: () => number;
  private time = Number.NaN;

  /** Wraps the request's attributes and the engine's clock. */
  constructor(attributes: Readonly<Record<string, unknown>>, clock: () => number, dryRun: boolean) {
    this.attributes = attributes;
    this.clock = clock;
    this.dryRun = dryRun;
  }

  /** The request time in ms since the epoch, the same on every read. */
  get now(): number {
    if (this.time !== this.time) this.time = this.clock();
    return this.time;
  }
}
