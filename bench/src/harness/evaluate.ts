/**
 * Threshold evaluation and the guard's retry rule, free of timing (unit-tested with fake runs).
 * @module
 */
import type { AbsoluteTarget, RatioThreshold } from "../thresholds.ts";
import { withinLimit, type PairedRatio } from "./stats.ts";

/** Anything that can give a paired ratio of two rows (a measured Run, or a fake in tests). */
export interface RatioSource {
  ratio(numerator: string, denominator: string): PairedRatio;
}

/** One threshold against one measurement. */
export interface RatioResult {
  readonly id: string;
  readonly description: string;
  readonly numerator: string;
  readonly denominator: string;
  readonly bound: RatioThreshold["bound"];
  readonly limit: number;
  /** The measured ratio (median of per-round ratios) and its per-round spread. */
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly pass: boolean;
}

/** Evaluates a ratio threshold against a run. */
export function evaluateRatio(threshold: RatioThreshold, source: RatioSource): RatioResult {
  const r = source.ratio(threshold.numerator, threshold.denominator);
  return {
    id: threshold.id,
    description: threshold.description,
    numerator: threshold.numerator,
    denominator: threshold.denominator,
    bound: threshold.bound,
    limit: threshold.limit,
    value: r.value,
    min: r.min,
    max: r.max,
    pass: withinLimit(r.value, threshold),
  };
}

/** An absolute target against a row's ns per call. */
export interface AbsoluteResult {
  readonly id: string;
  readonly description: string;
  readonly row: string;
  readonly maxNs: number;
  readonly ns: number;
  readonly pass: boolean;
}

/** Evaluates an absolute target. */
export function evaluateAbsolute(target: AbsoluteTarget, ns: number): AbsoluteResult {
  return { id: target.id, description: target.description, row: target.row, maxNs: target.maxNs, ns, pass: Number.isFinite(ns) && ns <= target.maxNs };
}

/** The outcome of the guard. */
export interface GuardOutcome {
  /** Every attempt's results (one attempt when all passed, two when something was re-measured). */
  readonly attempts: readonly (readonly RatioResult[])[];
  /** Per threshold: the last result it got (the re-measurement, for one that failed first). */
  readonly final: readonly RatioResult[];
  readonly pass: boolean;
}

/**
 * Measures, evaluates every threshold, and when any fails, measures once more and evaluates
 * the failed ones again: a threshold fails only if it fails twice in a row. `measure` is called
 * once or twice; each call is a complete, independent run (ratios never mix two runs).
 */
export async function guardWithRetry(thresholds: readonly RatioThreshold[], measure: (attempt: number) => Promise<RatioSource>): Promise<GuardOutcome> {
  if (thresholds.length === 0) return { attempts: [], final: [], pass: true };
  const run1 = await measure(1);
  const attempt1 = thresholds.map((t) => evaluateRatio(t, run1));
  const failed = thresholds.filter((_, i) => !attempt1[i]!.pass);
  if (failed.length === 0) return { attempts: [attempt1], final: attempt1, pass: true };
  const run2 = await measure(2);
  const attempt2 = failed.map((t) => evaluateRatio(t, run2));
  const final = attempt1.map((r) => attempt2.find((again) => again.id === r.id) ?? r);
  return { attempts: [attempt1, attempt2], final, pass: final.every((r) => r.pass) };
}

/** "≤ 2×" / "≥ 10×". */
export function limitText(bound: RatioThreshold["bound"], limit: number): string {
  return `${bound === "at most" ? "≤" : "≥"} ${limit}×`;
}
