/**
 * `UncreditedClaims`: the conversion claims this process wrote, or tried to write, without
 * counting them, because the store reported a failure. A store may still apply such a write (a
 * Redis store retries failed saves), so a retry of the conversion then finds the claim stored:
 * it is this process's own, and the retry counts it instead of refusing it as a repeat.
 * @module
 */
import { BoundedUnitMap } from "./bounded-unit-map.ts";

/** Claims whose conversions were not counted, by marker and unit (the 10,000 latest). */
export class UncreditedClaims {
  private readonly claims = new BoundedUnitMap<string>();

  /** Remembers `claim`, written (or tried) under `marker` for the unit, as not counted. */
  add(marker: string, unitType: string, unit: string, claim: string): void {
    this.claims.set(unitType, unit, marker, claim);
  }

  /** True, once, when `stored` is a claim this process wrote for the unit and never counted. */
  take(marker: string, unitType: string, unit: string, stored: string): boolean {
    if (this.claims.get(unitType, unit, marker) !== stored) return false;
    this.claims.delete(unitType, unit, marker);
    return true;
  }

  /** How many claims are remembered. */
  get size(): number {
    return this.claims.size;
  }
}
