/**
 * A config whose only experiment is a bandit, and bandit statistics: some that count its trials
 * (the engine records one trial per decision it makes, so tests can see when, and whether, a
 * request was decided), and some that favour one arm by far.
 */

/** One layer owning `button_color`, filled by a two-armed feedback (bandit) experiment. */
export const BANDIT_CONFIG = {
  version: 1,
  units: ["userId", "cookieId"],
  params: { button_color: "blue" },
  domain: {
    id: "root",
    layers: [
      {
        id: "color",
        params: ["button_color"],
        slots: [
          {
            ranges: [[0, 1000]],
            experiment: {
              id: "color-bandit",
              status: "running",
              unit: "cookieId",
              groups: [{ id: "blue" }, { id: "green", params: { button_color: "green" } }],
              segmenter: { type: "feedback", groups: [{ id: "blue" }, { id: "green" }] },
            },
          },
        ],
      },
    ],
  },
};

/** Feedback statistics (pass as `engineOptions.stores.feedback`) that count the trials the engine records. */
export class TrialCounter {
  /** Trials recorded so far: one per decision the engine made. */
  trials = 0;

  /** No counts, so the bandit explores: every arm is possible. */
  read(): Record<string, never> {
    return {};
  }

  /** Counts trials; successes are not needed here. */
  increment(_experiment: string, _group: string, field: "trials" | "successes"): void {
    if (field === "trials") this.trials++;
  }
}

/** Feedback statistics in which one arm (`favoured`, changeable at any time) has converted far more than the others; they count nothing. */
export class FavouringStats {
  /** The arm with by far the most successes. */
  favoured: string;

  /** Favours `favoured` from the start. */
  constructor(favoured: string) {
    this.favoured = favoured;
  }

  /** 1,000 trials for each of BANDIT_CONFIG's arms (blue, green), 300 successes for the favoured one and 10 for the other. */
  read(): Record<string, { trials: number; successes: number }> {
    return Object.fromEntries(["blue", "green"].map((arm) => [arm, { trials: 1000, successes: arm === this.favoured ? 300 : 10 }]));
  }

  /** Counts nothing, so the draws follow `favoured` only. */
  increment(): void {}
}
