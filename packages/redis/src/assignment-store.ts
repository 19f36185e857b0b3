/**
 * `RedisAssignmentStore`: the engine's sticky-assignment store on Redis. One hash per unit
 * (group by experiment id); a load is one round trip over the request's units, a save is one
 * round trip of one script per unit key (see unit-write-script.ts: the first group a unit got is
 * kept, a retired one is replaced by compare-and-set, the TTL refreshed), which answers the
 * groups kept where it wrote nothing; the save resolves with them. A save's assignments are
 * visible to this process's loads from the moment `save` is called until Redis acknowledges them:
 * while its commands are on their way, and after a failure in a bounded buffer until their retry
 * is acknowledged. Writes Redis refuses for good (their unit key is not a hash) are dropped and
 * reported instead of blocking the others.
 * @module
 */
import type { AssignmentStore, KeptGroups, NewAssignment, StoredAssignments, Units } from "@strata/engine";
import type { RedisConnection } from "./connection.ts";
import { report, type ErrorSink } from "./error-sink.ts";
import { hashEntries } from "./hash-reply.ts";
import { assignmentKey, checkPrefix } from "./keys.ts";
import { checkCount, checkSeconds } from "./option-checks.ts";
import { InFlightSaves } from "./in-flight-saves.ts";
import { groupAfterWrite, pendingAssignment, PendingSaves, type PendingAssignment } from "./pending-saves.ts";
import { messageOf, RedisStoreError } from "./store-error.ts";
import { AssignmentWriteBatch, type RefusedWrite, type WriteOutcomes } from "./write-batch.ts";

/** Options of the Redis assignment store. */
export interface RedisAssignmentStoreOptions {
  /** The key prefix (default `strata:`). */
  readonly prefix?: string;
  /** Seconds a unit's assignments live after its last new assignment (default: forever). */
  readonly ttl?: number;
  /** How many assignments whose save failed are kept for a retry (default 10,000; the oldest are dropped beyond). */
  readonly retryLimit?: number;
  /** Receives errors of background retries and of dropped assignments. */
  readonly onError?: ErrorSink;
}

/** The counters of an assignment store since it was created. */
export interface AssignmentStoreStatus {
  /** Loads sent to Redis. */
  readonly loads: number;
  /** Loads that failed (the decision went on by hashing alone). */
  readonly failedLoads: number;
  /** Saves sent to Redis (one per decision with new sticky assignments). */
  readonly saves: number;
  /** Saves that failed. */
  readonly failedSaves: number;
  /** Assignments written, by saves and by retries. */
  readonly savedAssignments: number;
  /** Assignments written by retries after a failed save. */
  readonly retriedAssignments: number;
  /** Assignments waiting for a retry. */
  readonly waitingAssignments: number;
  /** Assignments dropped: more than `retryLimit` were waiting, or Redis refused them (their unit key is not a hash). */
  readonly droppedAssignments: number;
}

const REPLAY_CHUNK = 500;
const DEFAULT_RETRY_LIMIT = 10_000;
/** The answer of a save that wrote every assignment. */
const NOTHING_KEPT: KeptGroups = Object.freeze({});

/** Sticky assignments in Redis: `load` before a decision and `save` after it, one round trip each. */
export class RedisAssignmentStore implements AssignmentStore {
  private readonly prefix: string;
  private readonly ttl: number | undefined;
  private readonly onError: ErrorSink | undefined;
  private readonly pending: PendingSaves;
  private readonly inFlight = new InFlightSaves();
  private readonly retryLimit: number;
  private readonly unsubscribe: () => void;
  private replaying: Promise<number> | undefined;
  private readonly counts = { loads: 0, failedLoads: 0, saves: 0, failedSaves: 0, savedAssignments: 0, retriedAssignments: 0, droppedAssignments: 0 };

  /** A store on `connection`; retries waiting saves whenever the connection becomes ready. */
  constructor(
    private readonly connection: RedisConnection,
    options: RedisAssignmentStoreOptions = {},
  ) {
    this.prefix = checkPrefix(options.prefix);
    this.ttl = checkSeconds("ttl", options.ttl);
    this.retryLimit = checkCount("retryLimit", options.retryLimit, DEFAULT_RETRY_LIMIT);
    this.pending = new PendingSaves(this.retryLimit);
    this.onError = options.onError;
    this.unsubscribe = connection.onReady(() => void this.retry());
  }

