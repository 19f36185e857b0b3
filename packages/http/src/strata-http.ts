/**
 * `createStrataHttp`: the framework-agnostic request → decision core. It resolves the units
 * (user id callback, unit cookie), the attributes and the QA override of a request, decides,
 * and hands back the cookie to set and a `flush` that delivers the request's exposures once.
 * @module
 */
import { checkEngineOptions, createEngine, rejectUnknownOptions, reportTo, type AssignmentStore, type DecideRequest, type Decision, type Engine, type EngineOptions, type ExposureEvent, type StoredAssignments } from "@strata/engine";
import { standardAttributes } from "./attributes.ts";
import { readCookie } from "./cookie-header.ts";
import { formatAssignments } from "./debug-header.ts";
import { explainedRequest } from "./explained-request.ts";
import { ExposureCollector, ExposureRouter, safeSink } from "./exposure-collector.ts";
import { ADAPTER_OPTION_NAMES, STRATA_HTTP_OPTION_NAMES, UNIT_OPTION_NAMES, type Attributes, type StrataHttpOptions, type UserIdValue } from "./options.ts";
import { NO_OVERRIDE, OverrideVerifier, type OverrideStatus } from "./overrides.ts";
import { RequestDecision, unitsOf, type DecisionServices } from "./request-decision.ts";
import { CollectedResolution, type StrataResolution } from "./resolution.ts";
import type { HeadersLike, StrataRequest } from "./request.ts";
import { resolveCookie } from "./set-cookie.ts";
import { checkedUnitNames } from "./unit-names.ts";
import { isValidUnitId, newUnitId } from "./unit-id.ts";

/** The core an adapter wraps. */
export interface StrataHttp<R> {
  /** The engine deciding (call `engine.update(config)` to hot-reload). */
  readonly engine: Engine;
  /** The cookie name in use. */
  readonly cookieName: string;
  /** Resolves a request; never rejects (failures go to `onError` and the request gets what could be decided). `native` defaults to `request`. */
  resolve(request: StrataRequest, native?: R, earlier?: EarlierDecision): Promise<StrataResolution>;
  /**
   * `resolve` for adapters: the resolution itself when nothing on the way was asynchronous (no
   * async callback, no assignment store, no override token to verify), else a promise. Never
   * throws or rejects.
   */
  resolveNow(request: StrataRequest, native?: R, earlier?: EarlierDecision): MaybePromise<StrataResolution>;
  /** Hands an adapter's own failure (e.g. a header it could not write) to `onError` with a context; a throwing `onError` is ignored. */
  reportError(error: unknown, context: string): void;
}

/**
 * Where an earlier Strata middleware of the same request left its decision (`strata`), such as
 * Express's `res.locals`: a new visitor keeps the id that middleware gave them, rather than get a
 * second one (and a second `Set-Cookie`). Read only when the request has no valid unit cookie.
 */
export interface EarlierDecision {
  /** The earlier decision, if any. */
  readonly strata?: unknown;
}

/** A value, or a promise of it when something on the way was asynchronous. */
export type MaybePromise<T> = T | Promise<T>;

/** A decision and the request that explains it (over the groups it served: see explainedRequest). */
interface Decided {
  readonly inner: Decision;
  readonly explained: DecideRequest;
}

const NO_NOTES: readonly string[] = Object.freeze([]);
const NO_EXPOSURES = new ExposureCollector(() => undefined);
NO_EXPOSURES.flush();

function isThenable<T>(value: T | Promise<T>): value is Promise<T> {
  return value !== null && typeof value === "object" && typeof (value as { then?: unknown }).then === "function";
}

function defaultOnError(error: unknown, context: string): void {
  console.error(`[strata] ${context}:`, error);
}

/** Every key createStrataHttp accepts: its own options and those an adapter reads from the same object. */
const KNOWN_OPTION_NAMES: readonly string[] = [...STRATA_HTTP_OPTION_NAMES, ...ADAPTER_OPTION_NAMES];

