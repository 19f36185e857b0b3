/**
 * `release`: gives an experiment's buckets back — after a cool-down. Users of a stopped
 * experiment carry its effect for a while (learned behaviour, cached state), so its buckets stay
 * reserved until the cool-down has passed; only then can the next experiment use them without
 * inheriting carry-over effects.
 *
 * - running or paused: stops it (`status: "stopped"`, `stoppedAt: now`), with or without buckets
 *   (forced and allow-listed units reach it even without); its buckets stay reserved;
 * - stopped: once `stoppedAt + cooldown` has passed, its buckets are freed (`ranges: []`); before
 *   that, AllocationError `cooling-down` says when (a stopped experiment without `stoppedAt` gets
 *   `stoppedAt: now`, so its cool-down starts now);
 * - draft: never ran, so its buckets are freed at once.
 *
 * A stopped experiment or a draft that holds no buckets is left as it is (an empty diff).
 *
 * The released experiment stays in the config with no buckets: its id (and so its salt) stay
 * taken, so a new experiment cannot reuse them by accident.
 * @module
 */
import { child } from "../pointer.ts";
import { countBuckets, formatRanges } from "../ranges.ts";
import { formatTimestamp, parseTimestamp } from "../timestamp.ts";
import type { ExperimentConfig, StrataConfig } from "../types.ts";
import { AllocationError, type AllocationResult, type Change } from "./change.ts";
import { validInput, validOutput, type ControlOptions } from "./checked.ts";
import { formatDuration, parseDuration } from "./duration.ts";
import { findExperiment, tokensOf } from "./locate.ts";
import { updateAt } from "./update.ts";

/** What to release. */
export interface ReleaseRequest {
  /** The experiment id. */
  readonly experiment: string;
  /** How long its buckets stay reserved after it stops: milliseconds or text such as `"14d"`, `"36h"`. */
  readonly cooldown: number | string;
  /** The current time (default: now) — pass it to keep the function pure: a Date, milliseconds, or an RFC 3339 timestamp with a time zone. */
  readonly now?: Date | number | string;
}

/** Stops an experiment or frees its buckets after the cool-down; throws AllocationError while it is cooling down. */
export function release(config: StrataConfig, request: ReleaseRequest, options: ControlOptions = {}): AllocationResult {
  const current = validInput(config, options);
  const cooldown = parseDuration(request.cooldown);
  if (cooldown === undefined) {
    throw new AllocationError("invalid-request", `cooldown must be a duration such as "14d", "36h" or "90m", or milliseconds (got ${JSON.stringify(request.cooldown)})`);
  }
  const now = readNow(request.now);
  const place = findExperiment(current, request.experiment);
  if (place === undefined) throw new AllocationError("unknown-experiment", `there is no experiment ${JSON.stringify(request.experiment)} in the config`);
  const { experiment, slot } = place;
  const id = JSON.stringify(experiment.id);
  const held = countBuckets(slot.ranges);
  // A stopped experiment or a draft without buckets has nothing left to release; a running or paused one must still stop.
  if (held === 0 && (experiment.status === "stopped" || experiment.status === "draft")) return { config: current, diff: [] };
  const rangesPointer = child(place.slotPointer, "ranges");
  const experimentPointer = child(place.slotPointer, "experiment");
  const free = (why: string): AllocationResult => {
    const next = updateAt(current, tokensOf(rangesPointer), () => []);
    const change: Change = { op: "replace", pointer: rangesPointer, message: `freed the ${held} buckets of experiment ${id} (${formatRanges(slot.ranges)}): ${why}` };
    return { config: validOutput(next, options), diff: [change] };
  };
  const stop = (stoppedAt: number, was: string): AllocationResult => {
    const until = formatTimestamp(cooldownEnd(stoppedAt, cooldown, request.cooldown));
    const next = updateAt(current, tokensOf(experimentPointer), (value) => ({
      ...(value as ExperimentConfig),
      status: "stopped",
      stoppedAt: formatTimestamp(stoppedAt),
    }));
    const reserved =
      held === 0
        ? "it holds no buckets, so there is nothing to keep reserved"
        : `its ${held} buckets (${formatRanges(slot.ranges)}) stay reserved until ${until} (cool-down ${formatDuration(cooldown)}) — release it again after that to free them`;
    const change: Change = { op: "replace", pointer: experimentPointer, message: `${was}; ${reserved}` };
    return { config: validOutput(next, options), diff: [change] };
  };

  switch (experiment.status) {
    case "draft":
      return free("it is a draft and never took units, so no cool-down is needed");
    case "running":
    case "paused":
      return stop(now, `stopped experiment ${id} at ${formatTimestamp(now)}`);
    default: {
      const stoppedAt = experiment.stoppedAt === undefined ? undefined : parseTimestamp(experiment.stoppedAt);
      if (stoppedAt === undefined) return stop(now, `experiment ${id} was stopped without a "stoppedAt", so its cool-down starts now (${formatTimestamp(now)})`);
      const until = cooldownEnd(stoppedAt, cooldown, request.cooldown);
      if (now >= until) return free(`it stopped at ${experiment.stoppedAt} and the ${formatDuration(cooldown)} cool-down has passed`);
      throw new AllocationError(
        "cooling-down",
        `experiment ${id} stopped at ${experiment.stoppedAt}; its ${held} buckets stay reserved until ${formatTimestamp(until)} ` +
          `(${formatDuration(until - now)} from now) so that the next experiment does not inherit its carry-over effects — release it after that`,
      );
    }
  }
}

