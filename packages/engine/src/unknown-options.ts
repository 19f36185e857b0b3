/**
 * Refusing option keys nobody reads: a misspelt option (`onexposure`, `store`) would otherwise be
 * ignored without a word and its feature silently off.
 * @module
 */
import { closestName } from "@strata/config";

/** How `rejectUnknownOptions` treats keys it does not know. */
export interface UnknownOptionsPolicy {
  /**
   * Accept keys that are not near any known one, and refuse only likely misspellings (a known
   * name in another case or a few edits away): for objects that may carry members of their own,
   * such as a store bundle with `close()` passed as `stores`.
   */
  readonly othersAllowed?: boolean;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `field.key`, or `field["key"]` for a key that is not an identifier (cut to 64 characters). */
function keyPath(field: string, key: string): string {
  if (IDENTIFIER.test(key) && key.length <= 64) return `${field}.${key}`;
  return `${field}[${JSON.stringify(key.length > 64 ? `${key.slice(0, 64)}…` : key)}]`;
}

/**
 * Throws a TypeError naming the first own key of `options` that is not in `known`, with the
 * closest known name as the fix ("did you mean onExposure?") or the list of known ones.
 * `field` is how the object is named in messages (`options.cookie`), `what` what a known key is
 * (`an option of createEngine`).
 */
export function rejectUnknownOptions(options: object, known: readonly string[], field: string, what: string, policy: UnknownOptionsPolicy = {}): void {
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const meant = closestName(key, known);
    if (meant === undefined && policy.othersAllowed === true) continue;
    const fix = meant === undefined ? `; remove it (the known ones are ${known.join(", ")})` : ` — did you mean ${meant}? (the known ones are ${known.join(", ")})`;
    throw new TypeError(`${keyPath(field, key)} is not ${what}${fix}`);
  }
}
