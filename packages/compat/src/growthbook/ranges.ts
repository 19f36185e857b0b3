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
