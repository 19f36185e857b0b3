/**
 * The decision a request handler sees: the engine's decision whose `get` records exposures
 * into this request's batch, plus the units used and `explain()`. The engine may decide when
 * the handler first reads it (see `RequestDecision`'s constructor), and the decide request
 * itself (units, standard attributes) may be built then too, so a request that never reads its
 * decision pays for none of it.
 * @module
 */
import type { Assignment, DecideRequest, Decision, Engine, Explanation, NewAssignment, Units } from "@strata/engine";
import type { ExposureCollector, ExposureRouter } from "./exposure-collector.ts";
import type { Attributes } from "./options.ts";
import { NO_OVERRIDE, type OverrideStatus, type OverrideVerifier } from "./overrides.ts";
import type { HeadersLike, StrataRequest } from "./request.ts";

/** `explain()` of a request: the engine's explanation plus what the HTTP layer did. */
export interface RequestExplanation extends Explanation {
  /** The unit ids the decision used. */
  readonly units: Units;
  /** What became of the request's QA override token. */
  readonly override: OverrideStatus;
}

/** What all decisions of one core share: the engine, the exposure router, the override verifier and how units and attributes are named and read. */
export interface DecisionServices {
  /** The engine deciding. */
  readonly engine: Engine;
  /** Routes the engine's exposures to the collector of the decision being read. */
  readonly router: ExposureRouter;
  /** Reads a request's QA override token. */
  readonly overrides: OverrideVerifier;
  /** The unit type of the user id, e.g. `userId`. */
  readonly userUnit: string;
  /** The unit type of the cookie id, e.g. `cookieId`. */
  readonly cookieUnit: string;
  /** The unit cookie's name, e.g. `strata_id`. */
  readonly cookieName: string;
  /** The standard attributes of a request (user agent, language, country) from its headers. */
  readonly standardAttributes: (headers: HeadersLike) => Attributes;
}

/** The parts a decide request is built from when it is first needed. */
export interface DecisionParts {
  /** The user id, or undefined for an anonymous visitor. */
  readonly userId: string | undefined;
  /** The unit cookie's id. */
  readonly cookieId: string;
  /** The attributes from the user's callback, or undefined to read the standard attributes from the request's headers. */
  readonly attributes: Attributes | undefined;
}

/** The unit ids of a request, the user's first when there is one: e.g. `{ userId: "u-42", cookieId: "3f…" }`. */
export function unitsOf(services: DecisionServices, userId: string | undefined, cookieId: string): Units {
  const units: Record<string, string> = {};
  if (userId !== undefined) units[services.userUnit] = userId;
  units[services.cookieUnit] = cookieId;
  return units;
}

/** An experiment's group, as an assignment names it. */
interface GroupOf {
  readonly experiment: string;
  readonly group: string;
}

/** The groups `served` gave that deciding again (`again`) does not, by experiment; undefined when it gives them all. */
function changedGroups(served: readonly GroupOf[], again: readonly GroupOf[]): Record<string, string> | undefined {
  let changed: Record<string, string> | undefined;
  for (const a of served) {
    if (again.some((b) => b.experiment === a.experiment && b.group === a.group)) continue;
    (changed ??= {})[a.experiment] = a.group;
  }
  return changed;
}

/** `explain()`'s notes on the groups it pinned (`pinned`, by experiment): shown as served, or not reached again. */
function keptNotes(pinned: Readonly<Record<string, string>>, again: Pick<Decision, "assignments">): string[] {
  const names = (ids: string[]) => ids.map((id) => JSON.stringify(id)).join(", ");
  const unreached = changedGroups(
    Object.entries(pinned).map(([experiment, group]) => ({ experiment, group })),
    again.assignments,
  );
  const kept = Object.keys(pinned).filter((id) => unreached?.[id] === undefined);
  const notes: string[] = [];
  if (kept.length > 0) notes.push(`explained with the groups served: deciding again gave other groups in ${names(kept)} (a segmenter that draws, such as a bandit), so the groups served are shown as stored`);
  if (unreached !== undefined) {
    notes.push(`not explained as served: deciding again does not reach the groups served in ${names(Object.keys(unreached))} (a random diversion draws a new id each time, or the config changed since), so this explanation is of another decision for them`);
  }
  return notes;
}

/**
 * What a request handler gets: a Decision plus the units used and `explain()`. Built without
 * a decision, it asks the engine on the first read of `get`, `params`, `assignments`,
 * `toPersist` or `errors`, once.
 */
