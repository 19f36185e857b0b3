/**
 * What a simulation finds: per experiment the observed and expected share of each group with a
 * sample-ratio-mismatch test, per layer the uniformity of buckets, per pair of layers the
 * independence of their assignments. `--json` prints this object as it is.
 * @module
 */
import type { SampleRatioMethod } from "../stats/sample-ratio.ts";

/**
 * How a check's p-value was computed: Pearson's chi-square; the generalized
 * Cochran–Mantel–Haenszel test (independence within strata of attribute values); or, for a
 * sample ratio where a group expects fewer than 5 units, the exact binomial test (two groups) or
 * each group's exact binomial test, Bonferroni-corrected.
 */
export type TestMethod = SampleRatioMethod | "Cochran-Mantel-Haenszel";

/** A test and whether it is flagged (p below the simulation's alpha). */
export interface CheckResult {
  /** The chi-square statistic: Pearson's (for an exact test too, for reference) or the Cochran–Mantel–Haenszel Q. */
  readonly statistic: number;
  /** Its degrees of freedom. */
  readonly df: number;
  /** How `pValue` was computed. */
  readonly method: TestMethod;
  /** The p-value. */
  readonly pValue: number;
  /** True when pValue < alpha. */
  readonly flagged: boolean;
}

/** One group's count. `(no group)` counts units the segmenter put in no group (a rollout's remainder). */
export interface GroupCount {
  /** The group id, or `(no group)`. */
  readonly group: string;
  /** Units the segmenter put there. */
  readonly count: number;
  /** count / reached. */
  readonly observedShare: number;
  /** The segmenter's expected share, or null when it has none (adaptive segmenters). */
  readonly expectedShare: number | null;
}

/** Sample ratio of one experiment. */
export interface ExperimentResult {
  /** The experiment id. */
  readonly experiment: string;
  /** Its layer. */
  readonly layer: string;
  /** Its layer's domain. */
  readonly domain: string;
  /** Its segmenter type. */
  readonly segmenter: string;
  /** Its status. */
  readonly status: string;
  /** Units whose request reached its segmenter (in a group or in none). */
  readonly reached: number;
  /** Units in a group by force, allow-list or stored assignment (not part of the test). */
  readonly forced: number;
  /** Units whose bucket fell in its slot but which it did not take before the segmenter, by reason (conditions, status, …). */
  readonly excluded: Readonly<Record<string, number>>;
  /** Counts per group. */
  readonly groups: readonly GroupCount[];
  /** The sample-ratio-mismatch test, or null when it cannot be run (see `note`). */
  readonly test: CheckResult | null;
  /** Why there is no test, or what to keep in mind. */
  readonly note: string | null;
}

/** Bucket uniformity of one layer. */
export interface LayerResult {
  /** The layer id. */
  readonly layer: string;
  /** Its domain. */
  readonly domain: string;
  /** True for a launch layer. */
  readonly launch: boolean;
  /** Its bucket count. */
  readonly buckets: number;
  /** Units that reached it (and had a unit it hashes). */
  readonly units: number;
  /** Bins of adjacent buckets tested (so that each expects at least 5 units). */
  readonly bins: number;
  /** Goodness of fit to uniform, or null with fewer than 2 bins. */
  readonly test: CheckResult | null;
  /** Counts in up to 50 equal bucket bins, for a histogram. */
  readonly profile: readonly number[];
}

/** The units of a pair left out of its test because some of their experiments depend on each other by design. */
export interface LeftOut {
  /** The coupled experiments (of either layer) whose units were left out. */
  readonly experiments: readonly string[];
  /** Units that reached both layers with a bucket in one of those experiments' slots. */
  readonly units: number;
}

/** Independence of two layers' assignments. */
export interface PairResult {
  /** The two layer ids, in document order. */
  readonly layers: readonly [string, string];
  /** Units that reached both (placed by the layers' buckets, not by a forced group or an allow-list) and were tested (see `leftOut`). */
  readonly units: number;
  /** Distinct assignments (experiment/group, nested domain or none) seen in each layer among those units. */
  readonly categories: readonly [number, number];
  /** The attributes the test is stratified by: those either layer's experiments read (conditions, and segmenters that read attributes) that take several `--attr` values; empty when pooled. */
  readonly stratifiedBy: readonly string[];
  /** The combinations of their values the test runs within (1: pooled, Pearson's chi-square; more: Cochran–Mantel–Haenszel). */
  readonly strata: number;
  /** Why some experiments of the two layers depend on each other on purpose (a shared exclusion group, namespace…), else null. */
  readonly dependentByDesign: string | null;
  /** The units left out of the test because of `dependentByDesign` (every unit in a slot of those experiments), else null. */
  readonly leftOut: LeftOut | null;
  /** The test of independence of the rest, or null when one layer put every tested unit in the same place (in every stratum). */
  readonly test: CheckResult | null;
}

/** The whole result. */
export interface SimulationResult {
  /** The config, as named on the command line. */
  readonly config: string;
  /** Where the units came from. */
  readonly population: string;
  /** Units simulated. */
  readonly units: number;
  /** Flag threshold: p < alpha. */
  readonly alpha: number;
  /** Per experiment. */
  readonly experiments: readonly ExperimentResult[];
  /** Per layer. */
  readonly layers: readonly LayerResult[];
  /** Per pair of layers that share units. */
  readonly pairs: readonly PairResult[];
  /** Tests run. */
  readonly checks: number;
  /** Tests flagged. */
  readonly flagged: number;
}