  /** The stored assignments of the request's units: one `HGETALL` per unit type, in one round trip. */
  async load(units: Units): Promise<StoredAssignments> {
    const keys: string[] = [];
    const unitTypes: string[] = [];
    for (const unitType of Object.keys(units)) {
      const id = units[unitType];
      if (id === undefined || id === null) continue;
      keys.push(assignmentKey(this.prefix, unitType, String(id)));
      unitTypes.push(unitType);
    }
    const out: Record<string, string> = Object.create(null) as Record<string, string>;
    if (keys.length === 0) return out;
    this.counts.loads++;
    // What is unacknowledged now may be written and settled before the reply is read: keep it for the overlay.
    const unsettledAtSend = this.unsettled() ? keys.map((key) => this.unsettledWrites(key)) : undefined;
    let replies: unknown[];
    try {
      replies = await this.connection.run(
        keys.map((key) => ["HGETALL", key]),
        `load of stored assignments (${unitTypes.join(", ")})`,
      );
    } catch (error) {
      this.counts.failedLoads++;
      throw error;
    }
    for (let i = 0; i < keys.length; i++) {
      const entries = hashEntries(replies[i]);
      const unsettledBefore = unsettledAtSend?.[i];
      const unsettledNow = this.unsettled() ? this.unsettledWrites(keys[i] as string) : undefined;
      if (unsettledBefore === undefined && unsettledNow === undefined) {
        for (const [experiment, group] of entries) out[experiment] = group;
        continue;
      }
      const stored = new Map(entries);
      overlayWrites(stored, unsettledBefore, unsettledNow);
      for (const [experiment, group] of stored) out[experiment] = group;
    }
    if (this.pending.size > 0) void this.retry();
    return out;
  }

  /**
   * Writes new assignments in one round trip. A unit's stored group of an experiment is never
   * overwritten, except a retired one named by the assignment's `replaces`, and only while it is
   * still the stored group (compare-and-set: of two servers replacing it, the first one wins).
   * Resolves with, for each assignment not written because the unit already had a group of its
   * experiment (another server's, maybe the same one), the group kept (empty when all were written).
   * Loads in this process see the assignments from this call on, until Redis acknowledges them.
   * Rejects when a write failed for now (the failed ones are then kept for a retry; those Redis
   * acknowledged are saved) or Redis refused one because its unit key is not a hash (dropped and
   * named; the others are saved).
   */
  async save(assignments: readonly NewAssignment[]): Promise<KeptGroups> {
    if (assignments.length === 0) return NOTHING_KEPT;
    const operation = `save of ${assignments.length} assignment(s)`;
    this.counts.saves++;
    const writes = assignments.map((a) => pendingAssignment(assignmentKey(this.prefix, a.unitType, a.unit), a));
    const batch = new AssignmentWriteBatch(writes, this.ttl);
    this.inFlight.add(writes);
    let outcomes: WriteOutcomes;
    try {
      outcomes = batch.outcomes(await this.connection.runSettled(batch.commands, operation));
    } catch (error) {
      throw this.failSave(writes, writes, operation, error instanceof RedisStoreError ? error.reason : messageOf(error), error);
    }
    const { acknowledged, written, kept, refused, failed, failure } = outcomes;
    // The acknowledged writes are in Redis whatever became of the others: count them now, and retry only the failed ones.
    this.counts.savedAssignments += written;
    if (failed.length > 0) throw this.failSave(failed, writes, operation, messageOf(failure), failure, refused, acknowledged.length);
    this.inFlight.remove(writes);
    if (refused.length > 0) {
      this.counts.failedSaves++;
      this.counts.droppedAssignments += refused.length;
      const saved = acknowledged.length > 0 ? `; the other ${acknowledged.length} assignment(s) were saved` : "";
      throw new RedisStoreError(operation, `${describeRefusals(refused)}${saved}`);
    }
    if (this.pending.size > 0) void this.retry();
    return Object.keys(kept).length === 0 ? NOTHING_KEPT : kept;
  }

  /** Writes the assignments waiting after failed saves now; resolves with how many were written (never rejects). */
  retry(): Promise<number> {
    this.replaying ??= this.writeWaiting().finally(() => {
      this.replaying = undefined;
    });
    return this.replaying;
  }

  /** The store's counters. */
  status(): AssignmentStoreStatus {
    return { ...this.counts, waitingAssignments: this.pending.size };
  }

  /** Stops retrying on reconnect; waits for a retry in progress. */
  async close(): Promise<void> {
    this.unsubscribe();
    await this.replaying;
  }

