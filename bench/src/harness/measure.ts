/**
 * Interleaved measurement on a noisy machine, on top of mitata's `measure` loop.
 *
 * - Rounds: every round measures every row once, for `roundMs` each, rows rotated so that no
 *   row always follows the same neighbour; a slow spell of the machine hits all rows of a round.
 * - Clock: by default the process's CPU time (`process.cpuUsage`, user + system), not the wall
 *   clock: time spent descheduled while other engineers' tests run is not charged to the row,
 *   while garbage collection (main thread and helpers) still is. `clock: "wall"` switches back.
 * - Statistic: per round, mitata's mean per call (after it drops its two extreme samples at
 *   each end) — a mean, so that allocation-heavy code pays for its garbage collections; per
 *   row, the median over rounds. Ratios are paired by round (see stats.ts `pairedRatio`).
 * @module
 */
import { do_not_optimize, measure } from "mitata";
import { median, pairedRatio, type PairedRatio } from "./stats.ts";

export { do_not_optimize };

/** One row of a measurement. */
export interface Bench {
  /** Stable id, used in JSON and by ratios and thresholds. */
  readonly id: string;
  /** What the table prints. */
  readonly label: string;
  /** The function measured (it must consume its own result, e.g. with do_not_optimize). */
  readonly fn: () => unknown;
}

/** What one row measured. */
export interface Measurement {
  readonly id: string;
  readonly label: string;
  /** ns per call: the median over rounds. */
  readonly ns: number;
  /** ns per call of each round, in round order. */
  readonly rounds: readonly number[];
  /** Calls measured in total. */
  readonly calls: number;
}

/** How to measure. */
export interface MeasureOptions {
  /** Rounds (default 9). */
  readonly rounds?: number;
  /** Time per row per round in ms (default 60). */
  readonly roundMs?: number;
  /** Target duration of one mitata sample (a batch of calls) in µs (default 200). */
  readonly sampleUs?: number;
  /** "cpu" (default) or "wall". */
  readonly clock?: "cpu" | "wall";
  /** Warm-up per row before the first round, in ms (default 100). */
  readonly warmupMs?: number;
  /** Called after each round (progress). */
  readonly onRound?: (round: number, rounds: number) => void;
}

/** A finished run: the rows, and ratios between any two of them. */
export interface Run {
  readonly clock: "cpu" | "wall";
  readonly measurements: ReadonlyMap<string, Measurement>;
  /** `numerator / denominator` of ns per call, paired by round. */
  ratio(numerator: string, denominator: string): PairedRatio;
  /** ns per call of a row (throws for an unknown id). */
  ns(id: string): number;
}

/** Process CPU time in ns (user + system, all threads). */
export function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) * 1000;
}

const wallNow = () => performance.now() * 1e6;

/** Calls `fn` until `ms` of wall time have passed; returns the wall ns per call. */
function spin(fn: () => unknown, ms: number): number {
  const start = performance.now();
  let calls = 0;
  let now = start;
  do {
    for (let i = 0; i < 16; i++) do_not_optimize(fn());
    calls += 16;
    now = performance.now();
  } while (now - start < ms);
  return ((now - start) * 1e6) / calls;
}

/** Measures `benches` in interleaved rounds. */
export async function measureInterleaved(benches: readonly Bench[], options: MeasureOptions = {}): Promise<Run> {
  const rounds = options.rounds ?? 9;
  const roundMs = options.roundMs ?? 60;
  const sampleNs = (options.sampleUs ?? 200) * 1000;
  const clock = options.clock ?? "cpu";
  const now = clock === "cpu" ? cpuNow : wallNow;
  const ids = new Set<string>();
  for (const b of benches) {
    if (ids.has(b.id)) throw new Error(`duplicate bench id ${b.id}`);
    ids.add(b.id);
  }
  // Warm-up (JIT) and calibration: how many calls make one sample of about sampleUs.
  const batches = benches.map((b) => {
    const perCall = spin(b.fn, options.warmupMs ?? 100);
    const batch = Math.round(sampleNs / Math.max(perCall, 1) / 4) * 4;
    return Math.min(4096, Math.max(4, batch));
  });
  const perRound: number[][] = benches.map(() => []);
  const calls = benches.map(() => 0);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < benches.length; k++) {
      const i = (k + r) % benches.length;
      const bench = benches[i] as Bench;
      const stats = await measure(bench.fn, {
        now,
        gc: false,
        batch_samples: batches[i],
        batch_unroll: 4,
        batch_threshold: 5e6,
        min_samples: 8,
        min_cpu_time: roundMs * 1e6,
        warmup_samples: 1,
      });
      (perRound[i] as number[]).push(stats.avg);
      calls[i] = (calls[i] as number) + stats.ticks;
    }
    options.onRound?.(r + 1, rounds);
  }
  const measurements = new Map<string, Measurement>();
  benches.forEach((b, i) => {
    const values = perRound[i] as number[];
    measurements.set(b.id, { id: b.id, label: b.label, ns: median(values), rounds: values, calls: calls[i] as number });
  });
  const get = (id: string) => {
    const m = measurements.get(id);
    if (!m) throw new Error(`no measurement "${id}" in this run (have: ${[...measurements.keys()].join(", ")})`);
    return m;
  };
  return {
    clock,
    measurements,
    ratio: (numerator, denominator) => pairedRatio(get(numerator).rounds, get(denominator).rounds),
    ns: (id) => get(id).ns,
  };
}
