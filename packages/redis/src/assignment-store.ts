/**
 * `RedisAssignmentStore`: the engine's sticky-assignment store on Redis. One hash per unit
 * (group by experiment id); a load is one round trip over the request's units, a save is one
 * round trip of one script per unit key (see unit-write-script.ts: the first group a unit got is
 * kept, a retired one is replaced by compare-and-set, the TTL refreshed), which answers the
 * groups kept where it wrote nothing; the save resolves with them. A save's assignments are
 * visible to this process's loads while its commands are on their way (without pipelining they go
 * one round trip at a time). A write that failed is kept in a bounded buffer and retried, but
 * loads do not show it until Redis holds it: another server cannot see it either, so showing it
 * here could show a unit two groups on two servers. Writes Redis refuses for good (their unit key
 * is not a hash) are dropped and reported instead of blocking the others. `close()` tries the
 * waiting writes once more and reports those it could not write.
 * @module
 */
import { convertedExperiment, type AssignmentStore, type KeptGroups, type NewAssignment, type SaveOptions, type StoredAssignments, type StoredByUnit, type Units } from "@strata/engine";
import { BatchesInFlight } from "./batches-in-flight.ts";
import type { RedisConnection } from "./connection.ts";
import { report, type ErrorSink } from "./error-sink.ts";
import { hashEntries } from "./hash-reply.ts";
import { assignmentKey, checkPrefix } from "./keys.ts";
import { checkCount, checkSeconds } from "./option-checks.ts";
import { InFlightSaves } from "./in-flight-saves.ts";
import { groupAfterWrite, pendingAssignment, PendingSaves, type LateWriteListener, type PendingAssignment } from "./pending-saves.ts";
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
  /** Receives errors of background retries, dropped assignments, and the waiting assignments `close()` could not write. */
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
  /**
   * Assignments of failed saves that a retry found already stored with their own group: Redis had
   * applied them although their save got no reply in time (or lost its connection), or another
   * server stored the same group. They need no write, so `retriedAssignments` leaves them out.
   */
  readonly alreadyStoredAssignments: number;
  /** Assignments waiting for a retry. */
  readonly waitingAssignments: number;
  /** Assignments dropped: more than `retryLimit` were waiting, or Redis refused them (their unit key is not a hash). */
  readonly droppedAssignments: number;
}

const REPLAY_CHUNK = 500;
const DEFAULT_RETRY_LIMIT = 10_000;
/** While writes wait, they are retried after this long, then after twice as long each time up to the longest wait. */
const FIRST_RETRY_DELAY_MS = 1_000;
const LONGEST_RETRY_DELAY_MS = 30_000;
/** The answer of a save that wrote every assignment. */
const NOTHING_KEPT: KeptGroups = Object.freeze({});

/** Sticky assignments in Redis: `load` before a decision and `save` after it, one round trip each. */
export class RedisAssignmentStore implements AssignmentStore {
  private readonly prefix: string;
  private readonly ttl: number | undefined;
  private readonly onError: ErrorSink | undefined;
  private readonly pending: PendingSaves;
  private readonly inFlight = new InFlightSaves();
  /** The saves not settled yet, each until its deadline: `close()` waits for them, so their failed writes get its last retry. */
  private readonly savesUnsettled = new BatchesInFlight();
  /** Writes of saves that failed: a load sent while they were in flight must not show them. */
  private readonly failedWrites = new WeakSet<PendingAssignment>();
  /**
   * Failed writes Redis may have applied all the same (no reply in time, a lost connection): a
   * retry that finds their own group stored takes them as written by this process.
   */
  private readonly unsureWrites = new WeakSet<PendingAssignment>();
  private readonly retryLimit: number;
  private readonly unsubscribe: () => void;
  private replaying: Promise<number> | undefined;
  /** The timed retry of waiting writes (Redis may take writes again with no reconnect, e.g. after a write pause). */
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryDelayMs = FIRST_RETRY_DELAY_MS;
  /** True once `close()` was called: no retry on the timer or on reconnect, and retry failures go into close's report. */
  private closed = false;
  /** When `close()` stops sending retries (ms since the epoch). */
  private closeDeadline: number | undefined;
  /** True once close's last retry is over: failed saves keep nothing for a retry, and `retry()` writes nothing. */
  private retriesOver = false;
  private closing: Promise<void> | undefined;
  /** Why the last save or retry failed to write (close's report says it). */
  private lastWriteFailure: unknown;
  private readonly counts = { loads: 0, failedLoads: 0, saves: 0, failedSaves: 0, savedAssignments: 0, retriedAssignments: 0, alreadyStoredAssignments: 0, droppedAssignments: 0 };

