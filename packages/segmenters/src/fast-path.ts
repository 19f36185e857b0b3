/**
 * The `groupAt` fast path a caller may use in place of `assign`. The built-ins mark each
 * `groupAt` with the `assign` it mirrors, so that a segmenter spread from a built-in with an
 * `assign` of its own (`{ ...percentage.create(options, ctx), assign }`) loses the built-in's
 * fast path instead of having its `assign` bypassed.
 * @module
 */
import type { Segmenter } from "./contract.ts";

/**
 * The property of a built-in's `groupAt` that holds the `assign` it mirrors. A global symbol,
 * so that a built-in made by one copy of this package is recognised by another.
 */
const MIRRORED_ASSIGN = Symbol.for("@strata/segmenters.groupAt.mirroredAssign");

/** A `groupAt` as the contract declares it. */
type GroupAt = NonNullable<Segmenter["groupAt"]>;

/** Marks a built-in's `groupAt` as the fast path of `assign` (and of no other `assign`). */
export function markFastPath(groupAt: GroupAt, assign: Segmenter["assign"]): void {
  Object.defineProperty(groupAt, MIRRORED_ASSIGN, { value: assign });
}

/** The segmenter's `groupAt` when a caller may use it instead of `assign` (a plugin's own, or a built-in's next to the `assign` it mirrors), else null. */
export function fastPathOf(segmenter: Segmenter): GroupAt | null {
  const { groupAt } = segmenter;
  if (typeof groupAt !== "function") return null;
  if (!Object.hasOwn(groupAt, MIRRORED_ASSIGN)) return groupAt;
  return (groupAt as GroupAt & { [MIRRORED_ASSIGN]: unknown })[MIRRORED_ASSIGN] === segmenter.assign ? groupAt : null;
}
