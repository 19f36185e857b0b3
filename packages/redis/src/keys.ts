/**
 * The key layout under the configurable prefix (default `strata:`):
 * `<prefix>assign:<unitType>:<unit>` — a hash of group by experiment id, one per unit;
 * `<prefix>feedback:<experimentId>` — a hash of counters, fields `trials:<group>` and `successes:<group>`;
 * `<prefix>writer:<id>` — the last counter batch applied for one process (exactly-once retries).
 * @module
 */
import { unitStoreKey } from "@strata/engine";

/** The default key prefix. */
export const DEFAULT_PREFIX = "strata:";

/** The counter fields a feedback hash holds per group. */
export type CounterField = "trials" | "successes";

/** Checks a key prefix and names the option when it is wrong. */
export function checkPrefix(prefix: string | undefined): string {
  if (prefix === undefined) return DEFAULT_PREFIX;
  if (typeof prefix !== "string") throw new TypeError(`redis: prefix must be a string such as "strata:" (got ${typeof prefix})`);
  return prefix;
}

/** The hash holding one unit's sticky assignments (group by experiment id). */
export function assignmentKey(prefix: string, unitType: string, unit: string): string {
  return `${prefix}assign:${unitStoreKey(unitType, unit)}`;
}

/** The hash holding one experiment's trial and success counters. */
export function feedbackKey(prefix: string, experimentId: string): string {
  return `${prefix}feedback:${experimentId}`;
}

/** The key recording the last counter batch one writer (process) applied. */
export function writerKey(prefix: string, writerId: string): string {
  return `${prefix}writer:${writerId}`;
}

/** The hash field of one group's counter: `trials:<group>` or `successes:<group>` (any group id fits after the first colon). */
export function counterField(field: CounterField, group: string): string {
  return `${field}:${group}`;
}

/** Reads a counter field back; undefined for fields that are not counters. */
export function parseCounterField(name: string): { field: CounterField; group: string } | undefined {
  const colon = name.indexOf(":");
  if (colon < 0) return undefined;
  const field = name.slice(0, colon);
  if (field !== "trials" && field !== "successes") return undefined;
  return { field, group: name.slice(colon + 1) };
}
