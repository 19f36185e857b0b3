/**
 * The exact two-sided binomial test: P(an outcome no more likely than the observed one) for
 * `successes` out of `trials` with success probability `p` — the "minimum likelihood" p-value of
 * R's binom.test and SciPy's binomtest (outcomes whose probability is within a relative 1e-7 of
 * the observed one count as equally likely). Used instead of chi-square when a group expects
 * fewer than 5 units, where the chi-square approximation is far off.
 * @module
 */
import { logGamma } from "@strata/segmenters";

/** Outcomes whose probability is at most this factor above the observed one's count as "no more likely" (rounding). */
const RELATIVE_TIE = 1 + 1e-7;

/** A tail sum stops when its next term adds less than this fraction. */
const NEGLIGIBLE = 1e-17;

/** ln P(X = k) for X ~ Binomial(n, p), 0 < p < 1. */
function logPmf(k: number, n: number, p: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p);
}

/**
 * Σ P(X = k) from `start` outward (`step` −1: down to 0; +1: up to n), where the terms decrease.
 * Each term comes from the previous one by the ratio P(k+1)/P(k) = (n−k)/(k+1) · p/(1−p), so
 * only the first needs the gamma function.
 */
function tail(start: number, step: 1 | -1, n: number, p: number): number {
  if (start < 0 || start > n) return 0;
  const odds = p / (1 - p);
  let term = Math.exp(logPmf(start, n, p));
  let sum = 0;
  for (let k = start; k >= 0 && k <= n; k += step) {
    sum += term;
    term *= step === 1 ? ((n - k) / (k + 1)) * odds : (k / (n - k + 1)) / odds;
    if (term === 0 || term < sum * NEGLIGIBLE) break;
  }
  return sum;
}

/** The first k in [from, to] (P decreasing over it, `step` the direction) with ln P(k) ≤ `limit`; to + step when none. */
function firstAtMost(limit: number, from: number, to: number, step: 1 | -1, n: number, p: number): number {
  // Binary search over the offset from `from`: P decreases as the offset grows.
  let low = 0;
  let high = Math.abs(to - from) + 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (logPmf(from + step * middle, n, p) <= limit) high = middle;
    else low = middle + 1;
  }
  return from + step * low;
}

/** The exact two-sided p-value of `successes` in `trials` independent trials of probability `p`. */
export function binomialTwoSided(successes: number, trials: number, p: number): number {
  if (!Number.isInteger(trials) || trials < 0 || !Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new RangeError(`need whole numbers 0 ≤ successes ≤ trials (got ${successes} of ${trials})`);
  }
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1] (got ${p})`);
  if (p === 0) return successes === 0 ? 1 : 0;
  if (p === 1) return successes === trials ? 1 : 0;
  const n = trials;
  const mode = Math.min(n, Math.floor((n + 1) * p));
  if (successes === mode) return 1;
  const limit = logPmf(successes, n, p) + Math.log(RELATIVE_TIE);
  let pValue: number;
  if (successes < mode) {
    // Everything from `successes` down, plus the upper tail from the first outcome no more likely.
    const other = firstAtMost(limit, mode, n, 1, n, p);
    pValue = tail(successes, -1, n, p) + tail(other, 1, n, p);
  } else {
    const other = firstAtMost(limit, mode, 0, -1, n, p);
    pValue = tail(successes, 1, n, p) + tail(other, -1, n, p);
  }
  return Math.min(1, pValue);
}