/** Engine options createStrataHttp sets itself from its own options of the same name. */
const OWN_ENGINE_OPTIONS = ["onExposure", "exposure", "onError"] as const;

/** Checks `options.engineOptions` (with `config` only) and returns them; throws a TypeError naming the option and the fix. */
function checkedEngineOptions(value: unknown, hasEngine: boolean): Omit<EngineOptions, (typeof OWN_ENGINE_OPTIONS)[number]> | undefined {
  if (value === undefined) return undefined;
  if (hasEngine) {
    throw new TypeError("options.engineOptions is used only with options.config; an engine you build takes its options from createEngine(config, options): remove options.engineOptions or pass { config, engineOptions }");
  }
  const engineOptions = checkEngineOptions(value, "options.engineOptions");
  for (const name of OWN_ENGINE_OPTIONS) {
    if (engineOptions[name] !== undefined) throw new TypeError(`options.engineOptions.${name} is set by createStrataHttp: pass it as options.${name} instead`);
  }
  return engineOptions;
}

/**
 * With an engine you built, exposures go through that engine's own `onExposure` and `exposure`
 * settings, which the core cannot change per request: refuses (with a TypeError naming the
 * option and the fix) the exposure options that could not take effect, rather than ignore them.
 */
function checkEngineExposureOptions(options: StrataHttpOptions<never>, engine: Engine, overridesOn: boolean): void {
  const { mode, sink } = engine.exposureReporting;
  if (options.exposure !== undefined && options.exposure !== mode) {
    throw new TypeError(
      `options.exposure is ${JSON.stringify(options.exposure)}, but the engine you passed reports exposures ${mode === "lazy" ? "lazily" : "eagerly"} (its own exposure option decides): build it with createEngine(config, { exposure: ${JSON.stringify(options.exposure)}, onExposure }), or pass { config, exposure } instead of { engine }`,
    );
  }
  if (overridesOn && sink && options.exposeForced !== true) {
    throw new TypeError(
      "options.overrides with options.engine needs options.exposeForced: true: that engine reports exposures through its own onExposure, which cannot leave out the groups a QA link forces (they would skew your results). Pass { config, engineOptions, overrides } instead of { engine } to leave them out, or set exposeForced: true to report them",
    );
  }
}

/** Throws a TypeError naming the option unless `value` is undefined or a boolean. */
function checkFlag(value: unknown, field: string): void {
  if (value !== undefined && typeof value !== "boolean") throw new TypeError(`${field} must be true or false (default false), got ${typeof value === "string" ? JSON.stringify(value) : value === null ? "null" : `a ${typeof value}`}`);
}

function eagerExposure(a: Decision["assignments"][number], at: number): ExposureEvent {
  return { experiment: a.experiment, group: a.group, layer: a.layer, unitType: a.unitType, unit: a.unit, at };
}

/**
 * Builds the core from options; throws a TypeError naming the option and the fix when an
 * option is wrong, and the engine's ConfigError when the config is invalid.
 */
