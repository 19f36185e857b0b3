/**
 * The segmenter of the built-ins whose group depends only on the experiment's hash (percentage,
 * rollout): a bucket table read by `assign` and by the `groupAt` fast path.
 * @module
 */
import type { Segmenter } from "../contract.ts";
import { markFastPath } from "../fast-path.ts";
import type { BucketTable } from "./bucket-table.ts";

/** What a hash-only segmenter is made of. */
export interface HashOnlyParts {
  /** The group ids, in the table's group order. */
  readonly ids: readonly string[];
  /** Each group's expected share of units. */
  readonly expectedShares: Readonly<Record<string, number>>;
  /** Bucket → group index. */
  readonly table: BucketTable;
  /** The experiment's hash: the unit's bucket in [0, 10000). */
  readonly hash: (unit: string) => number;
}

/** A segmenter whose `assign` is `groupAt(hash(unit))`, with `groupAt` marked as its fast path. */
export function hashOnlySegmenter({ ids, expectedShares, table, hash }: HashOnlyParts): Segmenter {
  const groupAt = (bucket: number): string | null => ids[table.groupAt(bucket)] ?? null;
  const assign = (unit: string): string | null => groupAt(hash(unit));
  markFastPath(groupAt, assign);
  return { groups: ids, expectedShares, groupAt, assign };
}
