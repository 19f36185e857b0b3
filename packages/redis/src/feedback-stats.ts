/**
 * `RedisFeedbackStats`: the bandit's trial and success counters in Redis, shared by every engine
 * process. `increment` counts locally at once and a short timer pushes the counts in one atomic,
 * exactly-once script; `read` serves a snapshot refreshed from Redis on an interval, plus this
 * process's own counts not yet in it. While Redis is unreachable counts wait (one entry per
 * experiment and group, however many increments) and are pushed when it is back. An experiment
 * whose key Redis cannot add to (not a hash, or a counter that is not a whole number) keeps its
 * counts waiting and is reported once; it never holds back the other experiments.
 * @module
 */
import type { ArmCounts, FeedbackStats } from "@strata/segmenters";
import type { RedisCommand, RedisConnection } from "./connection.ts";
import { CounterDeltas } from "./counter-deltas.ts";
import { errorCode, isErrorReply } from "./error-reply.ts";
import { report, type ErrorSink } from "./error-sink.ts";
import { incrementCommand, parseIncrementReply, type IncrementBatch, type IncrementOutcome } from "./increment-script.ts";
import { checkPrefix, feedbackKey, parseCounterField, type CounterField } from "./keys.ts";
import { checkMs, checkSeconds } from "./option-checks.ts";
import { parseCountersReply, readCountersCommand, type CountersRead } from "./refresh-script.ts";
import { settledReply } from "./settled-reply.ts";
import { messageOf, RedisStoreError } from "./store-error.ts";

/** Options of the Redis feedback statistics. */
export interface RedisFeedbackStatsOptions {
  /** The key prefix (default `strata:`). */
  readonly prefix?: string;
  /** How often the snapshot is read again from Redis, in milliseconds (default 1000). */
  readonly refreshMs?: number;
  /** How long increments are gathered before they are pushed, in milliseconds (default 50). */
  readonly flushMs?: number;
  /** Seconds an experiment's counters live after their last increment (default: forever). */
  readonly ttl?: number;
  /** Receives errors of background pushes and refreshes. */
  readonly onError?: ErrorSink;
}

/** The counters of a feedback statistics store since it was created. */
export interface FeedbackStatsStatus {
  /** Batches of increments applied in Redis. */
  readonly flushes: number;
  /** Pushes that failed (their batch is sent again). */
  readonly failedFlushes: number;
  /** Retried batches Redis had already applied (skipped, so nothing was counted twice). */
  readonly duplicateBatches: number;
  /** Snapshots read from Redis. */
  readonly refreshes: number;
  /** Refreshes that failed (the previous snapshot keeps serving). */
  readonly failedRefreshes: number;
  /** Increments counted here and not yet confirmed by Redis (also those of experiments whose key Redis cannot add to). */
  readonly waitingIncrements: number;
  /** When the snapshot was last read from Redis (ms since the epoch; 0 = never). */
  readonly refreshedAt: number;
}

type Snapshot = Readonly<Record<string, Readonly<ArmCounts>>>;

const EMPTY: Snapshot = Object.freeze(Object.create(null) as Record<string, ArmCounts>);

function unref(timer: unknown): void {
  (timer as { unref?: () => void }).unref?.();
}

/** Feedback counts shared through Redis: synchronous reads from a refreshed snapshot, asynchronous atomic writes. */
export class RedisFeedbackStats implements FeedbackStats {
  private readonly prefix: string;
  private readonly ttl: number | undefined;
  private readonly flushMs: number;
  private readonly onError: ErrorSink | undefined;
  private readonly writerId = globalThis.crypto.randomUUID();
  /** Counts read from Redis at the last refresh, by experiment. */
  private readonly base = new Map<string, Snapshot>();
  /** Counts Redis confirmed since the last refresh. */
  private readonly confirmed = new CounterDeltas();
  /** A batch sent without a clear answer; sent again (same number) before any new batch. */
  private unconfirmed: IncrementBatch | undefined;
  /** True once the unconfirmed batch went out to Redis and got no reply at least once (so Redis may have applied it); an error reply from Redis applied nothing. */
  private unconfirmedSent = false;
  /** Counts not sent yet. */
  private pending = new CounterDeltas();
  /** Counts of experiments whose key Redis could not add to; sent again with every new batch. */
  private refused = new CounterDeltas();
  /** Experiments whose refused push was reported (again only after Redis took their counts once). */
  private readonly reportedRefusals = new Set<string>();
  /** Experiments whose unreadable key was reported by a refresh (again only after it was read once). */
  private readonly reportedUnreadable = new Set<string>();
  /** Snapshots handed out by `read`, until something changes. */
  private readonly views = new Map<string, Snapshot>();
  /** Experiments this process reads or counts: the ones refreshed. */
  private readonly watched = new Set<string>();
  private seq = 0;
  private queued: { refresh: boolean; background: boolean; promise: Promise<void> } | undefined;
  private chain: Promise<void> = Promise.resolve();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private flushRefresh = false;
  private readonly refreshTimer: ReturnType<typeof setInterval>;
  private readonly unsubscribe: () => void;
  private closed = false;
  private readonly counts = { flushes: 0, failedFlushes: 0, duplicateBatches: 0, refreshes: 0, failedRefreshes: 0, refreshedAt: 0 };

