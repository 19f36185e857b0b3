/**
 * `UncreditedClaims`: the conversion claims this process wrote, or tried to write, without
 * counting them, because the store reported a failure. A store may still apply such a write (a
 * Redis store retries failed saves), so a retry of the conversion writes that same claim again,
 * and counts it when it finds it stored instead of refusing it as a repeat.
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

  /** The claim this process wrote (or tried) for the unit under `marker` and has not counted, if any, forgotten as it is returned. */
  take(marker: string, unitType: string, unit: string): string | undefined {
    const claim = this.claims.get(unitType, unit, marker);
    if (claim !== undefined) this.claims.delete(unitType, unit, marker);
    return claim;
  }

  /** How many claims are remembered. */
  get size(): number {
    return this.claims.size;
  }
}
