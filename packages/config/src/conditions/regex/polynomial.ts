/**
 * Polynomials with non-negative coefficients in one variable (a number of characters), the
 * numbers the regex step estimate works with. Such a polynomial only grows, the coefficient-wise
 * maximum of two bounds them both, and its part without the constant is superadditive:
 * p(a) + p(b) − p(0) ≤ p(a + b). Degrees above `MAX_DEGREE` (far beyond any budget at the
 * attribute length limit) collapse into one huge constant, which is still an upper bound.
 * @module
 */

/** Coefficients, lowest degree first; never empty, never negative. */
export type Polynomial = readonly number[];

/** The highest degree kept exactly. */
const MAX_DEGREE = 6;

/** Larger than any budget; kept finite so that `0 · HUGE` stays 0. */
const HUGE = 1e300;

/** The constant polynomial `c`. */
export function constant(c: number): Polynomial {
  return [Math.min(c, HUGE)];
}

/** The polynomial `x`. */
export const X: Polynomial = [0, 1];

/** The constant 0. */
export const ZERO: Polynomial = [0];

/** The constant 1. */
export const ONE: Polynomial = [1];

/** `a + b`. */
export function plus(a: Polynomial, b: Polynomial): Polynomial {
  const out: number[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) out.push(Math.min((a[i] ?? 0) + (b[i] ?? 0), HUGE));
  return out;
}

/** `a · b`. */
export function times(a: Polynomial, b: Polynomial): Polynomial {
  const out: number[] = new Array<number>(a.length + b.length - 1).fill(0);
  for (let i = 0; i < a.length; i++) {
    if (a[i] === 0) continue;
    for (let j = 0; j < b.length; j++) {
      if (b[j] === 0) continue;
      out[i + j] = Math.min(out[i + j]! + Math.min(a[i]! * b[j]!, HUGE), HUGE);
    }
  }
  if (out.length > MAX_DEGREE + 1) {
    if (out.slice(MAX_DEGREE + 1).some((c) => c > 0)) return [HUGE];
    out.length = MAX_DEGREE + 1;
  }
  return out;
}

/** The coefficient-wise maximum: at least `a` and at least `b` for every x ≥ 0. */
export function atLeast(a: Polynomial, b: Polynomial): Polynomial {
  const out: number[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) out.push(Math.max(a[i] ?? 0, b[i] ?? 0));
  return out;
}

/** `p` with its constant lowered by 1 (not below 0): a bound on `p(x) − 1` for x ≥ 0. */
export function lessOne(p: Polynomial): Polynomial {
  return [Math.max(0, p[0]! - 1), ...p.slice(1)];
}

/**
 * A bound on `p(d₀) + … + p(dₖ)` over at most `terms` values dᵢ ≥ 0 that add up to at most x:
 * `terms · p(0) + (p(x) − p(0))`, by superadditivity.
 */
export function sumOver(p: Polynomial, terms: Polynomial): Polynomial {
  return plus(times(terms, [p[0]!]), [0, ...p.slice(1)]);
}

/** The value at `x`. */
export function valueAt(p: Polynomial, x: number): number {
  let value = 0;
  for (let i = p.length - 1; i >= 0; i--) value = Math.min(value * x + p[i]!, HUGE);
  return value;
}