  /** Statistics on `connection`, refreshed every `refreshMs` and pushed again whenever the connection becomes ready. */
  constructor(
    private readonly connection: RedisConnection,
    options: RedisFeedbackStatsOptions = {},
  ) {
    this.prefix = checkPrefix(options.prefix);
    this.ttl = checkSeconds("feedback ttl", options.ttl);
    this.flushMs = checkMs("flushMs", options.flushMs, 50);
    const refreshMs = checkMs("refreshMs", options.refreshMs, 1000);
    this.onError = options.onError;
    this.refreshTimer = setInterval(() => this.background(true), refreshMs);
    unref(this.refreshTimer);
    this.unsubscribe = connection.onReady(() => this.background(true));
  }

  /** The experiment's counts by group: the last snapshot from Redis plus this process's counts not yet in it. */
  read(experimentId: string): Snapshot {
    const cached = this.views.get(experimentId);
    if (cached) return cached;
    if (!this.watched.has(experimentId)) {
      this.watched.add(experimentId);
      this.schedule(true);
    }
    const view = this.compose(experimentId);
    this.views.set(experimentId, view);
    return view;
  }

  /** Adds `by` (a whole number >= 0, default 1) to one count now; Redis gets it within `flushMs`. */
  increment(experimentId: string, group: string, field: CounterField, by = 1): void {
    if (!Number.isSafeInteger(by) || by < 0) {
      throw new RangeError(`redis: increment of ${field} for ${experimentId}/${group} must be a whole number >= 0 (got ${String(by)})`);
    }
    if (field !== "trials" && field !== "successes") throw new TypeError(`redis: increment field must be "trials" or "successes" (got ${JSON.stringify(field)})`);
    if (by === 0) return;
    this.pending.add(experimentId, group, field, by);
    this.watched.add(experimentId);
    this.views.delete(experimentId);
    if (!this.closed) this.schedule(false);
  }

  /**
   * Pushes every waiting count and reads every watched experiment again: the refresh goes with the
   * first push, and a batch sent again after a lost reply is followed by one more push for the
   * counts that waited behind it (counts arriving meanwhile are pushed too, within `timeoutMs`).
   * Rejects with a RedisStoreError when Redis cannot be reached (the counts keep waiting).
   */
  sync(): Promise<void> {
    return this.enqueue(true, false);
  }

  /** The store's counters. */
  status(): FeedbackStatsStatus {
    return { ...this.counts, waitingIncrements: this.pending.total() + this.refused.total() + (this.unconfirmed?.deltas.total() ?? 0) };
  }

