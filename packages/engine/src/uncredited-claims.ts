/**
 * `UncreditedClaims`: the conversion claims this process wrote, or tried to write, without
 * counting them, because the store reported a failure. A store may still apply such a write (a
 * Redis store retries failed saves), so a retry of the conversion then finds the claim stored:
 * it is this process's own, and the retry counts it instead of refusing it as a repeat.
 * @module
 */
import { unitStoreKey } from "./assignment-store.ts";

/** How many claims are remembered; beyond it, the oldest are forgotten. */
const LIMIT = 10_000;

/** Claims whose conversions were not counted, by marker and unit. */
export class UncreditedClaims {
  private readonly byKey = new Map<string, string>();

  /** Remembers `claim`, written (or tried) under `marker` for the unit, as not counted. */
  add(marker: string, unitType: string, unit: string, claim: string): void {
    const key = claimKey(marker, unitType, unit);
    this.byKey.delete(key);
    this.byKey.set(key, claim);
    if (this.byKey.size > LIMIT) this.byKey.delete(this.byKey.keys().next().value as string);
  }

  /** True, once, when `stored` is a claim this process wrote for the unit and never counted. */
  take(marker: string, unitType: string, unit: string, stored: string): boolean {
    const key = claimKey(marker, unitType, unit);
    if (this.byKey.get(key) !== stored) return false;
    this.byKey.delete(key);
    return true;
  }

  /** How many claims are remembered. */
  get size(): number {
    return this.byKey.size;
  }
}

function claimKey(marker: string, unitType: string, unit: string): string {
  return `${marker}\n${unitStoreKey(unitType, unit)}`;
}
