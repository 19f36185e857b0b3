/**
 * A FeedbackStats wrapper that counts the increments the engine makes, so tests can check that
 * Redis holds exactly what was counted (nothing lost, nothing twice).
 * @module
 */
import type { FeedbackStats } from "@strata/segmenters";

/** Forwards to `inner` and sums every increment by experiment and field. */
export function countingFeedback(inner: FeedbackStats): FeedbackStats & { total(experimentId: string, field: "trials" | "successes"): number } {
  const totals = new Map<string, number>();
  return {
    read: (experimentId) => inner.read(experimentId),
    increment(experimentId, group, field, by = 1) {
      inner.increment(experimentId, group, field, by);
      totals.set(`${experimentId}/${field}`, (totals.get(`${experimentId}/${field}`) ?? 0) + by);
    },
    total: (experimentId, field) => totals.get(`${experimentId}/${field}`) ?? 0,
  };
}
