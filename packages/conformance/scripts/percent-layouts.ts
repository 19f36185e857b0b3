/**
 * The bucket ranges of `percentage` and derived `rollout` segmenters, computed from the rule the
 * @strata/segmenters README states (percents in whole hundredths, group i covering
 * `[Sᵢ, Sᵢ + floor(wᵢ·c/10000))`), either exactly or as a port computing in doubles would
 * (`floor(p · 100)`, so 2.3 → 229). The percents suite searches units at the edges of both, and
 * its tests check that the pinned decisions follow the exact rule and not the double one.
 * @module
 */

/** The experiment's buckets: a unit's bucket is its strata/v1 hash with the experiment's salt, mod this. */
export const EXPERIMENT_BUCKETS = 10_000;

/** How a percent becomes hundredths: exactly (`Math.round`) or as a double-based port does (`Math.floor`). */
export type ToHundredths = (percent: number) => number;

/** The rule of the README: round to whole hundredths. */
export const exactHundredths: ToHundredths = (percent) => Math.round(percent * 100);

/** The mistake the vectors must catch: `floor(p · 100)` in doubles, one bucket short for 0.29, 0.57, 1.15 and 2.3. */
export const doubleHundredths: ToHundredths = (percent) => Math.floor(percent * 100);

/** A `percentage` or `rollout` (without `ranges`) segmenter as written in a config. */
export interface PercentSegmenter {
  type: string;
  coverage?: number;
  groups: { id: string; weight?: number | "rest"; percent?: number }[];
}

/** One group's half-open bucket range `[start, end)`. */
export interface GroupRange {
  group: string;
  start: number;
  end: number;
}

/** The ranges of a `percentage` segmenter: contiguous weights in order, each shortened from its start by the coverage. */
function percentageRanges(segmenter: PercentSegmenter, hundredths: ToHundredths): GroupRange[] {
  const given = segmenter.groups.map((g) => (g.weight === "rest" ? 0 : hundredths(g.weight ?? 0)));
  const rest = EXPERIMENT_BUCKETS - given.reduce((a, b) => a + b, 0);
  const coverage = hundredths(segmenter.coverage ?? 100);
  let start = 0;
  return segmenter.groups.map((g, i) => {
    const weight = g.weight === "rest" ? rest : (given[i] ?? 0);
    const range = { group: g.id, start, end: start + Math.floor((weight * coverage) / EXPERIMENT_BUCKETS) };
    start += weight;
    return range;
  });
}

/** The ranges of a `rollout` without `ranges`: two groups at the bottom and the top, otherwise one after another from 0. */
function rolloutRanges(segmenter: PercentSegmenter, hundredths: ToHundredths): GroupRange[] {
  const sizes = segmenter.groups.map((g) => hundredths(g.percent ?? 0));
  if (sizes.length === 2) {
    const [low, high] = segmenter.groups;
    return [
      { group: low?.id ?? "", start: 0, end: sizes[0] ?? 0 },
      { group: high?.id ?? "", start: EXPERIMENT_BUCKETS - (sizes[1] ?? 0), end: EXPERIMENT_BUCKETS },
    ];
  }
  let start = 0;
  return segmenter.groups.map((g, i) => {
    const range = { group: g.id, start, end: start + (sizes[i] ?? 0) };
    start = range.end;
    return range;
  });
}

/** The groups' bucket ranges of `segmenter`, with percents turned into hundredths by `hundredths`. */
export function percentRanges(segmenter: PercentSegmenter, hundredths: ToHundredths): GroupRange[] {
  if (segmenter.type === "percentage") return percentageRanges(segmenter, hundredths);
  if (segmenter.type === "rollout" && segmenter.groups.every((g) => !("ranges" in g))) return rolloutRanges(segmenter, hundredths);
  throw new Error(`no percent layout for a ${segmenter.type} segmenter with explicit ranges`);
}

/** The group whose range holds `bucket`, or null. */
export function groupAtBucket(ranges: readonly GroupRange[], bucket: number): string | null {
  return ranges.find((r) => r.start <= bucket && bucket < r.end)?.group ?? null;
}

/** The buckets on both sides of every range edge, exact and double-based: where the two layouts can disagree. */
export function edgeBuckets(segmenter: PercentSegmenter): number[] {
  const edges = [exactHundredths, doubleHundredths].flatMap((h) => percentRanges(segmenter, h).flatMap((r) => [r.start, r.end]));
  const buckets = new Set(edges.flatMap((edge) => [edge - 1, edge]).filter((b) => b >= 0 && b < EXPERIMENT_BUCKETS));
  return [...buckets].sort((a, b) => a - b);
}
