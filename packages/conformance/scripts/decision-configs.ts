/**
 * The configs and fixed bandit statistics the decision vectors are pinned against: one layered
 * config that holds every built-in segmenter and every structure of the config model, and one
 * config of feedback bandits only, whose draws go through every path of the portable sampler.
 * @module
 */
import type { PercentSegmenter } from "./percent-layouts.ts";

/** Fixed `feedback` counts of a suite: experiment id → group id → counts. */
export type FeedbackCounts = Record<string, Record<string, { trials: number; successes: number }>>;

/** A config and the statistics its bandits read. */
export interface SuiteSetup {
  /** The suite's name, unique in the file. */
  name: string;
  /** What the suite covers. */
  description: string;
  /** The Strata config (valid; the generator refuses one the engine rejects). */
  config: Record<string, unknown>;
  /** The counts every `feedback` experiment of the config reads. */
  feedback: FeedbackCounts;
}

/**
 * units userId, cookieId, deviceId; root: a launch layer (percentage with coverage) and the
 * traffic layer, split into a beta domain (fixed lists), a holdout and the main domain. main: a
 * launch layer (rollout with explicit ranges), a scheduled experiment that overrides the root
 * launch, percentage with coverage and an allow-list next to a paused experiment, two
 * experiments sharing buckets under disjoint $in conditions, a rollout, a bandit and a nested
 * domain in one layer, a `userId@day` experiment, $regex / $semver targeting with a fixed list
 * on deviceId, a 100-bucket layer with its own salts, and a draft and a stopped experiment.
 */
