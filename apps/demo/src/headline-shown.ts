/**
 * The record, kept in the assignment store next to a visitor's sticky groups, that the shop page
 * showed them their group of an experiment (the bandit's headline). The Strata middleware runs
 * on every route, so a visitor's headline can be drawn and stored by a request that showed it to
 * nobody (a `POST /buy` straight away, say): a stored group alone does not mean it was seen.
 * @module
 */
import { unitStoreKey, type Assignment, type AssignmentStore, type NewAssignment, type Units } from "@strata/engine";

/** The stored-assignments key recording that the shop page showed the unit its group of `experimentId`. */
export function shownMarker(experimentId: string): string {
  return `${experimentId}#shown`;
}

/** What the store says of a unit's headline: shown, not shown, or not known yet because this server could not save the record of a page it showed (the error). */
export type ShownAnswer = { readonly shown: true } | { readonly shown: false; readonly unsavedRecord?: string };

/** How many refused records a server remembers (the oldest is forgotten first), how many it writes again at a time, and for how long it tries. */
const MAX_UNSAVED_RECORDS = 10_000;
const RETRY_BATCH = 1_000;
const GIVE_UP_AFTER_MS = 10 * 60_000;
/** The first wait before refused records are written again, and the longest (the wait doubles while the store refuses them). */
const FIRST_RETRY_MS = 1_000;
const LONGEST_RETRY_MS = 10_000;

/** The record of the page that showed `assignment`'s group. */
function recordOf(assignment: Assignment): NewAssignment {
  return { experiment: shownMarker(assignment.experiment), group: assignment.group, unitType: assignment.unitType, unit: assignment.unit };
}

/** How a refused record is remembered: its marker and its unit. */
function keyOf(marker: string, unitType: string, unit: string): string {
  return `${marker} ${unitStoreKey(unitType, unit)}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Records in the store which headline a page showed, and answers whether one was shown. A record
 * the store refuses (Redis in a write pause, say) is remembered on this server and written again
 * every few seconds until the store takes it, so that other servers see it soon after writes are
 * back; a buy here meanwhile is told to retry instead of "never shown", and writes the record
 * itself once the store takes writes.
 */
export class HeadlineRecords {
  private readonly store: AssignmentStore;
  /** The records this server could not save, with the store's error and when it was first refused, by `keyOf`. */
  private readonly unsaved = new Map<string, { readonly record: NewAssignment; readonly error: string; readonly since: number }>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private retryMs = FIRST_RETRY_MS;

  /** Records kept in `store`. */
  constructor(store: AssignmentStore) {
    this.store = store;
  }

  /** Records that a page showed the unit `assignment`'s group (like any stored assignment, a second record changes nothing); rejects when the store refuses it, which is then written again later. */
  async recordShown(assignment: Assignment): Promise<void> {
    await this.write([recordOf(assignment)]);
  }

  /** Whether a page has shown the units their group of `experimentId`; rejects when the store cannot be read. */
  async wasShown(units: Units, experimentId: string): Promise<ShownAnswer> {
    const stored = await this.store.load(units);
    const keys: string[] = [];
    for (const [unitType, unit] of Object.entries(units)) if (unit !== undefined && unit !== null) keys.push(keyOf(shownMarker(experimentId), unitType, String(unit)));
    if (typeof stored[shownMarker(experimentId)] === "string") {
      for (const key of keys) this.unsaved.delete(key);
      return { shown: true };
    }
    for (const key of keys) {
      const entry = this.unsaved.get(key);
      if (entry === undefined) continue;
      // This server showed the page: write the record now (the store may have dropped the refused write).
      try {
        await this.write([entry.record]);
        return { shown: true };
      } catch (error) {
        return { shown: false, unsavedRecord: messageOf(error) };
      }
    }
    return { shown: false };
  }

  /** Saves `records`; those the store refuses are remembered and written again later. */
  private async write(records: readonly NewAssignment[]): Promise<void> {
    try {
      await this.store.save(records);
      for (const r of records) this.unsaved.delete(keyOf(r.experiment, r.unitType, r.unit));
      this.retryMs = FIRST_RETRY_MS;
    } catch (error) {
      for (const record of records) {
        const key = keyOf(record.experiment, record.unitType, record.unit);
        const since = this.unsaved.get(key)?.since ?? Date.now();
        this.unsaved.delete(key);
        if (this.unsaved.size >= MAX_UNSAVED_RECORDS) this.unsaved.delete(this.unsaved.keys().next().value as string);
        this.unsaved.set(key, { record, error: messageOf(error), since });
      }
      throw error;
    } finally {
      this.scheduleRetry();
    }
  }

  /**
   * Writes the oldest refused records again after a while, unless a retry is already due; it
   * keeps no process alive. Each record is saved on its own, so one the store refuses for good (a
   * unit key Redis holds as another type, say) holds back none of the others; a record refused for
   * ten minutes is given up.
   */
  private scheduleRetry(): void {
    if (this.timer !== undefined || this.unsaved.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.retryMs = Math.min(this.retryMs * 2, LONGEST_RETRY_MS);
      const now = Date.now();
      const due: NewAssignment[] = [];
      for (const [key, entry] of this.unsaved) {
        if (now - entry.since > GIVE_UP_AFTER_MS) this.unsaved.delete(key);
        else if (due.length < RETRY_BATCH) due.push(entry.record);
      }
      for (const record of due) this.write([record]).catch(() => undefined);
      this.scheduleRetry();
    }, this.retryMs);
    (this.timer as { unref?: () => void }).unref?.();
  }
}
