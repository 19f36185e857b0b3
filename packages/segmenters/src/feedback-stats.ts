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

/** Feedback counts kept in this process's memory; a snapshot returned by `read` never changes afterwards. */
export class MemoryFeedbackStats implements FeedbackStats {
  private readonly experiments = new Map<string, Readonly<Record<string, ArmCounts>>>();

  /** The experiment's current counts (an immutable snapshot; empty when nothing was counted). */
  read(experimentId: string): Readonly<Record<string, ArmCounts>> {
    return this.experiments.get(experimentId) ?? EMPTY;
  }

  /** Adds `by` to one count, copying on write so earlier snapshots stay as they were. */
  increment(experimentId: string, group: string, field: "trials" | "successes", by = 1): void {
    if (!Number.isFinite(by) || by < 0) {
      throw new RangeError(`increment of ${field} for group ${JSON.stringify(group)} must be a finite number >= 0 (got ${String(by)})`);
    }
    const current = this.read(experimentId);
    const arm = Object.hasOwn(current, group) ? current[group] : undefined;
    const next: Record<string, ArmCounts> = Object.assign(Object.create(null) as Record<string, ArmCounts>, current);
    const counts = { trials: arm?.trials ?? 0, successes: arm?.successes ?? 0 };
    counts[field] += by;
    next[group] = Object.freeze(counts);
    this.experiments.set(experimentId, Object.freeze(next));
  }

  /** Forgets the counts of one experiment, or of all experiments when no id is given. */
  reset(experimentId?: string): void {
    if (experimentId === undefined) this.experiments.clear();
    else this.experiments.delete(experimentId);
  }
}
