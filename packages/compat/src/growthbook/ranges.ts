/**
 * GrowthBook's bucket ranges (`getBucketRanges`, `chooseVariation`, `inRange`), with the SDK's
 * floating-point arithmetic in the SDK's order: with weights 0.1/0.2/0.7 the second range ends at
 * 0.1 + 0.2 = 0.30000000000000004, so n = 0.3 lands in the 20% arm.
 * @module
 */

/** A half-open range `[start, end)` of GrowthBook's hash value n in [0, 1). */
export type GrowthBookRange = readonly [start: number, end: number];

/** Each variation's range: cumulative weights, each range shrunk from its own start by `coverage`. */
export function bucketRanges(weights: readonly number[], coverage: number): GrowthBookRange[] {
  let cumulative = 0;
  return weights.map((w) => {
    const start = cumulative;
    cumulative += w;
    return [start, start + coverage * w] as const;
  });
}

/**
 * The ranges clipped to [0, 1] with start <= end (an empty range as [x, x]): for every n in [0, 1),
 * which is every value GrowthBook's hash takes, `inRange` gives the same answer as on the originals.
 * So ranges computed from weights outside [0, 1] (1.2 and -0.2 give [0, 1.2) and [1.2, 1)) become
 * explicit ranges a segmenter accepts ([0, 1] and [1, 1]).
 */
export function clipRanges(ranges: readonly GrowthBookRange[]): GrowthBookRange[] {
  return ranges.map(([start, end]) => {
    const from = Math.min(1, Math.max(0, start));
    return [from, Math.min(1, Math.max(from, end))] as const;
  });
}

/** True when `start <= n < end`. */
export function inRange(n: number, range: GrowthBookRange): boolean {
  return n >= range[0] && n < range[1];
}

/** The index of the first range holding n, or -1 (GrowthBook's `chooseVariation`). */
export function chooseVariation(n: number, ranges: readonly GrowthBookRange[]): number {
  for (let i = 0; i < ranges.length; i++) if (inRange(n, ranges[i] as GrowthBookRange)) return i;
  return -1;
}

/** GrowthBook's weight check: the sum (in the SDK's order) lies in [0.99, 1.01]. */
export function weightsAccepted(weights: readonly number[]): boolean {
  const total = weights.reduce((sum, w) => w + sum, 0);
  return total >= 0.99 && total <= 1.01;
}

/** GrowthBook's equal weights for n variations (`new Array(n).fill(1 / n)`). */
export function equalWeights(n: number): number[] {
  return n <= 0 ? [] : new Array<number>(n).fill(1 / n);
}
