/** Shared test helpers: contexts (real, or with a hash that maps "1234" to bucket 1234) and an assign context. */
import type { AssignContext, SegmenterContext, SegmenterStores } from "../src/contract.ts";
import { createSegmenterContext } from "../src/context.ts";

/** The assign context used by the tests. */
export const request: AssignContext = { attributes: {}, now: Date.UTC(2025, 0, 1) };

/** A real strata/v1 context for `experimentId`. */
export function context(experimentId = "exp", stores: SegmenterStores = {}): SegmenterContext {
  return createSegmenterContext({ experimentId, stores });
}

/** A context whose hash reads the unit as its bucket, so a test can visit all 10,000 buckets. */
export function bucketContext(experimentId = "exp"): SegmenterContext {
  const real = createSegmenterContext({ experimentId });
  return { ...real, hash: (unit) => Number(unit) };
}

/** Every bucket as a unit of `bucketContext`. */
export const everyBucket: readonly string[] = Array.from({ length: 10_000 }, (_, i) => String(i));

/** The error thrown by `run`, or a failure when it returns. */
export function thrown(run: () => unknown): Error & { issues?: { path: string; message: string }[]; experimentId?: string } {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error, but nothing was thrown");
}
