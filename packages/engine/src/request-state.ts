/**
 * The per-request state of an evaluation: the ids per diversion, the request's facts and
 * what has been decided so far.
 * @module
 */
import type { CompiledConfig, CompiledExperiment } from "./compiled.ts";
import { errorMessage } from "./describe-value.ts";
import { RequestContext } from "./request-context.ts";
import type { Assignment, DecideRequest, ExplainedLayer, NewAssignment, StoredAssignments } from "./types.ts";

const EMPTY: Readonly<Record<string, never>> = Object.freeze({});

/** Everything one evaluation reads and writes. */
export interface RequestState {
  /** The id hashed under each diversion (undefined: the request has none). */
  readonly ids: (string | undefined)[];
  /** The raw unit behind each diversion (for allow-lists): the unit itself for `<unit>@day`. */
  readonly raw: (string | undefined)[];
  /** What segmenters receive (its `now` is the request time, read once when first needed). */
  readonly assign: RequestContext;
  /** Forced groups by experiment id. */
  readonly forced: Readonly<Record<string, string>>;
  /** Stored groups by experiment id. */
  readonly stored: StoredAssignments;
  /** False when the request forces nothing (skips a lookup per experiment). */
  readonly hasForced: boolean;
  /** False when the request carries no stored assignments (skips a lookup per experiment). */
  readonly hasStored: boolean;
  /** True when the store could not be read (`request.storeError`): a bandit's stored group is unknown. */
  readonly storeUnavailable: boolean;
  /** True when `request.storeError` says a save failed (`UNSAVED_NOTE`) rather than a load: the draw may or may not stand. */
  readonly storeUnsaved: boolean;
  /** The experiments the unit is in. */
  readonly assignments: Assignment[];
  /** The compiled experiment of each assignment, by the same index. */
  readonly sources: CompiledExperiment[];
  /** Sticky assignments to persist. */
  toPersist: NewAssignment[] | null;
  /** The indexes in `assignments` whose trial the engine counts once they stand (segmenters with `trial`). */
  trials: number[] | null;
  /** Problems met. */
  errors: string[] | null;
  /** Request-level notes (explain only). */
  readonly notes: string[] | null;
  /** The explanation being built, or null when only deciding. */
  readonly trace: ExplainedLayer[] | null;
}

/** The note (and decision error) for a request whose stored assignments could not be loaded. */
export function storeNote(storeError: string): string {
  return storeError.startsWith(UNSAVED_NOTE) ? storeError : `${NOT_LOADED_NOTE}${storeError}`;
}

/** How the note of a decision whose stored assignments could not be loaded begins. */
const NOT_LOADED_NOTE = "stored assignments not loaded: ";

/**
 * The store error behind a decision's `errors` (stored assignments not loaded, or new sticky
 * assignments not saved), to pass as `storeError` when explaining that decision again; undefined
 * when the decision met no store problem.
 */
export function storeErrorOf(errors: readonly string[]): string | undefined {
  for (const error of errors) {
    if (error.startsWith(NOT_LOADED_NOTE)) return error.slice(NOT_LOADED_NOTE.length);
    if (error.startsWith(UNSAVED_NOTE)) return error;
  }
  return undefined;
}

/** How the note of a decision made again after a failed save begins (its store error is the whole note). */
export const UNSAVED_NOTE = "new sticky assignments not saved: ";

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `n` undefined ids, as a packed array (`new Array(n).fill` is a slow builtin call on every request). */
function noIds(n: number): (string | undefined)[] {
  const ids: (string | undefined)[] = [];
  for (let i = 0; i < n; i++) ids.push(undefined);
  return ids;
}

function describeType(value: unknown): string {
  return Array.isArray(value) ? "an array" : value === null ? "null" : typeof value;
}

/** Reads the request into a fresh state; odd units are dropped with a note, never thrown. A dry run (explain, lookups) records nothing. */
export function requestState(
  compiled: CompiledConfig,
  request: DecideRequest,
  clock: () => number,
  randomId: () => string,
  explaining: boolean,
  dryRun = explaining,
): RequestState {
  const { diversions } = compiled;
  const count = diversions.units.length;
  const ids = noIds(diversions.names.length);
  // The raw unit behind a diversion differs from its id only for `<unit>@day`.
  const raw = compiled.usesDay ? noIds(diversions.names.length) : ids;
  const notes: string[] | null = explaining ? [] : null;
  let errors: string[] | null = null;
  const units = (request !== null && typeof request === "object" ? request.units : undefined) as unknown;
  if (units === null || typeof units !== "object") {
    (errors ??= []).push(`request.units must be an object of unit ids such as { ${JSON.stringify(count ? diversions.units[0] : "userId")}: "…" }`);
  } else {
    for (let i = 0; i < count; i++) {
      const type = diversions.units[i] as string;
      const value = (units as Record<string, unknown>)[type];
      if (typeof value === "string" && value !== "") ids[i] = value;
      else if (typeof value === "number" && Number.isFinite(value)) ids[i] = String(value);
      // A unit type named like an Object.prototype member (`valueOf`) reads it when the request has no such unit.
      else if (value === undefined || value === null || value === "" || !Object.hasOwn(units, type)) notes?.push(`no ${type} in the request`);
      else (errors ??= []).push(`units.${type} is ${typeof value === "number" ? String(value) : describeType(value)}, not a string or finite number; it was ignored`);
      if (raw !== ids) raw[i] = ids[i];
    }
  }
  const attributes = request?.attributes;
  const assign = new RequestContext(attributes !== null && typeof attributes === "object" ? attributes : EMPTY, clock, dryRun);
  // Without a valid time (the clock failed: see `assign.clockProblem`) there is no day, so no `<unit>@day` id.
  const now = compiled.usesDay ? assign.now : Number.NaN;
  if (now === now) {
    const day = utcDay(now);
    for (let i = 0; i < count; i++) {
      const id = ids[i];
      if (id !== undefined) {
        ids[count + i] = `${id}@${day}`;
        raw[count + i] = id;
      }
    }
  }
  if (compiled.usesRandom) {
    try {
      ids[diversions.random] = randomId();
    } catch (error) {
      (errors ??= []).push(`the random source (options.random) failed: ${errorMessage(error)}; random diversions were skipped — make random() return a number in [0, 1), like Math.random()`);
    }
  }
  const forced = request?.forced;
  const stored = request?.stored;
  if (explaining && typeof request?.storeError === "string") notes?.push(storeNote(request.storeError));
  return {
    ids,
    raw,
    assign,
    forced: forced !== null && typeof forced === "object" ? forced : EMPTY,
    stored: stored !== null && typeof stored === "object" ? stored : EMPTY,
    hasForced: forced !== null && typeof forced === "object",
    hasStored: stored !== null && typeof stored === "object",
    storeUnavailable: typeof request?.storeError === "string",
    storeUnsaved: typeof request?.storeError === "string" && request.storeError.startsWith(UNSAVED_NOTE),
    assignments: [],
    sources: [],
    toPersist: null,
    trials: null,
    errors,
    notes,
    trace: explaining ? [] : null,
  };
}