export function createStrataHttp<R = StrataRequest>(options: StrataHttpOptions<R>): StrataHttp<R> {
  if (options === null || typeof options !== "object") throw new TypeError("createStrataHttp(options): options must be an object such as { config }");
  rejectUnknownOptions(options, KNOWN_OPTION_NAMES, "options", "an option of createStrataHttp");
  const onError = options.onError ?? defaultOnError;
  if (typeof onError !== "function") throw new TypeError("options.onError must be a function (error, context) => void");
  // A throwing or rejecting error sink is ignored: nothing may fail a request.
  const reportError = (error: unknown, context: string): void => reportTo(onError, error, context);
  const hasConfig = options.config !== undefined;
  const hasEngine = options.engine !== undefined;
  if (hasConfig === hasEngine) {
    throw new TypeError("pass exactly one of options.config (your Strata config object) and options.engine (from createEngine)");
  }
  if (hasEngine && typeof options.engine?.decide !== "function") throw new TypeError("options.engine must be an Engine from createEngine(config)");
  if (hasEngine && options.onExposure !== undefined) {
    throw new TypeError("options.onExposure needs options.config: an engine you build reports exposures through its own onExposure. Pass { config, engineOptions } instead of { engine } to get one batch per request");
  }
  if (options.onExposure !== undefined && typeof options.onExposure !== "function") throw new TypeError("options.onExposure must be a function (events) => void");
  for (const name of ["userId", "attributes"] as const) {
    if (options[name] !== undefined && typeof options[name] !== "function") throw new TypeError(`options.${name} must be a function of the request`);
  }
  const exposureMode = options.exposure ?? "lazy";
  if (exposureMode !== "lazy" && exposureMode !== "eager") throw new TypeError(`options.exposure must be "lazy" or "eager", got ${JSON.stringify(options.exposure)}`);
  const countryHeader = options.countryHeader;
  if (countryHeader !== undefined && (typeof countryHeader !== "string" || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(countryHeader))) {
    throw new TypeError(`options.countryHeader ${JSON.stringify(countryHeader)} is not a header name; use e.g. "cf-ipcountry"`);
  }
  const units: unknown = options.units;
  if (units !== undefined && (units === null || typeof units !== "object" || Array.isArray(units))) {
    throw new TypeError(`options.units must be an object such as { user: "userId", cookie: "cookieId" }, or left out for those defaults`);
  }
  if (units !== undefined) rejectUnknownOptions(units, UNIT_OPTION_NAMES, "options.units", "a unit option");
  for (const name of ["exposeForced", "debugHeader"] as const) checkFlag(options[name], `options.${name}`);
  checkFlag((options as { trustProxy?: unknown }).trustProxy, "options.trustProxy");
  const engineOptions = checkedEngineOptions(options.engineOptions, hasEngine);
  const { user: userUnit, cookie: cookieUnit } = checkedUnitNames(options.units, options.config, options.userId !== undefined);
  const cookie = resolveCookie(options.cookie, "options.cookie");
  const overrides = new OverrideVerifier(options.overrides, "options.overrides");
  if (hasEngine) checkEngineExposureOptions(options, options.engine as Engine, overrides.enabled);
  const deliver = options.onExposure ? safeSink(options.onExposure, reportError) : undefined;
  // Exposures from reads outside any request (e.g. `strata.engine.decide(...).get(...)` in a job) go to onExposure one by one.
  const router = new ExposureRouter(deliver ? (event) => deliver([event]) : undefined);
  const clock = engineOptions?.now ?? Date.now;
  const engine: Engine = hasEngine
    ? (options.engine as Engine)
    : createEngine(options.config, {
        ...engineOptions,
        ...(deliver && exposureMode === "lazy" ? { onExposure: router.onExposure } : {}),
        exposure: "lazy",
        onError: reportError,
      });
  const userIdOf = options.userId;
  const attributesOf = options.attributes;
  const exposeForced = options.exposeForced === true;
  const debugHeader = options.debugHeader === true;
  // Read during resolve or on the decision's first read in the handler: a failing header read
  // goes to onError and leaves the attributes empty; the request keeps its units and cookie.
  const standardAttributesOf = (headers: HeadersLike): Attributes => {
    try {
      return standardAttributes(headers, countryHeader);
    } catch (error) {
      reportError(error, "standard attributes");
      return {};
    }
  };
  const services: DecisionServices = { engine, router, overrides, userUnit, cookieUnit, cookieName: cookie.name, standardAttributes: standardAttributesOf };
  const newCookieNotes = Object.freeze([`no ${cookie.name} cookie: a new ${cookieUnit} was set`]);
  const replacedCookieNotes = Object.freeze([`the ${cookie.name} cookie was not a valid id (16-64 of A-Z a-z 0-9 _ -): it was replaced, not echoed`]);
  // The engine decides on the handler's first read unless something needs the assignments during
  // resolve (the debug header, eager exposures, a valid override's forced groups, an assignment
  // store: see finish), or the caller built the engine (its own exposure settings and sinks may
  // expect a decision per request).
  const decideNow = !hasConfig || exposureMode === "eager" || debugHeader;

  function userIdOfValue(value: UserIdValue): string | undefined {
    if (typeof value === "string") return value === "" ? undefined : value;
    if (typeof value === "number" && Number.isFinite(value)) return String(value);
    if (value !== undefined && value !== null) {
      reportError(new TypeError(`the userId callback returned ${typeof value}; return a string, a number or undefined`), "userId callback");
    }
    return undefined;
  }

  function userIdFor(native: R): MaybePromise<string | undefined> {
    if (!userIdOf) return undefined;
    try {
      const result = userIdOf(native);
      if (!isThenable(result)) return userIdOfValue(result);
      return result.then(userIdOfValue, (error: unknown) => {
        reportError(error, "userId callback");
        return undefined;
      });
    } catch (error) {
      reportError(error, "userId callback");
      return undefined;
    }
  }

  /**
   * The attributes callback's answer (checked); undefined without a callback, when the decision
   * reads the standard attributes from the headers once it needs them.
   */
  function attributesFor(request: StrataRequest, native: R): MaybePromise<Attributes> | undefined {
    if (!attributesOf) return undefined;
    const standard = standardAttributesOf(request.headers);
    const checked = (value: Attributes): Attributes => {
      if (value !== null && typeof value === "object" && !Array.isArray(value)) return value;
      reportError(new TypeError(`the attributes callback returned ${Array.isArray(value) ? "an array" : String(value)}; return an object such as { country: "DE" }`), "attributes callback");
      return standard;
    };
    try {
      const result = attributesOf(native, standard);
      if (!isThenable(result)) return checked(result);
      return result.then(checked, (error: unknown) => {
        reportError(error, "attributes callback");
        return standard;
      });
    } catch (error) {
      reportError(error, "attributes callback");
      return standard;
    }
  }

  /** Decides through the store, keeping what the decision took from the store's load so that `explain()` names the groups served (see explainedRequest). */
  async function decideWithStore(store: AssignmentStore, request: DecideRequest): Promise<Decided> {
    let snapshot: StoredAssignments | undefined;
    const inner = await engine.decideWithStore(request, store, { onLoad: (loaded) => (snapshot = loaded) });
    return { inner, explained: explainedRequest(request, inner, snapshot) };
  }

  /**
   * Packages the resolution. Most requests get a decision that builds its decide request and
   * asks the engine on the handler's first read; the engine decides here when the assignments
   * are needed now (see decideNow; a valid override needs them to leave its forced groups'
   * exposures out), asynchronously when it has an assignment store.
   */
  function finish(http: StrataRequest, cookieId: string, newCookie: boolean, setCookie: string | undefined, notes: readonly string[], userId: string | undefined, attributes: Attributes | undefined, override: OverrideStatus | undefined): MaybePromise<StrataResolution> {
    const store = engine.assignments;
    if (store === undefined && !decideNow && override?.state !== "valid") {
      const collector = deliver ? new ExposureCollector(deliver) : NO_EXPOSURES;
      const decision = new RequestDecision(services, undefined, collector, { userId, cookieId, attributes }, http, override, notes, newCookie ? cookieId : undefined);
      return new CollectedResolution(decision, setCookie, undefined, collector);
    }
    const units = unitsOf(services, userId, cookieId);
    const attributesUsed = attributes ?? standardAttributesOf(http.headers);
    const request: DecideRequest = override?.state === "valid" ? { units, attributes: attributesUsed, forced: override.forced } : { units, attributes: attributesUsed };
    const newCookieId = newCookie ? cookieId : undefined;
    if (store) return decideWithStore(store, request).then((result) => packageDecided(result, http, setCookie, newCookieId, notes, override));
    return packageDecided({ inner: engine.decide(request), explained: request }, http, setCookie, newCookieId, notes, override);
  }

  /** Packages a decision made during resolve: eager exposures, forced groups left out of exposures, the debug header. */
  function packageDecided({ inner, explained }: Decided, http: StrataRequest, setCookie: string | undefined, newCookieId: string | undefined, notes: readonly string[], override: OverrideStatus | undefined): StrataResolution {
    const assignments = inner.assignments;
    let collector = NO_EXPOSURES;
    if (deliver) {
      let skip: Set<string> | undefined;
      if (!exposeForced && override?.state === "valid") {
        skip = new Set();
        for (const a of assignments) if (a.source === "forced") skip.add(a.experiment);
      }
      collector = new ExposureCollector(deliver, skip);
      if (exposureMode === "eager") {
        const at = clock();
        for (const a of assignments) collector.add(eagerExposure(a, at));
      }
    }
    const decision = new RequestDecision(services, inner, collector, explained, http, override, notes, newCookieId);
    return new CollectedResolution(decision, setCookie, debugHeader ? formatAssignments(assignments) : undefined, collector);
  }

  /** The id an earlier Strata middleware of this request gave it in a new cookie of this name (never throws). */
  function givenCookieId(earlier: EarlierDecision): string | undefined {
    const decision = earlier.strata;
    return decision instanceof RequestDecision ? decision.newCookieId(cookie.name) : undefined;
  }

  function fallback(error: unknown): StrataResolution {
    reportError(error, "resolve");
    const request: DecideRequest = { units: {} };
    const note = `request not resolved, defaults served: ${error instanceof Error ? error.message : String(error)}`;
    return new CollectedResolution(new RequestDecision(services, engine.decide(request), NO_EXPOSURES, request, undefined, NO_OVERRIDE, [note]), undefined, undefined, NO_EXPOSURES);
  }

  function resolveNow(request: StrataRequest, native?: R, earlier?: EarlierDecision): StrataResolution | Promise<StrataResolution> {
    try {
      const input = native === undefined ? (request as R) : native;
      const header = request.headers.get("cookie");
      const first = readCookie(header, cookie.name);
      // Rare: a repeated cookie whose first value is invalid (a stale one on a longer path); a
      // later valid one is kept. Read again only then, so the common case scans and checks once.
      const firstValid = isValidUnitId(first);
      const raw = firstValid || first === undefined ? first : readCookie(header, cookie.name, isValidUnitId);
      const valid = firstValid || (raw !== first && isValidUnitId(raw));
      // A new visitor whom an earlier Strata middleware of this request gave an id keeps it: its Set-Cookie is on the response already.
      const given = valid || earlier === undefined ? undefined : givenCookieId(earlier);
      const cookieId = valid ? (raw as string) : (given ?? newUnitId());
      const setCookie = valid || given !== undefined ? undefined : cookie.serialize(cookieId, request.secure);
      const notes = valid ? NO_NOTES : raw === undefined ? newCookieNotes : replacedCookieNotes;
      const userId = userIdFor(input);
      const attributes = attributesFor(request, input);
      // With overrides off, a token only makes a note for explain: it is read if explain asks.
      const override = overrides.enabled ? overrides.read(request, clock) : undefined;
      if (isThenable(userId) || isThenable(attributes) || isThenable(override)) {
        return Promise.all([userId, attributes, override])
          .then(([u, a, o]) => finish(request, cookieId, !valid, setCookie, notes, u, a, o))
          .catch(fallback);
      }
      const resolved = finish(request, cookieId, !valid, setCookie, notes, userId, attributes, override);
      return isThenable(resolved) ? resolved.catch(fallback) : resolved;
    } catch (error) {
      return fallback(error);
    }
  }

  return {
    engine,
    cookieName: cookie.name,
    resolveNow,
    reportError,
    resolve(request: StrataRequest, native?: R, earlier?: EarlierDecision): Promise<StrataResolution> {
      return Promise.resolve(resolveNow(request, native, earlier));
    },
  };
}
