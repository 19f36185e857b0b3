/**
 * Optimizely's bucketer: the bucket value `floor(murmur3(bucketingId + entityId, seed 1) / 2^32 × 10000)`
 * and the first `endOfRange` above it, computed with @strata/hash (the unit encoded once per call).
 * @module
 */
import { UnitHasher, type PreparedSalt } from "@strata/hash";
import { optimizelyScheme } from "../schemes.ts";

/** Optimizely's bucket space: 10,000 buckets (traffic in hundredths of a percent). */
export const OPTIMIZELY_BUCKETS = 10_000;

/** The attribute that replaces the user id in the hash when it holds a string. */
export const BUCKETING_ID_ATTRIBUTE = "$opt_bucketing_id";

/** One `trafficAllocation` entry: the entity (index, or -1 for none) up to `endOfRange` (exclusive). */
export interface Allocation {
  /** What the range gives: an index into the caller's entities, or -1 for nothing. */
  readonly entity: number;
  /** The end of the range, exclusive, 0–10000. */
  readonly endOfRange: number;
}

/** Computes Optimizely bucket values for one bucketing id against prepared entity ids. */
export class OptimizelyBucketer {
  private readonly hasher = new UnitHasher(optimizelyScheme);

  /** Encodes an entity id (experiment, group, rule or holdout id) once. */
  prepare(entityId: string): PreparedSalt {
    return this.hasher.prepare(entityId);
  }

  /** The bucket value in [0, 10000) of `bucketingId + entityId`. */
  bucketValue(bucketingId: string, entity: PreparedSalt): number {
    return this.hasher.setUnit(bucketingId).bucket(entity, OPTIMIZELY_BUCKETS);
  }
}

/** The first allocation whose `endOfRange` is above `bucket` (Optimizely's `_findBucket`), or -1. */
export function findBucket(bucket: number, allocation: readonly Allocation[]): number {
  for (let i = 0; i < allocation.length; i++) {
    const range = allocation[i] as Allocation;
    if (bucket < range.endOfRange) return range.entity;
  }
  return -1;
}

/** The share of the 10,000 buckets each entity index gets under first-match (`_findBucket`) semantics. */
export function allocationShares(allocation: readonly Allocation[], entities: number): number[] {
  const shares = new Array<number>(entities).fill(0);
  let covered = 0;
  for (const { entity, endOfRange } of allocation) {
    const end = Math.min(endOfRange, OPTIMIZELY_BUCKETS);
    if (end > covered) {
      if (entity >= 0) shares[entity] = (shares[entity] as number) + (end - covered) / OPTIMIZELY_BUCKETS;
      covered = end;
    }
  }
  return shares;
}

/** The id Optimizely hashes: `$opt_bucketing_id` when the attributes hold it as a string, else the user id. */
export function bucketingIdOf(userId: string, attributes: Readonly<Record<string, unknown>>): string {
  if (attributes !== null && typeof attributes === "object" && Object.hasOwn(attributes, BUCKETING_ID_ATTRIBUTE)) {
    const value = attributes[BUCKETING_ID_ATTRIBUTE];
    if (typeof value === "string") return value;
  }
  return userId;
}
