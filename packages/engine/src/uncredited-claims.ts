/**
 * `UncreditedClaims`: the conversion claims this process wrote, or tried to write, without
 * counting them, because the store reported a failure. A store may still apply such a write (a
 * Redis store retries failed saves), so a retry of the conversion writes that same claim again,
 * and counts it when it finds it stored instead of refusing it as a repeat.
 * @module
 */
import { BoundedUnitMap } from "./bounded-unit-map.ts";

/** No claims. */
const NONE: readonly string[] = Object.freeze([]);

/** Claims whose conversions were not counted, by marker and unit (the 10,000 latest units). */
export class UncreditedClaims {
  private readonly claims = new BoundedUnitMap<readonly string[]>();

  /** Remembers `claims`, written (or tried) under `marker` for the unit, as not counted (with those remembered already). */
  add(marker: string, unitType: string, unit: string, claims: string | readonly string[]): void {
    const adding = typeof claims === "string" ? [claims] : claims;
    if (adding.length === 0) return;
    const earlier = this.claims.get(unitType, unit, marker) ?? NONE;
    this.claims.set(unitType, unit, marker, [...earlier, ...adding.filter((claim) => !earlier.includes(claim))]);
  }

  /** The claims this process wrote (or tried) for the unit under `marker` and has not counted, forgotten as they are returned (empty: none). */
  take(marker: string, unitType: string, unit: string): readonly string[] {
    const claims = this.claims.get(unitType, unit, marker);
    if (claims === undefined) return NONE;
    this.claims.delete(unitType, unit, marker);
    return claims;
  }

  /** How many units have claims remembered. */
  get size(): number {
    return this.claims.size;
  }
}