  /** A store on `connection`; retries waiting saves whenever the connection becomes ready, after every load and save, and every few seconds while any wait. */
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

  /** The stored assignments of the request's units, merged over the units: one `HGETALL` per unit type, in one round trip. */
  async load(units: Units): Promise<StoredAssignments> {
    const out = Object.create(null) as Record<string, string>;
    for (const stored of Object.values(await this.loadByUnit(units))) Object.assign(out, stored);
    return out;
  }

  /** The stored assignments of the request's units, per unit type: one `HGETALL` per unit type, in one round trip. */
  async loadByUnit(units: Units): Promise<StoredByUnit> {
    const keys: string[] = [];
    const unitTypes: string[] = [];
    for (const unitType of Object.keys(units)) {
      const id = units[unitType];
      if (id === undefined || id === null) continue;
      keys.push(assignmentKey(this.prefix, unitType, String(id)));
      unitTypes.push(unitType);
    }
    const out = Object.create(null) as Record<string, StoredAssignments>;
    if (keys.length === 0) return out;
    this.counts.loads++;
    // A save in flight now may be acknowledged and forgotten before the reply is read: keep its writes for the overlay.
    const inFlightAtSend = this.inFlight.size > 0 ? keys.map((key) => this.inFlight.writesFor(key)) : undefined;
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
      const atSend = inFlightAtSend?.[i]?.filter((write) => !this.failedWrites.has(write));
      const now = this.inFlight.size > 0 ? this.inFlight.writesFor(keys[i] as string) : undefined;
      if (atSend === undefined && now === undefined) {
        if (entries.length > 0) out[unitTypes[i] as string] = Object.fromEntries(entries);
        continue;
      }
      const stored = new Map(entries);
      overlayWrites(stored, atSend, now);
      if (stored.size > 0) out[unitTypes[i] as string] = Object.fromEntries(stored);
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
   * Loads in this process see the assignments while they are on their way to Redis; failed ones
   * only once a retry wrote them.
   * Rejects when a write failed for now (the failed ones are then kept for a retry; those Redis
   * acknowledged are saved) or Redis refused one because its unit key is not a hash (dropped and
   * named; the others are saved). Such a rejection has `reportsLateWrites: true`: the assignments
   * of the save written all the same (acknowledged before another write failed, or by a retry)
   * are handed to `options.onLateWrite`, once each.
   */
  save(assignments: readonly NewAssignment[], options?: SaveOptions): Promise<KeptGroups> {
    const saving = this.write(assignments, options);
    this.savesUnsettled.add(saving, Date.now() + this.connection.timeoutMs);
    return saving;
  }

  /** The save itself. */
  private async write(assignments: readonly NewAssignment[], options: SaveOptions | undefined): Promise<KeptGroups> {
    if (assignments.length === 0) return NOTHING_KEPT;
    const operation = `save of ${assignments.length} assignment(s)`;
    this.counts.saves++;
    const onLateWrite = options?.onLateWrite;
    const writes = assignments.map((a) => pendingAssignment(assignmentKey(this.prefix, a.unitType, a.unit), a, onLateWrite));
    const batch = new AssignmentWriteBatch(writes, this.ttl);
    this.inFlight.add(writes);
    let outcomes: WriteOutcomes;
    try {
      outcomes = batch.outcomes(await this.connection.runSettled(batch.commands, operation));
    } catch (error) {
      const unsent = error instanceof RedisStoreError && error.unsent;
      throw this.failSave(writes, unsent ? [] : writes, writes, operation, error instanceof RedisStoreError ? error.reason : messageOf(error), error, onLateWrite !== undefined);
    }
    const { acknowledged, written, landed, kept, refused, failed, unsure, failure } = outcomes;
    // The acknowledged writes are in Redis whatever became of the others: count them now, and retry only the failed ones.
    this.counts.savedAssignments += written;
    if (failed.length > 0 || refused.length > 0) this.reportLateWrites(landed);
    if (failed.length > 0) throw this.failSave(failed, unsure, writes, operation, messageOf(failure), failure, onLateWrite !== undefined, refused, acknowledged.length);
    this.inFlight.remove(writes);
    if (refused.length > 0) {
      this.counts.failedSaves++;
      this.counts.droppedAssignments += refused.length;
      const saved = acknowledged.length > 0 ? `; the other ${acknowledged.length} assignment(s) were saved` : "";
      throw new RedisStoreError(operation, `${describeRefusals(refused)}${saved}`, { reportsLateWrites: onLateWrite !== undefined });
    }
    if (this.pending.size > 0) void this.retry();
    return Object.keys(kept).length === 0 ? NOTHING_KEPT : kept;
  }

  /** Writes the assignments waiting after failed saves now; resolves with how many were written (never rejects; nothing once the store is closed). */
  retry(): Promise<number> {
    if (this.retriesOver) return Promise.resolve(0);
    this.replaying ??= this.writeWaiting().finally(() => {
      this.replaying = undefined;
    });
    return this.replaying;
  }

  /** The store's counters. */
  status(): AssignmentStoreStatus {
    return { ...this.counts, waitingAssignments: this.pending.size };
  }

  /**
   * Stops retrying on reconnect and on the timer, waits for the saves on their way (until their
   * deadline at most), then writes the waiting assignments once more, after a retry in progress
   * (none is sent once `timeoutMs` has passed, so it ends within twice `timeoutMs`, and at once
   * while Redis is unreachable), handing the late writes to their saves' `onLateWrite`. Those still
   * not written are reported through `onError` ("redis assignment close"), with their number, their
   * experiments and the conversion records among them. A save failing afterwards keeps nothing for
   * a retry. Never rejects.
   */
  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private async closeOnce(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.closeDeadline = Date.now() + this.connection.timeoutMs;
    await this.savesUnsettled.settled();
    await this.replaying;
    if (this.pending.size > 0) await this.retry();
    this.retriesOver = true;
    if (this.pending.size > 0) this.reportUnwritten();
  }

  /**
   * Retries the waiting writes after a while, unless a timed retry is due already: Redis may take
   * writes again without a reconnect (after a write pause), and an idle process makes no load or
   * save that would retry them. The wait doubles while writes keep waiting, and starts again at the
   * first once none wait. The timer keeps no process alive.
   */
  private scheduleRetry(): void {
    if (this.closed || this.retryTimer !== undefined) return;
    if (this.pending.size === 0) {
      this.retryDelayMs = FIRST_RETRY_DELAY_MS;
      return;
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.retryDelayMs = Math.min(this.retryDelayMs * 2, LONGEST_RETRY_DELAY_MS);
      void this.retry().then(() => this.scheduleRetry());
    }, this.retryDelayMs);
    (this.retryTimer as { unref?: () => void }).unref?.();
  }

