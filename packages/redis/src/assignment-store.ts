/**
 * `RedisAssignmentStore`: the engine's sticky-assignment store on Redis. One hash per unit
 * (group by experiment id); a load is one round trip over the request's units, a save is one
 * round trip of `HSETNX` (the first group a unit got is kept), a compare-and-set script for a
 * group that replaces a retired one, plus an optional `EXPIRE`. A save's assignments are visible
 * to this process's loads from the moment `save` is called until Redis acknowledges them: while
 * its commands are on their way, and after a failure in a bounded buffer until their retry is
 * acknowledged.
 * @module
 */
import type { AssignmentStore, NewAssignment, StoredAssignments, Units } from "@strata/engine";
import { assignmentWriteCommand } from "./assignment-write.ts";
import type { RedisCommand, RedisConnection } from "./connection.ts";
import { report, type ErrorSink } from "./error-sink.ts";
import { hashEntries } from "./hash-reply.ts";
import { assignmentKey, checkPrefix } from "./keys.ts";
import { checkCount, checkSeconds } from "./option-checks.ts";
import { InFlightSaves } from "./in-flight-saves.ts";
import { groupAfterWrite, pendingAssignment, PendingSaves, type PendingAssignment } from "./pending-saves.ts";
import { messageOf, RedisStoreError } from "./store-error.ts";

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
  /** Assignments dropped because more than `retryLimit` were waiting. */
  readonly droppedAssignments: number;
}

const REPLAY_CHUNK = 500;
const DEFAULT_RETRY_LIMIT = 10_000;

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
   * Loads in this process see the assignments from this call on, until Redis acknowledges them.
   */
  async save(assignments: readonly NewAssignment[]): Promise<void> {
    if (assignments.length === 0) return;
    const operation = `save of ${assignments.length} assignment(s)`;
    this.counts.saves++;
    const writes = assignments.map((a) => pendingAssignment(assignmentKey(this.prefix, a.unitType, a.unit), a));
    this.inFlight.add(writes);
    try {
      await this.connection.run(this.writeCommands(writes), operation);
    } catch (error) {
      this.counts.failedSaves++;
      // Into the retry buffer before leaving the in-flight set, so no load misses them.
      this.keep(writes);
      this.inFlight.remove(writes);
      const reason = error instanceof RedisStoreError ? error.reason : messageOf(error);
      const retry = this.retryLimit > 0 ? `kept for a retry when Redis is back (${this.pending.size} waiting)` : "not kept (retryLimit is 0)";
      throw new RedisStoreError(operation, `${reason}; ${retry}`, { cause: error });
    }
    this.inFlight.remove(writes);
    this.counts.savedAssignments += assignments.length;
    if (this.pending.size > 0) void this.retry();
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
      try {
        await this.connection.run(this.writeCommands(chunk), `retry of ${chunk.length} saved assignment(s)`);
      } catch (error) {
        report(this.onError, error, "redis assignment retry");
        break;
      }
      this.pending.settle(chunk);
      written += chunk.length;
      this.counts.retriedAssignments += chunk.length;
      this.counts.savedAssignments += chunk.length;
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

  private writeCommands(assignments: readonly PendingAssignment[]): RedisCommand[] {
    const commands: RedisCommand[] = [];
    const keys = this.ttl === undefined ? undefined : new Set<string>();
    for (const { key, experiment, group, replaces } of assignments) {
      commands.push(assignmentWriteCommand(key, experiment, group, replaces));
      keys?.add(key);
    }
    if (keys) for (const key of keys) commands.push(["EXPIRE", key, String(this.ttl)]);
    return commands;
  }
}

/**
 * Puts over `stored` (one unit's hash as loaded) what its unacknowledged writes make of it once
 * Redis applied them: those seen when the load was sent, then those added since, each once.
 */
function overlayWrites(stored: Map<string, string>, atSend: readonly PendingAssignment[] | undefined, now: readonly PendingAssignment[] | undefined): void {
  const writes = atSend === undefined ? (now ?? []) : now === undefined ? atSend : [...atSend, ...now.filter((write) => !atSend.includes(write))];
  for (const write of writes) stored.set(write.experiment, groupAfterWrite(stored.get(write.experiment), write));
}
