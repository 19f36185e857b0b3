/**
 * The record, kept in the assignment store next to a visitor's sticky groups, that the shop page
 * showed them their group of an experiment (the bandit's headline). The Strata middleware runs
 * on every route, so a visitor's headline can be drawn and stored by a request that showed it to
 * nobody (a `POST /buy` straight away, say): a stored group alone does not mean it was seen.
 * @module
 */
import { unitStoreKey, type Assignment, type AssignmentStore, type Units } from "@strata/engine";

/** The stored-assignments key recording that the shop page showed the unit its group of `experimentId`. */
export function shownMarker(experimentId: string): string {
  return `${experimentId}#shown`;
}

/** What the store says of a unit's headline: shown, not shown, or not known yet because this server could not save the record of a page it showed (the error). */
export type ShownAnswer = { readonly shown: true } | { readonly shown: false; readonly unsavedRecord?: string };

/** How many failed records a server remembers (the oldest is forgotten first). */
const MAX_UNSAVED_RECORDS = 10_000;

/**
 * Records in the store which headline a page showed, and answers whether one was shown. A record
 * the store refused (Redis in a write pause, say) is remembered on this server until the store
 * holds it, so a buy here is told to retry instead of "never shown" (`@strata/redis` writes a
 * refused record once Redis takes writes again).
 */
export class HeadlineRecords {
  private readonly store: AssignmentStore;
  /** `experiment unitType:unit` of the records this server could not save, with the store's error. */
  private readonly unsaved = new Map<string, string>();

  /** Records kept in `store`. */
  constructor(store: AssignmentStore) {
    this.store = store;
  }

  /** Records that a page showed the unit `assignment`'s group (like any stored assignment, a second record changes nothing); rejects when the store refuses it. */
  async recordShown(assignment: Assignment): Promise<void> {
    const key = `${assignment.experiment} ${unitStoreKey(assignment.unitType, assignment.unit)}`;
    try {
      await this.store.save([{ experiment: shownMarker(assignment.experiment), group: assignment.group, unitType: assignment.unitType, unit: assignment.unit }]);
      this.unsaved.delete(key);
    } catch (error) {
      this.unsaved.delete(key);
      if (this.unsaved.size >= MAX_UNSAVED_RECORDS) this.unsaved.delete(this.unsaved.keys().next().value as string);
      this.unsaved.set(key, error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  /** Whether a page has shown the units their group of `experimentId`; rejects when the store cannot be read. */
  async wasShown(units: Units, experimentId: string): Promise<ShownAnswer> {
    const stored = await this.store.load(units);
    const keys: string[] = [];
    for (const [unitType, unit] of Object.entries(units)) if (unit !== undefined && unit !== null) keys.push(`${experimentId} ${unitStoreKey(unitType, String(unit))}`);
    if (typeof stored[shownMarker(experimentId)] === "string") {
      for (const key of keys) this.unsaved.delete(key);
      return { shown: true };
    }
    for (const key of keys) {
      const error = this.unsaved.get(key);
      if (error !== undefined) return { shown: false, unsavedRecord: error };
    }
    return { shown: false };
  }
}
