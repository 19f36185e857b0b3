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

/**
 * The prototype of snapshots: empty, frozen, and without Object.prototype above it, so a group
 * named `__proto__` is a plain key, while V8 keeps snapshots in fast mode with shared hidden
 * classes (an `Object.create(null)` object is a hash table, slow to build and to freeze).
 */
const SNAPSHOT_PROTO: object = Object.freeze(Object.create(null) as object);

/** The snapshot of an experiment with no counts, made like every other snapshot. */
const EMPTY: Readonly<Record<string, ArmCounts>> = Object.freeze(Object.create(SNAPSHOT_PROTO) as Record<string, ArmCounts>);

/** An immutable snapshot of one experiment's counts. */
function snapshotOf(arms: ReadonlyMap<string, Readonly<ArmCounts>>): Readonly<Record<string, ArmCounts>> {
  const snapshot = Object.create(SNAPSHOT_PROTO) as Record<string, ArmCounts>;
  arms.forEach((counts, group) => {
    snapshot[group] = counts as ArmCounts;
  });
  return Object.freeze(snapshot);
}

/** One experiment's counts by group, and the snapshot handed out since the last change. */
interface ExperimentCounts {
  readonly arms: Map<string, Readonly<ArmCounts>>;
  snapshot: Readonly<Record<string, ArmCounts>> | undefined;
}

/** In-memory statistics for one process: cheap increments, immutable snapshots built on demand. */
export class MemoryFeedbackStats implements FeedbackStats {
  /** Per experiment: frozen counts per group (an increment replaces only its group's entry) and the last snapshot. */
  private readonly experiments = new Map<string, ExperimentCounts>();

  /** The experiment's current counts (an immutable snapshot; empty when nothing was counted). */
  read(experimentId: string): Readonly<Record<string, ArmCounts>> {
    const counts = this.experiments.get(experimentId);
    if (counts === undefined) return EMPTY;
    return (counts.snapshot ??= snapshotOf(counts.arms));
  }

  /** Adds `by` to one count; snapshots already handed out stay as they were. */
  increment(experimentId: string, group: string, field: "trials" | "successes", by = 1): void {
    if (!Number.isFinite(by) || by < 0) {
      throw new RangeError(`increment of ${field} for group ${JSON.stringify(group)} must be a finite number >= 0 (got ${String(by)})`);
    }
    let counts = this.experiments.get(experimentId);
    if (counts === undefined) this.experiments.set(experimentId, (counts = { arms: new Map(), snapshot: undefined }));
    const arm = counts.arms.get(group);
    const trials = arm?.trials ?? 0;
    const successes = arm?.successes ?? 0;
    counts.arms.set(group, Object.freeze(field === "trials" ? { trials: trials + by, successes } : { trials, successes: successes + by }));
    counts.snapshot = undefined;
  }

  /** Forgets the counts of one experiment, or of all experiments when no id is given. */
  reset(experimentId?: string): void {
    if (experimentId === undefined) this.experiments.clear();
    else this.experiments.delete(experimentId);
  }
}
