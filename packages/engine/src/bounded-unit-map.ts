/**
 * `BoundedUnitMap`: values a process remembers per unit and experiment (or conversion marker),
 * kept in the order they were last set and bounded: beyond the limit the oldest are forgotten,
 * so memory stays small whatever the traffic.
 * @module
 */
import { unitStoreKey } from "./assignment-store.ts";

/** How many entries a map keeps by default. */
const DEFAULT_LIMIT = 10_000;

/** A bounded map from (unit type, unit, name) to a value; setting an entry makes it the newest. */
export class BoundedUnitMap<V> {
  private readonly byKey = new Map<string, V>();
  private readonly limit: number;

  /** A map keeping at most `limit` entries (the oldest set are dropped first). */
  constructor(limit = DEFAULT_LIMIT) {
    this.limit = limit;
  }

  /** The value of the unit under `name`, or undefined. */
  get(unitType: string, unit: string, name: string): V | undefined {
    return this.byKey.get(unitEntryKey(unitType, unit, name));
  }

  /** Sets the value of the unit under `name`, as the newest entry. */
  set(unitType: string, unit: string, name: string, value: V): void {
    const key = unitEntryKey(unitType, unit, name);
    this.byKey.delete(key);
    this.byKey.set(key, value);
    if (this.byKey.size > this.limit) this.byKey.delete(this.byKey.keys().next().value as string);
  }

  /** Forgets the unit's entry under `name`. */
  delete(unitType: string, unit: string, name: string): void {
    this.byKey.delete(unitEntryKey(unitType, unit, name));
  }

  /** How many entries are kept. */
  get size(): number {
    return this.byKey.size;
  }
}

/** The key of one unit's entry under `name` (an experiment id or a conversion marker). */
export function unitEntryKey(unitType: string, unit: string, name: string): string {
  return `${unitStoreKey(unitType, unit)}\n${name}`;
}
