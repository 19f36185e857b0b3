/**
 * `CounterDeltas`: feedback counts added in this process and not yet part of the snapshot read
 * from Redis, by experiment and group.
 * @module
 */
import type { ArmCounts } from "@strata/segmenters";
import type { CounterField } from "./keys.ts";

/** Counts to add, by experiment id then group id. */
export class CounterDeltas {
  private readonly byExperiment = new Map<string, Map<string, ArmCounts>>();

  /** True when nothing was added. */
  get isEmpty(): boolean {
    return this.byExperiment.size === 0;
  }

  /** Adds `by` to one count. */
  add(experimentId: string, group: string, field: CounterField, by: number): void {
    let groups = this.byExperiment.get(experimentId);
    if (!groups) this.byExperiment.set(experimentId, (groups = new Map()));
    let counts = groups.get(group);
    if (!counts) groups.set(group, (counts = { trials: 0, successes: 0 }));
    counts[field] += by;
  }

  /** Adds every count of `other`. */
  merge(other: CounterDeltas): void {
    for (const [experimentId, group, field, by] of other.entries()) this.add(experimentId, group, field, by);
  }

  /** The counts added to one experiment, by group. */
  of(experimentId: string): ReadonlyMap<string, Readonly<ArmCounts>> | undefined {
    return this.byExperiment.get(experimentId);
  }

  /** Forgets one experiment's counts. */
  delete(experimentId: string): void {
    this.byExperiment.delete(experimentId);
  }

  /** The experiments with counts. */
  experiments(): IterableIterator<string> {
    return this.byExperiment.keys();
  }

  /** Every non-zero count as `[experimentId, group, field, by]`. */
  *entries(): Generator<[string, string, CounterField, number]> {
    for (const [experimentId, groups] of this.byExperiment) {
      for (const [group, counts] of groups) {
        if (counts.trials !== 0) yield [experimentId, group, "trials", counts.trials];
        if (counts.successes !== 0) yield [experimentId, group, "successes", counts.successes];
      }
    }
  }

  /** The sum of all counts (how many increments are in here). */
  total(): number {
    let sum = 0;
    for (const [, , , by] of this.entries()) sum += by;
    return sum;
  }
}