  private async writeWaiting(): Promise<number> {
    let written = 0;
    while (this.pending.size > 0 && this.connection.connected && !(this.closeDeadline !== undefined && Date.now() >= this.closeDeadline)) {
      // The chunk stays in the buffer (and visible to loads) until Redis acknowledges it.
      const chunk = this.pending.peek(REPLAY_CHUNK);
      const batch = new AssignmentWriteBatch(chunk, this.ttl);
      let outcomes: WriteOutcomes;
      try {
        outcomes = batch.outcomes(await this.connection.runSettled(batch.commands, `retry of ${chunk.length} saved assignment(s)`));
      } catch (error) {
        // No reply in time (or the connection lost): Redis may apply these writes all the same.
        if (!(error instanceof RedisStoreError && error.unsent)) for (const write of chunk) this.unsureWrites.add(write);
        this.retryFailed(error, error);
        break;
      }
      // Each write is settled on its own, so one Redis refuses cannot hold back the others.
      const { acknowledged, landed, keptSame, refused, failed, unsure, failure } = outcomes;
      this.pending.settle(acknowledged);
      // Written now, or found stored with its own group after an earlier try whose reply was lost: written by this process.
      this.reportLateWrites(keptSame.length === 0 ? landed : [...landed, ...keptSame.filter((write) => this.unsureWrites.has(write))]);
      for (const write of unsure) this.unsureWrites.add(write);
      written += outcomes.written;
      this.counts.retriedAssignments += outcomes.written;
      this.counts.alreadyStoredAssignments += keptSame.length;
      this.counts.savedAssignments += outcomes.written;
      if (refused.length > 0) {
        this.pending.settle(refused.map(({ write }) => write));
        this.counts.droppedAssignments += refused.length;
        report(this.onError, new RedisStoreError(`retry of ${chunk.length} saved assignment(s)`, describeRefusals(refused)), "redis assignment retry");
      }
      if (failed.length > 0) {
        const reason = `${messageOf(failure)}; ${failed.length} assignment(s) kept for the next retry (${this.pending.size} waiting)`;
        this.retryFailed(new RedisStoreError(`retry of ${chunk.length} saved assignment(s)`, reason, { cause: failure }), failure);
        break;
      }
    }
    return written;
  }