  /** Stops the timers and pushes every count still waiting; those it could not save are reported through `onError`, with their number. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.refreshTimer);
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.unsubscribe();
    let failure: unknown;
    try {
      await this.enqueue(false, false);
    } catch (error) {
      failure = error;
    }
    const waiting = this.status().waitingIncrements;
    if (waiting === 0) return;
    const notes: string[] = [];
    if (this.unconfirmed && this.unconfirmedSent) notes.push(`${this.unconfirmed.deltas.total()} of them were sent without a reply, so Redis may have counted them`);
    else if (failure instanceof RedisStoreError && isErrorReply(failure.cause)) notes.push(`Redis refused the push with ${errorCode(failure.cause)} and counted none of them`);
    const refused = [...this.refused.experiments()];
    if (refused.length > 0) notes.push(`${this.refused.total()} of them are for experiments whose key Redis cannot add to: ${refused.map((id) => JSON.stringify(feedbackKey(this.prefix, id))).join(", ")}`);
    const reason = `${waiting} increment(s) not saved${notes.length > 0 ? ` (${notes.join("; ")})` : ""}`;
    report(this.onError, new RedisStoreError("final push of feedback counts", reason, failure === undefined ? undefined : { cause: failure }), "redis feedback close");
  }

  private compose(experimentId: string): Snapshot {
    const base = this.base.get(experimentId) ?? EMPTY;
    const layers = [this.confirmed.of(experimentId), this.unconfirmed?.deltas.of(experimentId), this.refused.of(experimentId), this.pending.of(experimentId)];
    if (layers.every((layer) => layer === undefined)) return base;
    const sums = new Map<string, ArmCounts>();
    for (const group of Object.keys(base)) sums.set(group, { trials: base[group]!.trials, successes: base[group]!.successes });
    for (const layer of layers) {
      if (!layer) continue;
      for (const [group, counts] of layer) {
        const sum = sums.get(group) ?? { trials: 0, successes: 0 };
        sum.trials += counts.trials;
        sum.successes += counts.successes;
        sums.set(group, sum);
      }
    }
    const view = Object.create(null) as Record<string, ArmCounts>;
    for (const [group, sum] of sums) view[group] = Object.freeze(sum);
    return Object.freeze(view);
  }

  /** Arms the push timer (`refresh`: also read the watched experiments). */
  private schedule(refresh: boolean): void {
    this.flushRefresh ||= refresh;
    if (this.flushTimer !== undefined || this.closed) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      const wantsRefresh = this.flushRefresh;
      this.flushRefresh = false;
      this.background(wantsRefresh);
    }, this.flushMs);
    unref(this.flushTimer);
  }

  /** A timer's sync: skipped while Redis is unreachable (the connection loss was reported once), failures reported. */
  private background(refresh: boolean): void {
    if (this.closed || !this.connection.connected) return;
    this.enqueue(refresh, true).catch((error: unknown) => report(this.onError, error, refresh ? "redis feedback refresh" : "redis feedback push"));
  }

  /** Runs syncs one at a time; calls made while one is waiting to start share it. */
  private enqueue(refresh: boolean, background: boolean): Promise<void> {
    if (this.queued) {
      this.queued.refresh ||= refresh;
      this.queued.background &&= background;
      return this.queued.promise;
    }
    const entry = { refresh, background, promise: Promise.resolve() };
    entry.promise = this.chain.then(() => {
      if (this.queued === entry) this.queued = undefined;
      return this.syncAll(entry.refresh, entry.background);
    });
    this.queued = entry;
    this.chain = entry.promise.catch(() => undefined);
    return entry.promise;
  }

  /**
   * One sync: a round trip that pushes and (with `refresh`) reads, then more pushes while counts
   * wait. A batch sent again goes alone, so the counts that waited behind it get a second push;
   * an explicit sync or close also pushes what arrives meanwhile, until `timeoutMs` has passed
   * (a timer's sync leaves that to the next timer).
   */
  private async syncAll(refresh: boolean, background: boolean): Promise<void> {
    if (background && !this.connection.connected) return;
    const deadline = Date.now() + this.connection.timeoutMs;
    const resending = this.unconfirmed !== undefined;
    await this.syncOnce(refresh);
    for (let round = 1; this.unconfirmed !== undefined || !this.pending.isEmpty; round++) {
      const more = background ? round === 1 && resending : round === 1 || Date.now() < deadline;
      if (!more) return;
      await this.syncOnce(false);
    }
  }

  /** One round trip: the unconfirmed batch again, or a new one of the waiting counts, and (with `refresh`) the watched experiments' counters. */
  private async syncOnce(refresh: boolean): Promise<void> {
    let batch = this.unconfirmed;
    if (!batch && !(this.pending.isEmpty && this.refused.isEmpty)) {
      const deltas = this.pending;
      deltas.merge(this.refused);
      batch = { seq: ++this.seq, deltas };
      this.pending = new CounterDeltas();
      this.refused = new CounterDeltas();
      this.unconfirmed = batch;
      this.unconfirmedSent = false;
    }
    const experiments = refresh ? [...this.watched] : [];
    if (!batch && experiments.length === 0) return;
    const commands: RedisCommand[] = [];
    if (batch) commands.push(incrementCommand(this.prefix, this.writerId, batch, this.ttl));
    if (experiments.length > 0) commands.push(readCountersCommand(this.prefix, experiments));
    const operation = [batch ? `push of ${batch.deltas.total()} feedback increment(s)` : "", experiments.length > 0 ? `refresh of ${experiments.length} experiment(s)` : ""].filter(Boolean).join(" and ");
    const sentBefore = this.unconfirmedSent;
    // The connection fails a batch before sending it while Redis is unreachable; otherwise it goes out.
    if (batch && this.connection.connected) this.unconfirmedSent = true;
    let results: Array<PromiseSettledResult<unknown>>;
    try {
      results = await this.connection.runSettled(commands, operation);
    } catch (error) {
      if (batch) this.counts.failedFlushes++;
      if (experiments.length > 0) this.counts.failedRefreshes++;
      throw error;
    }
    // The push and the refresh settle on their own: a refresh that failed does not undo a push Redis confirmed.
    let failure: unknown;
    if (batch) {
      let outcome: IncrementOutcome | undefined;
      try {
        outcome = parseIncrementReply(settledReply(results[0]));
      } catch (error) {
        this.counts.failedFlushes++;
        // An error reply (NOREPLICAS, OOM, READONLY …): Redis answered and counted nothing this time.
        if (isErrorReply(error)) this.unconfirmedSent = sentBefore;
        failure = error;
      }
      if (outcome !== undefined) this.confirm(batch, outcome);
    }
    if (experiments.length > 0) {
      try {
        this.applyRefresh(experiments, parseCountersReply(settledReply(results[batch ? 1 : 0]), experiments.length));
      } catch (error) {
        this.counts.failedRefreshes++;
        failure ??= error;
      }
    }
    if (failure !== undefined) throw new RedisStoreError(operation, messageOf(failure), { cause: failure });
  }

  /** Moves a batch Redis answered for into the confirmed counts, except the experiments it refused, which wait (reported once). */
  private confirm(batch: IncrementBatch, outcome: IncrementOutcome): void {
    this.unconfirmed = undefined;
    this.unconfirmedSent = false;
    this.counts.flushes++;
    if (!outcome.applied) this.counts.duplicateBatches++;
    const refusedKeys = new Map(outcome.skipped.map(({ key, problem }) => [key, problem]));
    for (const experimentId of batch.deltas.experiments()) {
      const key = feedbackKey(this.prefix, experimentId);
      const problem = refusedKeys.get(key);
      const counts = batch.deltas.of(experimentId)!;
      const target = problem === undefined ? this.confirmed : this.refused;
      for (const [group, arm] of counts) {
        if (arm.trials !== 0) target.add(experimentId, group, "trials", arm.trials);
        if (arm.successes !== 0) target.add(experimentId, group, "successes", arm.successes);
      }
      if (problem === undefined) {
        this.reportedRefusals.delete(experimentId);
      } else if (!this.reportedRefusals.has(experimentId)) {
        this.reportedRefusals.add(experimentId);
        let waiting = 0;
        for (const arm of counts.values()) waiting += arm.trials + arm.successes;
        const reason = `Redis cannot add to key ${JSON.stringify(key)}: ${problem}. Nothing was written to it; its ${waiting} increment(s) wait in this process and are sent again with every push, and the other experiments' counts are saved`;
        report(this.onError, new RedisStoreError(`push of feedback counts for experiment ${JSON.stringify(experimentId)}`, reason), "redis feedback push");
      }
    }
  }

  /** Takes the counters just read as the experiments' new snapshots; a key that is not a hash keeps its last snapshot and is reported once. */
  private applyRefresh(experiments: readonly string[], reads: readonly CountersRead[]): void {
    experiments.forEach((experimentId, i) => {
      const read = reads[i]!;
      if ("wrongType" in read) {
        if (this.reportedUnreadable.has(experimentId)) return;
        this.reportedUnreadable.add(experimentId);
        const key = feedbackKey(this.prefix, experimentId);
        const reason = `key ${JSON.stringify(key)} holds a ${read.wrongType}, not a hash of counters; delete or rename that key (the other experiments are refreshed, this one keeps its last counts until the key is fixed)`;
        report(this.onError, new RedisStoreError(`refresh of experiment ${JSON.stringify(experimentId)}`, reason), "redis feedback refresh");
        return;
      }
      this.reportedUnreadable.delete(experimentId);
      this.base.set(experimentId, this.parseCounts(read.entries));
      this.confirmed.delete(experimentId);
      this.views.delete(experimentId);
    });
    this.counts.refreshes++;
    this.counts.refreshedAt = Date.now();
  }

  private parseCounts(entries: ReadonlyArray<[string, string]>): Snapshot {
    const counts = new Map<string, ArmCounts>();
    for (const [name, value] of entries) {
      const parsed = parseCounterField(name);
      const n = Number(value);
      if (!parsed || !Number.isFinite(n)) continue;
      const arm = counts.get(parsed.group) ?? { trials: 0, successes: 0 };
      arm[parsed.field] = n;
      counts.set(parsed.group, arm);
    }
    const snapshot = Object.create(null) as Record<string, ArmCounts>;
    for (const [group, arm] of counts) snapshot[group] = Object.freeze(arm);
    return Object.freeze(snapshot);
  }
}
