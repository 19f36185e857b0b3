/**
 * `LateTrials`: the bandit trials of one save's new draws, counted when the store reports a draw
 * written after the save failed (`SaveOptions.onLateWrite`), once each. A store that does not
 * report late writes leaves them to the engine's own watch (`PendingTrials`): `unreported()`
 * stops listening and hands over the draws not counted yet.
 * @module
 */
import type { SaveOptions } from "./assignment-store.ts";
import type { CompiledExperiment } from "./compiled.ts";
import type { Assignment } from "./types.ts";
import { unitEntryKey } from "./bounded-unit-map.ts";

/** A draw whose trial is due once its write is known to stand. */
interface DueTrial {
  readonly experiment: CompiledExperiment;
  readonly assignment: Assignment;
}

/** The trials of one save's draws, counted through `count` when reported written late. */
export class LateTrials {
  private readonly due = new Map<string, DueTrial>();
  /** The options to pass to the save. */
  readonly options: SaveOptions;

  /** Listens for the late writes of `draws` (each with its experiment). */
  constructor(draws: ReadonlyArray<readonly [CompiledExperiment, Assignment]>, count: (experiment: CompiledExperiment, unit: string, group: string) => void) {
    for (const [experiment, assignment] of draws) this.due.set(unitEntryKey(assignment.unitType, assignment.unit, assignment.experiment), { experiment, assignment });
    this.options = {
      onLateWrite: (written) => {
        for (const write of written) {
          const key = unitEntryKey(write.unitType, write.unit, write.experiment);
          const trial = this.due.get(key);
          if (trial === undefined || trial.assignment.group !== write.group) continue;
          this.due.delete(key);
          count(trial.experiment, write.unit, write.group);
        }
      },
    };
  }

  /** Stops listening; the draws whose trial was not counted, for the caller to watch itself. */
  unreported(): Assignment[] {
    const left = [...this.due.values()].map((trial) => trial.assignment);
    this.due.clear();
    return left;
  }
}
