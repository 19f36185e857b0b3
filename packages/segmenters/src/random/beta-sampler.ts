/**
 * Normal, Gamma (Marsaglia–Tsang) and Beta draws from a SeededRandom, using only reproducible
 * arithmetic, for Thompson sampling.
 * @module
 */
import { portableExp, portableLog } from "./portable-math.ts";
import type { SeededRandom } from "./seeded-random.ts";

const MAX_TRIES = 1000;

/** A standard normal draw (Marsaglia's polar method). */
export function sampleNormal(random: SeededRandom): number {
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    const u = 2 * random.next() - 1;
    const v = 2 * random.next() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * portableLog(s)) / s);
  }
  return 0;
}

/** A Gamma(shape, 1) draw (Marsaglia & Tsang 2000; shapes below 1 are boosted by U^(1/shape)). */
export function sampleGamma(random: SeededRandom, shape: number): number {
  if (shape < 1) {
    const boosted = sampleGamma(random, shape + 1);
    const u = random.next();
    return boosted * portableExp(portableLog(u) / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    const x = sampleNormal(random);
    let v = 1 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    const u = random.next();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (portableLog(u) < 0.5 * x2 + d * (1 - v + portableLog(v))) return d * v;
  }
  return d;
}

/** A Beta(alpha, beta) draw as X / (X + Y) with X ~ Gamma(alpha), Y ~ Gamma(beta). */
export function sampleBeta(random: SeededRandom, alpha: number, beta: number): number {
  const x = sampleGamma(random, alpha);
  const y = sampleGamma(random, beta);
  const sum = x + y;
  return sum > 0 ? x / sum : alpha / (alpha + beta);
}

/**
 * The log of a Gamma(shape, 1) draw, from the same random numbers as `sampleGamma` (so after the
 * same reseed it is the log of the same draw), but finite where the draw itself underflows to 0:
 * shapes below 1 add their boost in log space.
 */
export function logGammaDraw(random: SeededRandom, shape: number): number {
  if (shape < 1) {
    const boosted = logGammaDraw(random, shape + 1);
    return boosted + portableLog(random.next()) / shape;
  }
  return portableLog(sampleGamma(random, shape));
}

/**
 * The log-odds log X − log Y of the Beta draw `sampleBeta` makes from the same random numbers:
 * it orders draws that round to the same number (both 0 for tiny shapes); the log-odds of the
 * mean when both logs are −∞.
 */
export function betaLogOdds(random: SeededRandom, alpha: number, beta: number): number {
  const logOdds = logGammaDraw(random, alpha) - logGammaDraw(random, beta);
  return Number.isNaN(logOdds) ? portableLog(alpha) - portableLog(beta) : logOdds;
}
