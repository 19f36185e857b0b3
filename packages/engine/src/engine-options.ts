/**
 * The check of `createEngine`'s options: unknown keys (a misspelt `onExposure`, `store` for
 * `stores`) and wrong values are refused with a TypeError naming the option and the fix, instead
 * of leaving a feature silently off.
 * @module
 */
import { closestName } from "@strata/config";
import { describeValue } from "./describe-value.ts";
import type { EngineOptions } from "./types.ts";
import { rejectUnknownOptions } from "./unknown-options.ts";

/** The options `createEngine` reads. */
export const ENGINE_OPTION_NAMES = ["segmenters", "stores", "onExposure", "exposure", "onError", "now", "random"] as const;

/** The stores `createEngine` reads from its `stores` option. */
export const ENGINE_STORE_NAMES = ["assignments", "feedback"] as const;

// Compile-time: both lists name every key of the types (a type error otherwise), so no documented option is refused.
type ListsEvery<T, Listed extends readonly string[]> = [Exclude<keyof T, Listed[number]>] extends [never] ? true : false;
type Holds<Check extends true> = Check;
type EveryOptionListed = Holds<ListsEvery<EngineOptions, typeof ENGINE_OPTION_NAMES>>;
type EveryStoreListed = Holds<ListsEvery<NonNullable<EngineOptions["stores"]>, typeof ENGINE_STORE_NAMES>>;

const EXPOSURE_MODES: readonly string[] = ["lazy", "eager"];

/** What the callback options take, for messages. */
const CALLBACKS = {
  onExposure: "(event) => void",
  onError: "(error, context) => void",
  now: "() => milliseconds since the epoch, e.g. Date.now",
  random: "() => a number in [0, 1), e.g. Math.random",
} as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Throws unless `value` is undefined or an object whose `methods` are functions. */
function checkMethods(value: unknown, field: string, methods: readonly string[], example: string): void {
  if (value === undefined) return;
  const missing = isObject(value) ? methods.find((method) => typeof value[method] !== "function") : undefined;
  if (isObject(value) && missing === undefined) return;
  const found = isObject(value) ? `its ${missing} is ${describeValue(value[missing as string])}` : `got ${describeValue(value)}`;
  throw new TypeError(`${field} must be an object with ${methods.map((m) => `${m}()`).join(" and ")} methods, e.g. ${example}; ${found}`);
}

function checkStores(stores: unknown, field: string): void {
  if (stores === undefined) return;
  if (!isObject(stores)) {
    throw new TypeError(`${field} must be an object such as { assignments: new MemoryAssignmentStore() }, or left out; got ${describeValue(stores)}`);
  }
  // A store bundle (e.g. @strata/redis's) may carry members of its own such as close(): only
  // keys that look like a misspelt store name are refused.
  rejectUnknownOptions(stores, ENGINE_STORE_NAMES, field, "a store createEngine reads", { othersAllowed: true });
  checkMethods(stores.assignments, `${field}.assignments`, ["load", "save"], "new MemoryAssignmentStore()");
  const loadByUnit = isObject(stores.assignments) ? stores.assignments.loadByUnit : undefined;
  if (loadByUnit !== undefined && typeof loadByUnit !== "function") {
    throw new TypeError(`${field}.assignments.loadByUnit must be a function (units) => stored assignments per unit type, or left out; got ${describeValue(loadByUnit)}`);
  }
  checkMethods(stores.feedback, `${field}.feedback`, ["read", "increment"], "new MemoryFeedbackStats()");
}

function checkSegmenters(segmenters: unknown, field: string): void {
  if (segmenters === undefined) return;
  if (!Array.isArray(segmenters)) throw new TypeError(`${field} must be an array of segmenter factories (from defineSegmenter), or left out; got ${describeValue(segmenters)}`);
  segmenters.forEach((factory: unknown, index) => {
    const ok = isObject(factory) && typeof factory.type === "string" && factory.type !== "" && typeof factory.create === "function";
    if (!ok) throw new TypeError(`${field}[${index}] must be a segmenter factory { type, options, create } made with defineSegmenter; got ${describeValue(factory)}`);
  });
}

/**
 * Checks `createEngine`'s options and returns them typed; throws a TypeError naming the first
 * wrong option (`field.name`) and the fix. `field` is how the options are named in messages:
 * `options` for `createEngine`, `options.engineOptions` for an adapter passing them on.
 */
export function checkEngineOptions(options: unknown, field = "options"): EngineOptions {
  if (options === undefined) return {};
  if (!isObject(options)) throw new TypeError(`${field} must be an object such as { onExposure }, or left out; got ${describeValue(options)}`);
  rejectUnknownOptions(options, ENGINE_OPTION_NAMES, field, "an option of createEngine");
  checkSegmenters(options.segmenters, `${field}.segmenters`);
  checkStores(options.stores, `${field}.stores`);
  for (const [name, signature] of Object.entries(CALLBACKS)) {
    const value = options[name];
    if (value !== undefined && typeof value !== "function") throw new TypeError(`${field}.${name} must be a function ${signature}; got ${describeValue(value)}`);
  }
  const exposure = options.exposure;
  if (exposure !== undefined && (typeof exposure !== "string" || !EXPOSURE_MODES.includes(exposure))) {
    const meant = typeof exposure === "string" ? closestName(exposure, EXPOSURE_MODES) : undefined;
    throw new TypeError(`${field}.exposure must be "lazy" or "eager"; got ${describeValue(exposure)}${meant === undefined ? "" : ` — did you mean "${meant}"?`}`);
  }
  return options as EngineOptions;
}
