/**
 * The harness's arithmetic, kept free of timing so that it can be unit-tested: medians,
 * paired ratios, the least-squares line and its linearity check, threshold evaluation.
 * @module
 */

/** The median of `values` (NaN when empty). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The median of each run of `size` consecutive values (the last run may be shorter), e.g. one per generation of rounds. */
export function chunkMedians(values: readonly number[], size: number): number[] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunkMedians: size must be a whole number of at least 1, got ${size}`);
  const medians: number[] = [];
  for (let start = 0; start < values.length; start += size) medians.push(median(values.slice(start, start + size)));
  return medians;
}

/** A ratio measured round by round. */
export interface PairedRatio {
  /** The median of the per-round ratios: the figure reported and checked. */
  readonly value: number;
  /** The smallest and largest per-round ratio (the spread of this run). */
  readonly min: number;
  readonly max: number;
  /** How many rounds contributed. */
  readonly rounds: number;
}

/**
 * `numerator / denominator`, paired by round: each round measured both rows back to back, so
 * the per-round ratio cancels whatever load the machine had during that round; the median of
 * those ratios then drops the rounds where the load changed between the two.
 */
export function pairedRatio(numerator: readonly number[], denominator: readonly number[]): PairedRatio {
  const n = Math.min(numerator.length, denominator.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = numerator[i] as number;
    const b = denominator[i] as number;
    if (Number.isFinite(a) && Number.isFinite(b) && b > 0) ratios.push(a / b);
  }
  if (ratios.length === 0) return { value: Number.NaN, min: Number.NaN, max: Number.NaN, rounds: 0 };
  return { value: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios), rounds: ratios.length };
}

/** A least-squares line y = intercept + slope · x, with how well it fits. */
export interface LinearFit {
  readonly intercept: number;
  readonly slope: number;
  /** Coefficient of determination of the (weighted) fit: 1 = every point on the line. */
  readonly r2: number;
  /** Per point: the measured y, the fitted y and |y − fit| / fit. */
  readonly points: readonly { readonly x: number; readonly y: number; readonly fit: number; readonly deviation: number }[];
  /** The largest relative deviation of a point from the line. */
  readonly maxDeviation: number;
}

/**
 * Fits a straight line through (xs[i], ys[i]) by least squares on relative errors (each
 * squared residual weighted by 1/y²), so that the 1-layer point counts as much as the
 * 100-layer point: with plain least squares the largest values decide the line alone, and a
 * curve such as L^1.3 still scores R² 0.99 over 1…100. `weighting: "none"` gives ordinary least squares.
 */
export function linearFit(xs: readonly number[], ys: readonly number[], weighting: "relative" | "none" = "relative"): LinearFit {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) throw new RangeError(`a line needs at least 2 points (got ${n})`);
  const w = (i: number) => (weighting === "relative" ? 1 / Math.max(Math.abs(ys[i] as number), Number.MIN_VALUE) ** 2 : 1);
  let sw = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sw += w(i);
    sx += w(i) * (xs[i] as number);
    sy += w(i) * (ys[i] as number);
  }
  const mx = sx / sw;
  const my = sy / sw;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxx += w(i) * dx * dx;
    sxy += w(i) * dx * dy;
    syy += w(i) * dy * dy;
  }
  if (sxx === 0) throw new RangeError("a line needs at least two distinct x values");
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let sse = 0;
  const points = [];
  let maxDeviation = 0;
  for (let i = 0; i < n; i++) {
    const x = xs[i] as number;
    const y = ys[i] as number;
    const fit = intercept + slope * x;
    sse += w(i) * (y - fit) ** 2;
    // A fitted value at or below zero is itself a sign of a bad fit: count it as 100% off.
    const deviation = fit > 0 ? Math.abs(y - fit) / fit : 1;
    if (deviation > maxDeviation) maxDeviation = deviation;
    points.push({ x, y, fit, deviation });
  }
  return { intercept, slope, r2: syy === 0 ? 1 : 1 - sse / syy, points, maxDeviation };
}

/** Why a fit is not linear within the limits (see thresholds.ts); empty when it is. */
export function linearityProblems(fit: LinearFit, limits: { readonly maxDeviation: number }): string[] {
  const problems: string[] = [];
  if (!(fit.maxDeviation <= limits.maxDeviation)) {
    const worst = fit.points.reduce((a, b) => (b.deviation > a.deviation ? b : a));
    problems.push(`the point at x=${worst.x} is ${(worst.deviation * 100).toFixed(0)}% off the line (limit ${(limits.maxDeviation * 100).toFixed(0)}%)`);
  }
  return problems;
}

/** A ratio with a limit: "at most" (the ratio may not exceed it) or "at least". */
export interface RatioLimit {
  readonly bound: "at most" | "at least";
  readonly limit: number;
}

/** True when `value` satisfies the limit (NaN never does). */
export function withinLimit(value: number, limit: RatioLimit): boolean {
  if (!Number.isFinite(value)) return false;
  return limit.bound === "at most" ? value <= limit.limit : value >= limit.limit;
}