  /** A retry that failed (`why` it did): reported, except while closing, whose report says what was not written and why. */
  private retryFailed(error: unknown, why: unknown): void {
    this.lastWriteFailure = why;
    if (!this.closed) report(this.onError, error, "redis assignment retry");
  }

  /** Reports the assignments close's last retry could not write: how many, why, their experiments, the conversion records and those Redis may hold. */
  private reportUnwritten(): void {
    const waiting = this.pending.peek(this.pending.size);
    const failure = this.lastWriteFailure;
    const why = failure instanceof RedisStoreError ? failure.reason : messageOf(failure);
    const unsure = waiting.filter((write) => this.unsureWrites.has(write)).length;
    const maybeStored = unsure > 0 ? `; ${unsure} of them were sent without a reply, so Redis may hold them, but a bandit trial or conversion they carry is not counted` : "";
    const reason = `${waiting.length} waiting assignment(s) not saved (${why}): ${describeUnwritten(waiting)}${maybeStored}`;
    report(this.onError, new RedisStoreError("last retry of waiting assignments on close", reason, failure === undefined ? undefined : { cause: failure }), "redis assignment close");
  }

  private keep(assignments: readonly PendingAssignment[]): void {
    if (this.pending.size === 0) {
      // A new outage: a timer left from the last one (its waits grown long) starts over at the first wait.
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      this.retryDelayMs = FIRST_RETRY_DELAY_MS;
    }
    const dropped = this.pending.add(assignments);
    this.scheduleRetry();
    if (dropped.length === 0) return;
    this.counts.droppedAssignments += dropped.length;
    report(
      this.onError,
      new RedisStoreError(
        "retry of failed saves",
        `dropped ${dropped.length} assignment(s), the oldest waiting: more than retryLimit (${this.retryLimit}) were waiting for Redis, so they will not be written: ${describeUnwritten(dropped)}`,
      ),
      "redis assignment retry",
    );
  }

  /** Hands writes of failed saves that were written after all to their saves' `onLateWrite`, each save's at once. */
  private reportLateWrites(writes: readonly PendingAssignment[]): void {
    if (writes.length === 0) return;
    const bySave = new Map<LateWriteListener, NewAssignment[]>();
    for (const write of writes) {
      if (write.onLateWrite === undefined) continue;
      const written = bySave.get(write.onLateWrite);
      if (written === undefined) bySave.set(write.onLateWrite, [write.assignment]);
      else written.push(write.assignment);
    }
    for (const [onLateWrite, written] of bySave) {
      try {
        onLateWrite(written);
      } catch (error) {
        report(this.onError, error, "redis assignment late write");
      }
    }
  }