const layered: SuiteSetup = {
  name: "layered",
  description:
    "Every built-in segmenter (percentage with coverage, fixed, rollout with explicit ranges, feedback with the fixed counts below), nested domains with a holdout, launch layers, conditions ($in, $regex, $semver), a schedule, userId@day diversion, allow-lists and forced groups.",
  config: {
    version: 1,
    units: ["userId", "cookieId", "deviceId"],
    params: {
      theme: "light",
      search: "classic",
      layout: "grid",
      shipping_banner: false,
      button_color: "blue",
      button_size: "medium",
      checkout: "classic",
      headline: "Welcome",
      promo: null,
      onboarding: "standard",
      recs: { model: "popular", slots: 4 },
      footer: ["about", "help"],
    },
    domain: {
      id: "root",
      layers: [
        {
          id: "site-launches",
          launch: true,
          params: ["theme"],
          slots: [
            {
              ranges: [[0, 1000]],
              experiment: {
                id: "dark-theme-launch",
                status: "running",
                groups: [{ id: "on", params: { theme: "dark" } }],
                segmenter: { type: "percentage", groups: [{ id: "on", weight: 100 }], coverage: 40 },
              },
            },
          ],
        },
        {
          id: "traffic",
          params: ["theme", "search", "layout", "shipping_banner", "button_color", "button_size", "checkout", "headline", "promo", "onboarding", "recs", "footer"],
          slots: [
            {
              ranges: [[0, 80]],
              domain: {
                id: "beta",
                layers: [
                  {
                    id: "beta-search-layer",
                    params: ["search", "layout"],
                    slots: [
                      {
                        ranges: [[0, 1000]],
                        experiment: {
                          id: "beta-search",
                          status: "running",
                          groups: [
                            { id: "classic" },
                            { id: "semantic", params: { search: "semantic", layout: "list" } },
                            { id: "hybrid", params: { search: "hybrid" } },
                          ],
                          segmenter: {
                            type: "fixed",
                            groups: [
                              { id: "semantic", units: ["beta-42", "beta-51", "Zoë-1", "用户-22", "\uD800lone-7", "18"] },
                              { id: "hybrid", units: ["beta-52", "😀-fan-10", "0"] },
                              { id: "classic", units: [] },
                            ],
                            default: "classic",
                          },
                        },
                      },
                    ],
                  },
                ],
              },
            },
            { ranges: [[80, 130]], domain: { id: "holdout", layers: [] } },
            {
              ranges: [[130, 1000]],
              domain: {
                id: "main",
                layers: [
                  {
                    id: "main-launches",
                    launch: true,
                    params: ["shipping_banner"],
                    slots: [
                      {
                        ranges: [[0, 1000]],
                        experiment: {
                          id: "free-shipping-launch",
                          status: "running",
                          groups: [{ id: "on", params: { shipping_banner: true } }],
                          segmenter: { type: "rollout", groups: [{ id: "on", percent: 30, ranges: [[0, 1500], [5000, 6500]] }] },
                        },
                      },
                    ],
                  },
                  {
                    id: "theme-test",
                    params: ["theme"],
                    slots: [
                      {
                        ranges: [[0, 500]],
                        experiment: {
                          id: "theme-contrast",
                          status: "running",
                          schedule: { start: "2025-01-01T00:00:00Z", end: "2025-07-01T00:00:00+02:00" },
                          groups: [{ id: "control" }, { id: "high-contrast", params: { theme: "high-contrast" } }],
                          segmenter: { type: "percentage", groups: [{ id: "control", weight: 50 }, { id: "high-contrast", weight: "rest" }] },
                        },
                      },
                    ],
                  },
                  {
                    id: "color",
                    params: ["button_color"],
                    slots: [
                      {
                        ranges: [[0, 600]],
                        experiment: {
                          id: "button-color",
                          status: "running",
                          groups: [
                            { id: "control" },
                            { id: "green", params: { button_color: "green" } },
                            { id: "orange", params: { button_color: "orange" } },
                          ],
                          segmenter: {
                            type: "percentage",
                            groups: [{ id: "control", weight: 33.33 }, { id: "green", weight: 33.33 }, { id: "orange", weight: "rest" }],
                            coverage: 75,
                          },
                          forced: { green: ["qa-alice", "Zoë-QA", "7", "qa-alice-34", "qa-carol-5"], orange: ["qa-\uDC00bob"] },
                        },
                      },
                      {
                        ranges: [[600, 1000]],
                        experiment: {
                          id: "button-color-paused",
                          status: "paused",
                          groups: [{ id: "control" }, { id: "red", params: { button_color: "red" } }],
                          segmenter: { type: "percentage", groups: [{ id: "control", weight: 50 }, { id: "red", weight: 50 }] },
                          forced: { red: ["qa-paused-2"] },
                        },
                      },
                    ],
                  },
                  {
                    id: "size",
                    params: ["button_size"],
                    slots: [
                      {
                        ranges: [[0, 700]],
                        experiment: {
                          id: "size-eu",
                          status: "running",
                          conditions: { country: { $in: ["DE", "FR", "NL"] } },
                          groups: [{ id: "control" }, { id: "large", params: { button_size: "large" } }],
                          segmenter: { type: "percentage", groups: [{ id: "control", weight: 50 }, { id: "large", weight: 50 }] },
                        },
                      },
                      {
                        ranges: [[300, 1000]],
                        experiment: {
                          id: "size-na",
                          status: "running",
                          conditions: { country: { $in: ["US", "CA"] } },
                          groups: [{ id: "control" }, { id: "small", params: { button_size: "small" } }],
                          segmenter: { type: "percentage", groups: [{ id: "control", weight: 20 }, { id: "small", weight: 80 }] },
                        },
                      },
                    ],
                  },
                  {
                    id: "checkout-layer",
                    params: ["checkout", "headline"],
                    slots: [
                      {
                        ranges: [[0, 300]],
                        experiment: {
                          id: "new-checkout",
                          status: "running",
                          unit: "userId",
                          groups: [
                            { id: "one-page", params: { checkout: "one-page" } },
                            { id: "wallet", params: { checkout: "wallet" } },
                            { id: "holdback" },
                          ],
                          segmenter: {
                            type: "rollout",
                            groups: [
                              { id: "one-page", percent: 25, ranges: [[0, 1000], [3000, 4500]] },
                              { id: "wallet", percent: 10, ranges: [[1000, 2000]] },
                              { id: "holdback", percent: 10, ranges: [[2000, 3000]] },
                            ],
                          },
                        },
                      },
                      {
                        ranges: [[300, 700]],
                        experiment: {
                          id: "headline-bandit",
                          status: "running",
                          unit: "cookieId",
                          groups: [
                            { id: "welcome" },
                            { id: "deals", params: { headline: "Today's deals" } },
                            { id: "returns", params: { headline: "Free returns, always" } },
                          ],
                          segmenter: {
                            type: "feedback",
                            groups: [{ id: "welcome" }, { id: "deals", prior: { alpha: 2, beta: 20 } }, { id: "returns", prior: { alpha: 0.5, beta: 0.5 } }],
                            warmup: 300,
                            floor: 5,
                          },
                          forced: { deals: ["cookie-qa"] },
                        },
                      },
                      {
                        ranges: [[700, 1000]],
                        domain: {
                          id: "checkout-deep",
                          layers: [
                            {
                              id: "express-layer",
                              params: ["checkout"],
                              slots: [
                                {
                                  ranges: [[0, 400]],
                                  experiment: {
                                    id: "express-checkout",
                                    status: "running",
                                    salt: "express-2025",
                                    groups: [{ id: "control" }, { id: "express", params: { checkout: "express" } }],
                                    segmenter: { type: "percentage", groups: [{ id: "control", weight: 50 }, { id: "express", weight: 50 }] },
                                    forced: { express: ["vip-1", "Ünïcödé-VIP"] },
                                  },
                                },
                              ],
                            },
                          ],
                        },
                      },
                    ],
                  },
                  {
                    id: "promo-layer",
                    params: ["promo"],
                    slots: [
                      {
                        ranges: [[0, 1000]],
                        experiment: {
                          id: "daily-promo",
                          status: "running",
                          unit: "userId@day",
                          groups: [
                            { id: "none" },
                            { id: "ten-off", params: { promo: { code: "TEN", percent: 10 } } },
                            { id: "free-gift", params: { promo: { code: "GIFT", percent: 0 } } },
                          ],
                          segmenter: { type: "percentage", groups: [{ id: "none", weight: 40 }, { id: "ten-off", weight: 30 }, { id: "free-gift", weight: 30 }] },
                          forced: { "free-gift": ["gift-tester"] },
                        },
                      },
                    ],
                  },
                  {
                    id: "targeting",
                    params: ["onboarding"],
                    slots: [
                      {
                        ranges: [[0, 500]],
                        experiment: {
                          id: "onboarding-app",
                          status: "running",
                          conditions: { platform: { $in: ["ios", "android"] }, appVersion: { $semver: { $gte: "2.1.0", $lt: "3.0.0" } } },
                          groups: [{ id: "control" }, { id: "tour", params: { onboarding: "tour" } }],
                          segmenter: { type: "percentage", groups: [{ id: "control", weight: 50 }, { id: "tour", weight: 50 }] },
                        },
                      },
                      {
                        ranges: [[0, 500]],
                        experiment: {
                          id: "onboarding-web",
                          status: "running",
                          conditions: { platform: { $in: ["web"] }, userAgent: { $regex: "^Mozilla/5\\.0 .*(Firefox|Chrome)/\\d+", $options: "i" } },
                          groups: [{ id: "control" }, { id: "checklist", params: { onboarding: "checklist" } }],
                          segmenter: { type: "percentage", groups: [{ id: "control", weight: 50 }, { id: "checklist", weight: 50 }] },
                        },
                      },
                      {
                        ranges: [[500, 1000]],
                        experiment: {
                          id: "onboarding-devices",
                          status: "running",
                          unit: "deviceId",
                          groups: [{ id: "kiosk", params: { onboarding: "kiosk" } }, { id: "tv", params: { onboarding: "tv" } }],
                          segmenter: {
                            type: "fixed",
                            groups: [
                              { id: "kiosk", units: ["kiosk-0", "kiosk-1", "kiosk-2", "1006", "デバイス-4"] },
                              { id: "tv", units: ["tv-2", "\uDBFF\uDFFFtv-0"] },
                            ],
                          },
                        },
                      },
                    ],
                  },
                  {
                    id: "recs-layer",
                    salt: "recs-layer-2025",
                    buckets: 100,
                    params: ["recs", "footer"],
                    slots: [
                      {
                        ranges: [[0, 30], [60, 90]],
                        experiment: {
                          id: "recs-model",
                          status: "running",
                          salt: "recs-model-v2",
                          groups: [
                            { id: "popular" },
                            { id: "personal", params: { recs: { model: "personal", slots: 6 }, footer: ["about", "help", "for-you"] } },
                          ],
                          segmenter: { type: "percentage", groups: [{ id: "popular", weight: 12.5 }, { id: "personal", weight: 87.5 }] },
                        },
                      },
                      {
                        ranges: [[30, 45]],
                        experiment: {
                          id: "recs-draft",
                          status: "draft",
                          groups: [{ id: "control" }, { id: "trending", params: { recs: { model: "trending", slots: 4 } } }],
                          segmenter: { type: "percentage", groups: [{ id: "control", weight: 50 }, { id: "trending", weight: 50 }] },
                        },
                      },
                      {
                        ranges: [[45, 60]],
                        experiment: {
                          id: "recs-stopped",
                          status: "stopped",
                          groups: [{ id: "control" }, { id: "none", params: { recs: { model: "none", slots: 0 } } }],
                          segmenter: { type: "percentage", groups: [{ id: "control", weight: 50 }, { id: "none", weight: 50 }] },
                        },
                      },
                    ],
                  },
                ],
              },
            },
          ],
        },
      ],
    },
  },
  feedback: {
    "headline-bandit": {
      welcome: { trials: 420, successes: 21 },
      deals: { trials: 380, successes: 30 },
      returns: { trials: 150, successes: 9 },
    },
  },
};

