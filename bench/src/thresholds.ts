/**
 * Every limit the bench checks, in one place.
 *
 * A ratio is `numerator / denominator` of ns per call, both rows measured in the same run,
 * paired round by round (see harness/stats.ts). Ratios, not absolute times: the machine is
 * shared and its load moves by 3× within a minute, which changes every row alike.
 * @module
 */
import { PEER, ROW } from "./ids.ts";
import type { RatioLimit } from "./harness/stats.ts";

/** A limit on a ratio of two rows. */
export interface RatioThreshold extends RatioLimit {
  readonly id: string;
  readonly numerator: string;
  readonly denominator: string;
  /** What it means, for the report. */
  readonly description: string;
}

/** A limit on one row's ns per call (targets only: absolute times are not guarded). */
export interface AbsoluteTarget {
  readonly id: string;
  readonly row: string;
  readonly maxNs: number;
  readonly description: string;
}

/**
 * The guard (`pnpm bench:check`, run by CI). A crossing is re-measured once before it fails.
 */
export const GUARD: readonly RatioThreshold[] = [
  {
    id: "decide10-vs-floor",
    numerator: ROW.decide10,
    denominator: ROW.floor10,
    bound: "at most",
    // The budget: ten layers within 2× of one encodeInto + ten murmur3 hashes. Note that
    // decide must compute twenty hashes for ten layers (layer bucket + segmenter hash each).
    limit: 2,
    description: "ten-layer decide within 2× of the raw floor (encodeInto + 10 × murmur3)",
  },
  {
    id: "growthbook10-vs-decide10",
    numerator: ROW.peerTen(PEER.growthbook),
    denominator: ROW.decide10,
    bound: "at least",
    // The claim: ten layers at least 10× faster than ten GrowthBook evalFeature calls.
    limit: 10,
    description: "ten-layer decide at least 10× faster than 10 × GrowthBook evalFeature",
  },
];

/** The targets the README reports (met or not); the guard checks the two ratio targets above. */
export const TARGET_RATIOS: readonly RatioThreshold[] = [
  {
    id: "growthbook1-vs-decide1",
    numerator: ROW.peerOne(PEER.growthbook),
    denominator: ROW.decide1,
    bound: "at least",
    limit: 5,
    description: "one-experiment decide at least 5× faster than GrowthBook evalFeature",
  },
  {
    id: "optimizely1-vs-decide1",
    numerator: ROW.peerOne(PEER.optimizelyGetVariation),
    denominator: ROW.decide1,
    bound: "at least",
    limit: 10,
    description: "one-experiment decide at least 10× faster than Optimizely getVariation",
  },
  ...GUARD.filter((g) => g.id === "growthbook10-vs-decide10"),
  ...GUARD.filter((g) => g.id === "decide10-vs-floor"),
];

/** Absolute targets (CPU time per call; reported, never guarded). */
export const TARGET_ABSOLUTE: readonly AbsoluteTarget[] = [
  { id: "decide10-under-1us", row: ROW.decide10, maxNs: 1000, description: "ten-layer decide under 1 µs" },
];

/**
 * decide time against layers must be a straight line: fitted by least squares on relative
 * errors (harness/stats.ts linearFit), no point may lie further off the line than this share.
 * 25%: beyond the ~15% one row moves between runs on the loaded machine (a line with ±15% noise
 * stays within 17%), well short of a curve that bends (L^1.3 over 1…100 layers puts a point 77%
 * off, L² 1,800%). R² is reported too, but not checked: under relative weighting an honest
 * line with ±15% noise already scores 0.97.
 */
export const LINEARITY = { maxDeviation: 0.25 } as const;

/** The scaling runs. */
export const SCALING = {
  /** Layers for decide-time-against-layers. */
  layers: [1, 2, 5, 10, 20, 50, 100],
  /** Config sizes (experiments) for compile time and memory; spread over `configLayers` layers. */
  experiments: [100, 1_000, 10_000],
  configLayers: 10,
} as const;

/** How long each run measures (rows × rounds × roundMs, plus warm-up). */
export const MEASURE = {
  /** `pnpm bench`: every row. */
  suite: { rounds: 9, roundMs: 60 },
  /** Scaling (decide against layers). */
  scaling: { rounds: 7, roundMs: 50 },
  /** `pnpm bench:check`: three rows, more rounds (each attempt takes ~10 s). */
  check: { rounds: 15, roundMs: 80 },
} as const;
