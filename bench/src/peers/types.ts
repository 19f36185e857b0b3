/**
 * What each peer setup module hands the suite: one API of one SDK, given the equivalent of
 * Strata's fixture — one 50/50 experiment, and ten independent 50/50 experiments for one user.
 * @module
 */

/** One API of a peer SDK, set up offline. */
export interface PeerApi {
  /** Row id stem, e.g. "growthbook.evalFeature". */
  readonly id: string;
  /** Human label, e.g. "GrowthBook evalFeature (hashVersion 2)". */
  readonly label: string;
  /** One decision in the one 50/50 experiment: "control" or "treatment" (anything else is a setup bug). */
  readonly one: (userId: string) => string | null;
  /** The user's decision in each of the ten independent experiments; returns how many said "treatment". */
  readonly ten: (userId: string) => number;
}

/** A peer SDK, set up offline, with the APIs the suite measures. */
export interface Peer {
  /** The npm package name. */
  readonly name: string;
  /** The installed version (from its package.json). */
  readonly version: string;
  /** The APIs to measure. */
  readonly apis: readonly PeerApi[];
  /** Stops whatever the SDK started (timers, emitters). */
  close(): Promise<void> | void;
}

/** Experiment keys shared by every peer: `exp-0` … `exp-9`; the one-experiment rows use `exp-0`. */
export const EXPERIMENTS = Array.from({ length: 10 }, (_, i) => `exp-${i}`);
/** The two groups, 50/50. */
export const GROUPS = ["control", "treatment"] as const;
