/**
 * The store of per-arm trial and success counts that conversion-feedback segmenters learn
 * from, and its in-memory implementation.
 * @module
 */

/** The counts of one arm (group): how many units were assigned and how many converted. */
export interface ArmCounts {
  /** Units assigned to the arm. */
  trials: number;
  /** Units of the arm that converted. */
  successes: number;
}

/** Per-experiment, per-group counts; reads are synchronous snapshots, writes may persist later. */
export interface FeedbackStats {
  /** A synchronous snapshot of the experiment's counts by group (a remote store serves a cached snapshot). */
  read(experimentId: string): Readonly<Record<string, ArmCounts>>;
  /** Adds `by` (default 1) to one count; may persist asynchronously. */
  increment(experimentId: string, group: string, field: "trials" | "successes", by?: number): void;
}

const EMPTY: Readonly<Record<string, ArmCounts>> = Object.freeze(Object.create(null) as Record<string, ArmCounts>);

/** In-memory statistics for one process: cheap increments, immutable snapshots built on demand. */
export class MemoryFeedbackStats implements FeedbackStats {
  /** Frozen counts per group, per experiment; an increment replaces only its group's entry. */
  private readonly arms = new Map<string, Map<string, Readonly<ArmCounts>>>();
  /** The last snapshot per experiment, dropped by the next increment. */
  private readonly snapshots = new Map<string, Readonly<Record<string, ArmCounts>>>();

  /** The experiment's current counts (an immutable snapshot; empty when nothing was counted). */
  read(experimentId: string): Readonly<Record<string, ArmCounts>> {
    const cached = this.snapshots.get(experimentId);
    if (cached !== undefined) return cached;
    const arms = this.arms.get(experimentId);
    if (arms === undefined) return EMPTY;
    const snapshot = Object.create(null) as Record<string, ArmCounts>;
    for (const [group, counts] of arms) snapshot[group] = counts as ArmCounts;
    Object.freeze(snapshot);
    this.snapshots.set(experimentId, snapshot);
    return snapshot;
  }

  /** Adds `by` to one count; snapshots already handed out stay as they were. */
  increment(experimentId: string, group: string, field: "trials" | "successes", by = 1): void {
    if (!Number.isFinite(by) || by < 0) {
      throw new RangeError(`increment of ${field} for group ${JSON.stringify(group)} must be a finite number >= 0 (got ${String(by)})`);
    }
    let arms = this.arms.get(experimentId);
    if (arms === undefined) this.arms.set(experimentId, (arms = new Map()));
    const arm = arms.get(group);
    const counts = { trials: arm?.trials ?? 0, successes: arm?.successes ?? 0 };
    counts[field] += by;
    arms.set(group, Object.freeze(counts));
    this.snapshots.delete(experimentId);
  }

  /** Forgets the counts of one experiment, or of all experiments when no id is given. */
  reset(experimentId?: string): void {
    if (experimentId === undefined) {
      this.arms.clear();
      this.snapshots.clear();
    } else {
      this.arms.delete(experimentId);
      this.snapshots.delete(experimentId);
    }
  }
}
