/**
 * Parameter values are shared by every decision that serves them, so they must be immutable:
 * a request that writes into `decision.get("theme")` would otherwise change what the next user
 * gets. Compilation freezes them once; reads stay allocation-free.
 * @module
 */
import type { ParamValue } from "@strata/config";

function isDeeplyFrozen(value: ParamValue): boolean {
  if (value === null || typeof value !== "object") return true;
  if (!Object.isFrozen(value)) return false;
  const items: readonly ParamValue[] = Array.isArray(value) ? value : Object.values(value);
  for (const item of items) if (!isDeeplyFrozen(item)) return false;
  return true;
}

function frozenCopy(value: ParamValue): ParamValue {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return Object.freeze(value.map(frozenCopy));
  // fromEntries defines own properties, so even a "__proto__" key stays plain data.
  return Object.freeze(Object.fromEntries(Object.entries(value).map(([key, item]) => [key, frozenCopy(item)])));
}

/** `value` itself when it is deeply frozen already (a validated snapshot), otherwise a deeply frozen copy; the caller's object is never frozen. */
export function frozenParamValue(value: ParamValue): ParamValue {
  return isDeeplyFrozen(value) ? value : frozenCopy(value);
}