/** A bandit experiment of the `bandits` suite: its arms, options and fixed counts. */
interface BanditSetup {
  id: string;
  about: string;
  segmenter: Record<string, unknown>;
  counts?: Record<string, { trials: number; successes: number }>;
}

/** Bandits whose draws go through every path: warm-up, exploration floor, priors below 1 (the boosted Gamma), large and empty counts. */
const bandits: BanditSetup[] = [
  {
    id: "close-race",
    about: "two arms with close posteriors, so the seeded Beta draws decide",
    segmenter: { type: "feedback", groups: [{ id: "a" }, { id: "b" }] },
    counts: { a: { trials: 200, successes: 20 }, b: { trials: 210, successes: 22 } },
  },
  {
    id: "small-shapes",
    about: "priors below 1 (Gamma shapes under 1 take the U^(1/shape) boost) and an arm with no counts",
    segmenter: {
      type: "feedback",
      groups: [
        { id: "x", prior: { alpha: 0.5, beta: 0.5 } },
        { id: "y", prior: { alpha: 0.3, beta: 0.7 } },
        { id: "z", prior: { alpha: 0.9, beta: 0.2 } },
      ],
    },
    counts: { x: { trials: 1, successes: 0 }, y: { trials: 2, successes: 1 } },
  },
  {
    id: "warming-up",
    about: "fewer trials than the warm-up, so the draw is uniform",
    segmenter: { type: "feedback", groups: [{ id: "a" }, { id: "b" }, { id: "c" }, { id: "d" }], warmup: 1000 },
    counts: { a: { trials: 300, successes: 290 }, b: { trials: 300, successes: 0 }, c: { trials: 100, successes: 50 } },
  },
  {
    id: "explore-floor",
    about: "a clear winner with a 20% floor per arm (60% uniform draws)",
    segmenter: { type: "feedback", groups: [{ id: "slow" }, { id: "fast" }, { id: "medium" }], floor: 20 },
    counts: { slow: { trials: 5000, successes: 50 }, fast: { trials: 5000, successes: 900 }, medium: { trials: 5000, successes: 400 } },
  },
  {
    id: "large-counts",
    about: "millions of trials: Gamma shapes in the hundreds of thousands",
    segmenter: { type: "feedback", groups: [{ id: "p" }, { id: "q" }], warmup: 10 },
    counts: { p: { trials: 2_000_000, successes: 101_000 }, q: { trials: 1_900_000, successes: 96_100 } },
  },
  {
    id: "priors-only",
    about: "no counts at all: every arm draws from its prior",
    segmenter: { type: "feedback", groups: [{ id: "left", prior: { alpha: 3, beta: 7 } }, { id: "right", prior: { alpha: 7, beta: 3 } }] },
  },
  {
    id: "capped-successes",
    about: "counts as a store may hold them: more successes than trials (capped at the trials) and a count for a group that is not an arm (ignored)",
    segmenter: { type: "feedback", groups: [{ id: "m" }, { id: "n" }] },
    counts: { m: { trials: 50, successes: 80 }, n: { trials: 1000, successes: 980 }, retired: { trials: 1000, successes: 1000 } },
  },
];

