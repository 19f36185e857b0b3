/**
 * Loads every peer SDK (with `import()`, so call it after the offline guard is installed)
 * and checks that each API really assigns: a setup bug (a datafile the SDK rejected, a rule
 * it skipped) would otherwise be measured as a fast "no decision".
 * @module
 */
import type { Peer, PeerApi } from "./types.ts";

export type { Peer, PeerApi } from "./types.ts";

/** Imports and sets up GrowthBook, Optimizely and Unleash, in that order. */
export async function loadPeers(): Promise<Peer[]> {
  const { setupGrowthBook } = await import("./growthbook.ts");
  const { setupOptimizely } = await import("./optimizely.ts");
  const { setupUnleash } = await import("./unleash.ts");
  return [setupGrowthBook(), await setupOptimizely(), await setupUnleash()];
}

/** Only GrowthBook, for the guard (loads one SDK instead of three). */
export async function loadGrowthBook(): Promise<Peer> {
  const { setupGrowthBook } = await import("./growthbook.ts");
  return setupGrowthBook();
}

/** The summary of what one API decided over a set of users. */
export interface AssignmentCheck {
  /** Share of "treatment" in the one experiment. */
  readonly share: number;
  /** Mean count of "treatment" over the ten experiments (5 expected). */
  readonly tenMean: number;
  /** Variance of that count (2.5 expected for ten independent fair coins; 25 if they were all the same). */
  readonly tenVariance: number;
  /** Answers other than "control"/"treatment" in the one experiment. */
  readonly unexpected: number;
}

/** Runs `one` and `ten` for every id. */
export function checkAssignments(decider: Pick<PeerApi, "one" | "ten">, ids: readonly string[]): AssignmentCheck {
  let treatment = 0;
  let unexpected = 0;
  let sum = 0;
  let squares = 0;
  for (const id of ids) {
    const group = decider.one(id);
    if (group === "treatment") treatment++;
    else if (group !== "control") unexpected++;
    const n = decider.ten(id);
    sum += n;
    squares += n * n;
  }
  const mean = sum / ids.length;
  return { share: treatment / ids.length, tenMean: mean, tenVariance: squares / ids.length - mean * mean, unexpected };
}

/** Problems with an assignment check (empty: the API assigns 50/50, independently across the ten experiments). */
export function assignmentProblems(label: string, check: AssignmentCheck): string[] {
  const problems: string[] = [];
  if (check.unexpected > 0) problems.push(`${label}: ${check.unexpected} answers were neither control nor treatment`);
  if (Math.abs(check.share - 0.5) > 0.05) problems.push(`${label}: treatment share ${check.share.toFixed(3)} in the one experiment, expected 0.5`);
  if (Math.abs(check.tenMean - 5) > 0.3) problems.push(`${label}: mean treatment count ${check.tenMean.toFixed(2)} over ten experiments, expected 5`);
  if (check.tenVariance < 1.5 || check.tenVariance > 3.5) problems.push(`${label}: variance ${check.tenVariance.toFixed(2)} of the treatment count, expected 2.5 (independent experiments)`);
  return problems;
}