export class RequestDecision implements Decision {
  private inner: Decision | undefined;
  private request: DecideRequest | undefined;
  private unitIds: Units | undefined;
  private overrideStatus: OverrideStatus | undefined;
  private readonly services: DecisionServices;
  private readonly collector: ExposureCollector;
  private readonly parts: DecisionParts | undefined;
  private readonly httpRequest: StrataRequest | undefined;
  private readonly notes: readonly string[];
  private readonly newCookie: string | undefined;

  /**
   * Wraps `inner`, decided by `services.engine` for `request`; with `inner` undefined,
   * `engine.decide(request)` runs on the first read instead. `request` is either the decide
   * request itself or the parts to build it from on first use (units, and the attributes, read
   * from `httpRequest`'s headers when `parts.attributes` is undefined). `override` is what became
   * of the request's QA token; undefined while overrides are off, when the token of `httpRequest`
   * is looked at only if something reads `override` or `explain()`. `notes` are HTTP-level notes
   * for `explain`. `newCookie` is the cookie id when the request was given a new unit cookie.
   */
  constructor(
    services: DecisionServices,
    inner: Decision | undefined,
    collector: ExposureCollector,
    request: DecideRequest | DecisionParts,
    httpRequest: StrataRequest | undefined,
    override: OverrideStatus | undefined,
    notes: readonly string[],
    newCookie?: string,
  ) {
    this.services = services;
    this.inner = inner;
    this.collector = collector;
    const built = "units" in request;
    this.request = built ? request : undefined;
    this.parts = built ? undefined : request;
    this.httpRequest = httpRequest;
    this.overrideStatus = override;
    this.notes = notes;
    this.newCookie = newCookie;
  }

  /**
   * The id this request was given in a new unit cookie named `cookieName` (its `Set-Cookie` is on
   * the response), or undefined. A second Strata middleware on the same request (overlapping
   * mounts, an app-wide one plus a router's own) reuses it rather than give the visitor two ids.
   */
  newCookieId(cookieName: string): string | undefined {
    return cookieName === this.services.cookieName ? this.newCookie : undefined;
  }

  /** The unit ids the decision used, e.g. `{ userId: "u-42", cookieId: "3f…" }`. */
  get units(): Units {
    if (this.request !== undefined) return this.request.units;
    if (this.unitIds !== undefined) return this.unitIds;
    const { userId, cookieId } = this.parts as DecisionParts;
    return (this.unitIds = unitsOf(this.services, userId, cookieId));
  }

  /** The decide request, built from the parts on first use (the standard attributes are read from the headers then). */
  private decideRequest(): DecideRequest {
    if (this.request !== undefined) return this.request;
    const attributes = (this.parts as DecisionParts).attributes;
    const headers = this.httpRequest?.headers;
    return (this.request = { units: this.units, attributes: attributes ?? (headers === undefined ? {} : this.services.standardAttributes(headers)) });
  }

  /** What became of the request's QA override token (`none` when it carried none). */
  get override(): OverrideStatus {
    return (this.overrideStatus ??= this.httpRequest === undefined ? NO_OVERRIDE : this.services.overrides.ignored(this.httpRequest));
  }

  /** The engine's decision, made now if it was not made yet (`decide` never throws). */
  private decided(): Decision {
    return (this.inner ??= this.services.engine.decide(this.decideRequest()));
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

  /**
   * Why the request is in or out of each experiment, with the override and unit notes of the HTTP
   * layer. Explaining decides again; once this request was decided, a group the second decision
   * would change (a bandit draws afresh) is kept as it was served, and a note says so.
   */
  explain(): RequestExplanation {
    const engine = this.services.engine;
    const request = this.decideRequest();
    let explanation = engine.explain(request);
    let kept: string[] | undefined;
    const served = this.inner;
    if (served !== undefined) {
      const changed = changedGroups(served.assignments, explanation.decision.assignments);
      if (changed !== undefined) {
        explanation = engine.explain({ ...request, stored: { ...request.stored, ...changed } });
        kept = keptNotes(changed, explanation.decision);
      }
    }
    const override = this.override;
    const notes = override.state === "invalid" || override.state === "disabled" ? [...this.notes, override.reason] : this.notes;
    return { ...explanation, notes: [...notes, ...(kept ?? []), ...explanation.notes], units: this.units, override };
  }
}