  /**
   * Books a failed save: `retryable` into the retry buffer and hidden from loads sent while they
   * were in flight (Redis may not hold them), `unsure` remembered as maybe applied, `refused`
   * dropped (the `saved` others Redis acknowledged are in Redis), and the error to reject with,
   * saying so (and whether the save's late writes are reported: only to a save `listening` for them).
   */
  private failSave(
    retryable: readonly PendingAssignment[],
    unsure: readonly PendingAssignment[],
    sent: readonly PendingAssignment[],
    operation: string,
    reason: string,
    cause: unknown,
    listening: boolean,
    refused: readonly RefusedWrite[] = [],
    saved = 0,
  ): RedisStoreError {
    this.counts.failedSaves++;
    this.counts.droppedAssignments += refused.length;
    this.lastWriteFailure = cause;
    // Once close's last retry is over, nothing would write them again.
    if (!this.retriesOver) this.keep(retryable);
    for (const write of retryable) this.failedWrites.add(write);
    for (const write of unsure) this.unsureWrites.add(write);
    for (const { write } of refused) this.failedWrites.add(write);
    this.inFlight.remove(sent);
    const which = retryable.length < sent.length ? `${retryable.length} assignment(s) ` : "";
    const retry = this.retriesOver
      ? `${which}not kept for a retry (the store is closed)`
      : this.retryLimit === 0
        ? `${which}not kept (retryLimit is 0)`
        : this.closed
          ? `${which}kept for the last retry of close() (${this.pending.size} waiting; those it cannot write are reported through onError)`
          : `${which}kept for a retry when Redis is back (${this.pending.size} waiting)`;
    const others = saved > 0 ? `; the other ${saved} assignment(s) were saved` : "";
    const refusals = refused.length > 0 ? `; ${describeRefusals(refused)}` : "";
    // Every write of this save that may still land is reported to a save that listens: those kept
    // for a retry, by the retry. Without a retry buffer (retryLimit 0) or once the store is closed,
    // nothing writes them again: a refused write never lands (so there is nothing to watch for, and
    // watching would count another server's draw of the same group a second time), but one whose
    // reply was lost may have landed and is reported by no one, so the engine watches for it then.
    // `keptForRetry` tells the engine whether to ask for a conversion to be retried.
    const kept = this.retryLimit > 0 && !this.retriesOver;
    const reportsLateWrites = listening && (kept || unsure.length === 0);
    return new RedisStoreError(operation, `${reason}; ${retry}${refusals}${others}`, { cause, reportsLateWrites, keptForRetry: kept });
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

/** Names the experiments of unwritten `writes` with how many of each, and the engine's conversion records among them by experiment. */
function describeUnwritten(writes: readonly PendingAssignment[]): string {
  const assignments = new Map<string, number>();
  const conversions = new Map<string, number>();
  for (const { experiment } of writes) {
    // The engine's record of a unit's counted conversion (`convertWithStore`) for an experiment.
    const converted = convertedExperiment(experiment);
    const byExperiment = converted === undefined ? assignments : conversions;
    const id = converted ?? experiment;
    byExperiment.set(id, (byExperiment.get(id) ?? 0) + 1);
  }
  const list = (counts: Map<string, number>) => [...counts].map(([id, count]) => `${JSON.stringify(id)} (${count})`).join(", ");
  const parts: string[] = [];
  if (assignments.size > 0) parts.push(`assignments of ${list(assignments)}`);
  if (conversions.size > 0) parts.push(`conversion records of ${list(conversions)}, so those conversions were not counted`);
  return parts.join("; ");
}

/**
 * Puts over `stored` (one unit's hash as loaded) what the saves in flight make of it once Redis
 * applied them: those in flight when the load was sent (and not failed since), then those sent since, each once.
 */
function overlayWrites(stored: Map<string, string>, atSend: readonly PendingAssignment[] | undefined, now: readonly PendingAssignment[] | undefined): void {
  const writes = atSend === undefined ? (now ?? []) : now === undefined ? atSend : [...atSend, ...now.filter((write) => !atSend.includes(write))];
  for (const write of writes) stored.set(write.experiment, groupAfterWrite(stored.get(write.experiment), write));
}