/** One layer per bandit, all over the whole traffic, diverting on visitorId. */
const banditSuite: SuiteSetup = {
  name: "bandits",
  description: `Feedback bandits only, one per layer, each with fixed counts: ${bandits.map((b) => `${b.id} (${b.about})`).join("; ")}.`,
  config: {
    version: 1,
    units: ["visitorId"],
    params: Object.fromEntries(bandits.map((b) => [`${b.id}-arm`, "none"])),
    domain: {
      id: "bandit-root",
      layers: bandits.map((b) => {
        const arms = (b.segmenter.groups as { id: string }[]).map((g) => g.id);
        return {
          id: `${b.id}-layer`,
          params: [`${b.id}-arm`],
          slots: [
            {
              ranges: [[0, 1000]],
              experiment: {
                id: b.id,
                status: "running",
                groups: arms.map((id) => ({ id, params: { [`${b.id}-arm`]: id } })),
                segmenter: b.segmenter,
              },
            },
          ],
        };
      }),
    },
  },
  feedback: Object.fromEntries(bandits.filter((b) => b.counts !== undefined).map((b) => [b.id, b.counts as Record<string, { trials: number; successes: number }>])),
};

/** A rollout experiment laid out from its percents alone (no `ranges`): its id, what it shows and its groups. */
interface DerivedRolloutSetup {
  id: string;
  about: string;
  groups: { id: string; percent: number }[];
}