  private async writeWaiting(): Promise<number> {
    let written = 0;
    while (this.pending.size > 0 && this.connection.connected) {
      // The chunk stays in the buffer (and visible to loads) until Redis acknowledges it.
      const chunk = this.pending.peek(REPLAY_CHUNK);
      const batch = new AssignmentWriteBatch(chunk, this.ttl);
      let outcomes: WriteOutcomes;
      try {
        outcomes = batch.outcomes(await this.connection.runSettled(batch.commands, `retry of ${chunk.length} saved assignment(s)`));
      } catch (error) {
        report(this.onError, error, "redis assignment retry");
        break;
      }
      // Each write is settled on its own, so one Redis refuses cannot hold back the others.
      const { acknowledged, refused, failed, failure } = outcomes;
      this.pending.settle(acknowledged);
      written += outcomes.written;
      this.counts.retriedAssignments += outcomes.written;
      this.counts.savedAssignments += outcomes.written;
      if (refused.length > 0) {
        this.pending.settle(refused.map(({ write }) => write));
        this.counts.droppedAssignments += refused.length;
        report(this.onError, new RedisStoreError(`retry of ${chunk.length} saved assignment(s)`, describeRefusals(refused)), "redis assignment retry");
      }
      if (failed.length > 0) {
        const reason = `${messageOf(failure)}; ${failed.length} assignment(s) kept for the next retry (${this.pending.size} waiting)`;
        report(this.onError, new RedisStoreError(`retry of ${chunk.length} saved assignment(s)`, reason, { cause: failure }), "redis assignment retry");
        break;
      }
    }
    return written;
  }

  /** True when some assignment is not acknowledged yet (in flight or waiting for a retry). */
  private unsettled(): boolean {
    return this.inFlight.size > 0 || this.pending.size > 0;
  }

  /** The unacknowledged writes to one unit key, in the order Redis is expected to apply them: waiting retries, then saves in flight. */
  private unsettledWrites(key: string): readonly PendingAssignment[] | undefined {
    const waiting = this.pending.size > 0 ? this.pending.waitingFor(key) : undefined;
    const inFlight = this.inFlight.size > 0 ? this.inFlight.writesFor(key) : undefined;
    if (waiting === undefined) return inFlight;
    const writes = [...waiting.values()];
    if (inFlight !== undefined) writes.push(...inFlight);
    return writes;
  }

  private keep(assignments: readonly PendingAssignment[]): void {
    const dropped = this.pending.add(assignments);
    if (dropped === 0) return;
    this.counts.droppedAssignments += dropped;
    report(
      this.onError,
      new RedisStoreError("retry of failed saves", `dropped ${dropped} assignment(s): more than retryLimit (${this.retryLimit}) were waiting for Redis`),
      "redis assignment retry",
    );
  }

  /**
   * Books a failed save: `retryable` into the retry buffer (before `sent` leaves the in-flight set,
   * so no load misses them; the `saved` others Redis acknowledged are in Redis by then), `refused`
   * dropped, and the error to reject with, saying so.
   */
  private failSave(
    retryable: readonly PendingAssignment[],
    sent: readonly PendingAssignment[],
    operation: string,
    reason: string,
    cause: unknown,
    refused: readonly RefusedWrite[] = [],
    saved = 0,
  ): RedisStoreError {
    this.counts.failedSaves++;
    this.counts.droppedAssignments += refused.length;
    this.keep(retryable);
    this.inFlight.remove(sent);
    const which = retryable.length < sent.length ? `${retryable.length} assignment(s) ` : "";
    const retry = this.retryLimit > 0 ? `${which}kept for a retry when Redis is back (${this.pending.size} waiting)` : `${which}not kept (retryLimit is 0)`;
    const others = saved > 0 ? `; the other ${saved} assignment(s) were saved` : "";
    const refusals = refused.length > 0 ? `; ${describeRefusals(refused)}` : "";
    return new RedisStoreError(operation, `${reason}; ${retry}${refusals}${others}`, { cause });
  }
}

/** Says which unit keys Redis refused writes to, why, and how to fix them. */
function describeRefusals(refused: readonly RefusedWrite[]): string {
  const byKey = new Map<string, { experiments: string[]; reason: string }>();
  for (const { write, reason } of refused) {
    const entry = byKey.get(write.key);
    if (entry) entry.experiments.push(write.experiment);
    else byKey.set(write.key, { experiments: [write.experiment], reason: reason.replace(/\.+$/, "") });
  }
  const keys = [...byKey].map(([key, { experiments, reason }]) => `key ${JSON.stringify(key)} (${experiments.map((e) => JSON.stringify(e)).join(", ")}): ${reason}`);
  return `Redis refused ${refused.length} assignment write(s), dropped and not retried: ${keys.join("; ")}. A unit key must be a hash of group by experiment id: delete or rename the key(s), and the units get stored groups again`;
}

/**
 * Puts over `stored` (one unit's hash as loaded) what its unacknowledged writes make of it once
 * Redis applied them: those seen when the load was sent, then those added since, each once.
 */
function overlayWrites(stored: Map<string, string>, atSend: readonly PendingAssignment[] | undefined, now: readonly PendingAssignment[] | undefined): void {
  const writes = atSend === undefined ? (now ?? []) : now === undefined ? atSend : [...atSend, ...now.filter((write) => !atSend.includes(write))];
  for (const write of writes) stored.set(write.experiment, groupAfterWrite(stored.get(write.experiment), write));
}
