/**
 * The standard segmenter context, built on @strata/hash: the experiment's strata/v1 hash over
 * 10,000 buckets, extra independent draws, and the stores.
 * @module
 */
import { bucket, UnitHasher } from "@strata/hash";
import type { SegmenterContext, SegmenterStores } from "./contract.ts";

/** The number of buckets segmenters split units over, so that percentages have two decimals. */
export const SEGMENTER_BUCKETS = 10_000;

/** What `createSegmenterContext` needs. */
export interface SegmenterContextInit {
  /** The experiment's id. */
  readonly experimentId: string;
  /** The experiment's salt; defaults to the experiment id. Salts may not contain ":". */
  readonly salt?: string;
  /** The stores the segmenter may use. */
  readonly stores?: SegmenterStores;
}

/** The standard context on strata/v1: `hash(unit)` is the bucket in [0, 10000) of `unit:salt`. */
export function createSegmenterContext(init: SegmenterContextInit): SegmenterContext {
  const { experimentId, salt = init.experimentId, stores = {} } = init;
  if (typeof experimentId !== "string" || experimentId === "") {
    throw new TypeError(`experimentId must be a non-empty string (got ${JSON.stringify(experimentId)})`);
  }
  if (typeof salt !== "string" || salt === "" || salt.includes(":")) {
    throw new TypeError(
      `experiment ${JSON.stringify(experimentId)}: salt must be a non-empty string without ":" (got ${JSON.stringify(salt)}); ` +
        "leave it out to use the experiment id",
    );
  }
  // One hasher per context: the salt is encoded once and each unit once per call.
  const hasher = new UnitHasher("strata/v1");
  const prepared = hasher.prepare(salt);
  return {
    experimentId,
    salt,
    hash: (unit) => hasher.setUnit(unit).bucket(prepared, SEGMENTER_BUCKETS),
    bucket: (unit, otherSalt, buckets) => bucket(unit, otherSalt, buckets),
    stores,
  };
}