/** Rollouts without `ranges`: one group at the bottom; two groups at the bottom and the top; three one after another from bucket 0. */
const derivedRollouts: DerivedRolloutSetup[] = [
  { id: "one-group", about: "one group, at the bottom: [0, 3500)", groups: [{ id: "on", percent: 35 }] },
  { id: "two-groups", about: "two groups, the first at the bottom [0, 2000), the second at the top [7000, 10000)", groups: [{ id: "low", percent: 20 }, { id: "high", percent: 30 }] },
  {
    id: "three-groups",
    about: "three groups, one after another from bucket 0: [0, 1000), [1000, 2500), [2500, 4500)",
    groups: [{ id: "first", percent: 10 }, { id: "second", percent: 15 }, { id: "third", percent: 20 }],
  },
];

/** One layer per rollout without ranges, all over the whole traffic, diverting on userId. */
const rolloutSuite: SuiteSetup = {
  name: "rollouts",
  description: `Rollouts whose layout is derived from their percents (no ranges), one per layer: ${derivedRollouts.map((r) => `${r.id} (${r.about})`).join("; ")}.`,
  config: {
    version: 1,
    units: ["userId"],
    params: Object.fromEntries(derivedRollouts.map((r) => [`${r.id}-group`, "none"])),
    domain: {
      id: "rollout-root",
      layers: derivedRollouts.map((r) => ({
        id: `${r.id}-layer`,
        params: [`${r.id}-group`],
        slots: [
          {
            ranges: [[0, 1000]],
            experiment: {
              id: r.id,
              status: "running",
              groups: r.groups.map(({ id }) => ({ id, params: { [`${r.id}-group`]: id } })),
              segmenter: { type: "rollout", groups: r.groups },
            },
          },
        ],
      })),
    },
  },
  feedback: {},
};

