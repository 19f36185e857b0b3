/**
 * Whether the Strata middleware left a visitor out of a sticky bandit because the assignment
 * store could not be read for their request, or refused to save the group drawn for them. The
 * engine then serves the bandit layer's defaults (outcome `store-unavailable`: the visitor's
 * group that stands is unknown), so the request's assignments alone do not tell such a visitor
 * from one outside the bandit.
 * @module
 */
import type { Explanation } from "@strata/engine";

/** The part of a request's decision (`req.strata`) read here. */
export interface ExplainableDecision {
  /** Problems met while deciding: a store that could not be read, or a failed save, is among them. */
  readonly errors: readonly string[];
  /** Why the request is in or out of each experiment. */
  explain(): Explanation;
}

/** The decision's errors (saying why the store could not be read, or the save failed) when it left the unit out of `experimentId` for that reason; undefined otherwise. */
export function storeLeftOut(decision: ExplainableDecision, experimentId: string): string | undefined {
  // A decision without errors read the store: explain only the rare one that did not.
  if (decision.errors.length === 0) return undefined;
  const leftOut = decision.explain().layers.some((layer) => layer.experiments.some((e) => e.experiment === experimentId && e.outcome === "store-unavailable"));
  return leftOut ? decision.errors.join("; ") : undefined;
}
