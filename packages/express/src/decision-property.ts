/**
 * `req.strata` without writing a property on every request: an accessor on the prototype of
 * Express's requests that reads `res.locals.strata`.
 *
 * Why: Express swaps each request's prototype (`Object.setPrototypeOf(req, app.request)`), and
 * on Node 20 and 22 V8 then gives every request object a hidden class of its own, so adding a
 * property to `req` copies that class and its descriptors on every request (measured: about
 * 1 µs and extra garbage per request). `res.locals` is a dictionary object, so writing to it
 * is cheap; `req.strata` reads through to it, and assigning `req.strata` writes to it, so the
 * two are one slot.
 * @module
 */
import type { Request } from "express";
import type { RequestDecision } from "@strata/http";

/** The accessor's getter: the decision the middleware left in `res.locals`. */
function readDecision(this: Request): RequestDecision | undefined {
  return this.res?.locals?.strata;
}

/** The accessor's setter: `req.strata = x` sets `res.locals.strata` too (one slot), or an own property when there is no `res.locals`. */
function writeDecision(this: Request, value: RequestDecision): void {
  const locals = this.res?.locals;
  if (locals) locals.strata = value;
  else Object.defineProperty(this, "strata", { value, writable: true, enumerable: true, configurable: true });
}

/** The last request prototype known to carry the accessor (the common case: one app). */
let lastViewing: object | null = null;
/** Request prototypes already looked at: true when they carry the accessor, false when `req.strata` must be an own property. */
const checked = new WeakMap<object, boolean>();

/**
 * The prototype all of an Express's apps share, below `proto` (an app's `app.request`): the first
 * one up the chain that owns no `app`. A mounted app's `request` has its parent's `request` as
 * prototype, and that one its parent's, so the shared one can lie several levels up.
 */
function sharedRequestPrototype(proto: object): object | null {
  let shared = Object.getPrototypeOf(proto) as object | null;
  while (shared !== null && Object.hasOwn(shared, "app")) shared = Object.getPrototypeOf(shared) as object | null;
  return shared;
}

/**
 * Makes `proto` (an Express app's `app.request`) show `res.locals.strata` as `req.strata`, by
 * defining the accessor on the prototype all of that Express's apps share (so requests that
 * leave mounted sub-apps, however deep, keep it). False when that is not possible: not an
 * Express request, a `strata` property someone else defined, or a frozen prototype.
 */
function viewThroughPrototype(proto: object | null): boolean {
  if (proto === null || !Object.hasOwn(proto, "app")) return false;
  for (let owner: object | null = proto; owner !== null; owner = Object.getPrototypeOf(owner) as object | null) {
    const existing = Object.getOwnPropertyDescriptor(owner, "strata");
    if (existing !== undefined) return existing.get === readDecision;
  }
  const shared = sharedRequestPrototype(proto);
  if (shared === null || !Object.isExtensible(shared)) return false;
  Object.defineProperty(shared, "strata", { get: readDecision, set: writeDecision, enumerable: false, configurable: true });
  return true;
}

/** Puts `decision` at `res.locals.strata` and `req.strata` (through the accessor where possible, else as an own property). */
export function putDecision(req: Request, locals: Record<string, unknown>, decision: RequestDecision): void {
  locals.strata = decision;
  const proto = Object.getPrototypeOf(req) as object | null;
  if (proto === lastViewing) return;
  let viewing = proto === null ? false : checked.get(proto);
  if (viewing === undefined) {
    viewing = viewThroughPrototype(proto);
    checked.set(proto as object, viewing);
  }
  if (viewing) lastViewing = proto;
  else req.strata = decision;
}