/** An experiment of the percents suite: its id, what it shows and its segmenter (no `ranges`). */
export interface PercentExperimentSetup {
  id: string;
  about: string;
  segmenter: PercentSegmenter;
}

/**
 * Percents whose `p · 100` is just below a whole number in doubles (0.29, 0.57, 1.15, 2.3), as
 * `percentage` weights, with a coverage of 33.33, and as `rollout` percents of one, two and three groups.
 */
export const percentExperiments: readonly PercentExperimentSetup[] = [
  ...[0.29, 0.57, 1.15, 2.3].map((weight) => ({
    id: `weight-${String(weight).replace(".", "-")}`,
    about: `percentage ${weight} against "rest": in [0, ${Math.round(weight * 100)})`,
    segmenter: { type: "percentage", groups: [{ id: "in", weight }, { id: "out", weight: "rest" as const }] },
  })),
  {
    id: "four-weights",
    about: "percentage 0.29, 0.57, 1.15, 2.3 and rest: [0, 29), [29, 86), [86, 201), [201, 431), [431, 10000)",
    segmenter: {
      type: "percentage",
      groups: [{ id: "a", weight: 0.29 }, { id: "b", weight: 0.57 }, { id: "c", weight: 1.15 }, { id: "d", weight: 2.3 }, { id: "rest", weight: "rest" }],
    },
  },
  {
    id: "coverage-33-33",
    about: "percentage 2.3, 1.15 and rest at coverage 33.33: [0, 76), [230, 268), [345, 3563)",
    segmenter: { type: "percentage", groups: [{ id: "a", weight: 2.3 }, { id: "b", weight: 1.15 }, { id: "rest", weight: "rest" }], coverage: 33.33 },
  },
  { id: "rollout-2-3", about: "rollout of one group at 2.3: [0, 230)", segmenter: { type: "rollout", groups: [{ id: "on", percent: 2.3 }] } },
  {
    id: "rollout-1-15-2-3",
    about: "rollout of two groups at 1.15 and 2.3: [0, 115) and [9770, 10000)",
    segmenter: { type: "rollout", groups: [{ id: "low", percent: 1.15 }, { id: "high", percent: 2.3 }] },
  },
  {
    id: "rollout-three-small",
    about: "rollout of three groups at 0.29, 0.57 and 1.15: [0, 29), [29, 86), [86, 201)",
    segmenter: { type: "rollout", groups: [{ id: "first", percent: 0.29 }, { id: "second", percent: 0.57 }, { id: "third", percent: 1.15 }] },
  },
];

/** One layer per percent experiment, all over the whole traffic, diverting on userId. */
const percentSuite: SuiteSetup = {
  name: "percents",
  description: `Percent arithmetic in whole hundredths (round(p · 100), never floor(p · 100) in doubles), one experiment per layer: ${percentExperiments.map((e) => `${e.id} (${e.about})`).join("; ")}.`,
  config: {
    version: 1,
    units: ["userId"],
    params: Object.fromEntries(percentExperiments.map((e) => [`${e.id}-group`, "none"])),
    domain: {
      id: "percents-root",
      layers: percentExperiments.map((e) => ({
        id: `${e.id}-layer`,
        params: [`${e.id}-group`],
        slots: [
          {
            ranges: [[0, 1000]],
            experiment: {
              id: e.id,
              status: "running",
              groups: e.segmenter.groups.map(({ id }) => ({ id, params: { [`${e.id}-group`]: id } })),
              segmenter: e.segmenter,
            },
          },
        ],
      })),
    },
  },
  feedback: {},
};

/** The suites, in file order. */
export const suiteSetups: readonly SuiteSetup[] = [layered, banditSuite, rolloutSuite, percentSuite];