/** The first and last instants a `stoppedAt` timestamp can hold (years 0000 to 9999). */
const EARLIEST_TIMESTAMP = Date.parse("0000-01-01T00:00:00.000Z");
const LATEST_TIMESTAMP = Date.parse("9999-12-31T23:59:59.999Z");
/** The largest distance from the epoch a JavaScript date can hold (±100,000,000 days). */
const LATEST_DATE = 8.64e15;

function readNow(now: ReleaseRequest["now"]): number {
  if (now === undefined) return Date.now();
  if (typeof now === "string") {
    // Text is read only as a timestamp with a zone: Date.parse would read one without a zone in local time and roll February 31st over.
    const ms = parseTimestamp(now);
    if (ms === undefined) {
      throw new AllocationError(
        "invalid-request",
        `now must be an RFC 3339 timestamp with a time zone on a real calendar date, such as "2025-06-01T00:00:00Z" or "2025-06-01T02:00:00+02:00" (got ${JSON.stringify(now)}) — or pass a Date or milliseconds, such as Date.now()`,
      );
    }
    return inRecordableYears(ms, now);
  }
  const ms = now instanceof Date ? now.getTime() : now;
  if (typeof ms !== "number" || !Number.isFinite(ms)) throw new AllocationError("invalid-request", `now must be a date, a timestamp or milliseconds (got ${String(now)})`);
  return inRecordableYears(ms, now);
}

/** `ms` when `stoppedAt` can record it (the years 0000 to 9999); AllocationError otherwise. */
function inRecordableYears(ms: number, now: NonNullable<ReleaseRequest["now"]>): number {
  if (ms < EARLIEST_TIMESTAMP || ms > LATEST_TIMESTAMP) {
    throw new AllocationError(
      "invalid-request",
      `now must fall in the years 0000 to 9999, which "stoppedAt" can record (got ${String(now)}) — pass the current time, e.g. "2025-06-01T00:00:00Z" or Date.now()`,
    );
  }
  return ms;
}

/** When a cool-down that starts at `start` ends; AllocationError when that is past the last date JavaScript can hold. */
function cooldownEnd(start: number, cooldown: number, asGiven: ReleaseRequest["cooldown"]): number {
  const end = start + cooldown;
  if (end <= LATEST_DATE) return end;
  throw new AllocationError(
    "invalid-request",
    `cooldown ${JSON.stringify(asGiven)} from ${formatTimestamp(start)} would end after ${formatTimestamp(LATEST_DATE)}, the last date JavaScript can hold — use a cool-down of days or weeks, such as "14d"`,
  );
}
