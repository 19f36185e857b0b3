/**
 * Scaling: decide time against the number of layers (with a least-squares line and a
 * linearity check), and compile time, retained memory and decide time against config size.
 * @module
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createEngine, type Engine } from "@strata/engine";
import { layeredConfig, sizedConfig } from "./fixtures/layered-config.ts";
import { do_not_optimize, measureInterleaved, type MeasureOptions } from "./harness/measure.ts";
import { linearFit, linearityProblems, median, type LinearFit } from "./harness/stats.ts";
import { nextId } from "./rows.ts";
import { LINEARITY, SCALING } from "./thresholds.ts";

/** decide time at each layer count, and the fitted line. */
export interface LayerCurve {
  readonly points: readonly { readonly layers: number; readonly ns: number }[];
  readonly fit: LinearFit;
  /** Empty when the curve is linear within LINEARITY. */
  readonly problems: readonly string[];
}

/** Both curves of decide against layers. */
export interface LayerScaling {
  /** 10,000 rotating users (the suite's default): each layer's tables are read at a new place every call. */
  readonly cold: LayerCurve;
  /**
   * 2 users in turn: the unit is still encoded and hashed on every call, but each layer's and
   * experiment's table is read at two places only, so the tables stay in cache (with 16 users the
   * 100-layer point already costs 30% more per layer; with 1 user decide skips re-encoding).
   */
  readonly warm: LayerCurve;
}

const warmIds = ["user-977", "user-1954"];
let warmNext = 0;
const nextWarmId = () => warmIds[(warmNext ^= 1)] as string;

function curve(layers: readonly number[], ns: (layers: number) => number): LayerCurve {
  const points = layers.map((l) => ({ layers: l, ns: ns(l) }));
  const fit = linearFit(
    points.map((p) => p.layers),
    points.map((p) => p.ns),
  );
  return { points, fit, problems: linearityProblems(fit, LINEARITY) };
}

/**
 * Measures decide with 1 … 100 layers, interleaved, for rotating users (cold tables) and for
 * two users in turn (warm tables), and fits a line through each. The gap between the two is memory
 * latency: the per-layer and per-experiment lookup tables stop fitting in the CPU caches.
 */
export async function layerScaling(options: MeasureOptions): Promise<LayerScaling> {
  const engines = SCALING.layers.map((layers) => [layers, createEngine(layeredConfig(layers))] as const);
  const run = await measureInterleaved(
    engines.flatMap(([layers, engine]) => [
      { id: `cold.${layers}`, label: `decide: ${layers} layers`, fn: () => do_not_optimize(engine.decide({ units: { userId: nextId() } })) },
      { id: `warm.${layers}`, label: `decide: ${layers} layers, 2 users`, fn: () => do_not_optimize(engine.decide({ units: { userId: nextWarmId() } })) },
    ]),
    options,
  );
  return { cold: curve(SCALING.layers, (l) => run.ns(`cold.${l}`)), warm: curve(SCALING.layers, (l) => run.ns(`warm.${l}`)) };
}

/** One config size. */
export interface SizePoint {
  readonly experiments: number;
  readonly layers: number;
  /** createEngine (validate + compile): median wall ms over the repeats. */
  readonly compileMs: number;
  readonly repeats: number;
  /** Retained JS heap of one engine, after a full GC, in bytes. */
  readonly heapBytes: number;
  /** Retained ArrayBuffer memory (typed-array tables) of one engine, in bytes. */
  readonly arrayBufferBytes: number;
  /** decide (every layer) with this config, ns per call, 10,000 rotating users. */
  readonly decideNs: number;
  /** The same for two users in turn (tables in cache): the difference is memory latency. */
  readonly decideWarmNs: number;
}

/** Compile time and memory against config size; also a fitted line for compile time. */
export interface SizeScaling {
  readonly points: readonly SizePoint[];
  readonly compileFit: LinearFit;
  readonly heapFit: LinearFit;
}

/** A full garbage collection (exposes gc() if node was not started with --expose-gc). */
function collector(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === "function") return existing;
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

/** Compiles configs of 100, 1,000 and 10,000 experiments; measures time, retained memory and decide. */
export async function sizeScaling(options: MeasureOptions): Promise<SizeScaling> {
  const gc = collector();
  const engines: Engine[] = [];
  const partial: Omit<SizePoint, "decideNs" | "decideWarmNs">[] = [];
  for (const experiments of SCALING.experiments) {
    const config = sizedConfig(experiments, SCALING.configLayers);
    // Warm the compiler once (not counted), then repeat: more repeats for the small configs.
    createEngine(config);
    const repeats = Math.max(3, Math.min(20, Math.round(20_000 / experiments)));
    const times: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      do_not_optimize(createEngine(config));
      times.push(performance.now() - t0);
    }
    gc();
    gc();
    const before = process.memoryUsage();
    const engine = createEngine(config);
    gc();
    gc();
    const after = process.memoryUsage();
    engines.push(engine);
    partial.push({
      experiments,
      layers: SCALING.configLayers,
      compileMs: median(times),
      repeats,
      heapBytes: after.heapUsed - before.heapUsed,
      arrayBufferBytes: after.arrayBuffers - before.arrayBuffers,
    });
  }
  const run = await measureInterleaved(
    engines.flatMap((engine, i) => [
      { id: `size.${SCALING.experiments[i]}`, label: `decide, ${SCALING.experiments[i]} experiments`, fn: () => do_not_optimize(engine.decide({ units: { userId: nextId() } })) },
      { id: `size.warm.${SCALING.experiments[i]}`, label: `decide, ${SCALING.experiments[i]} experiments, 2 users`, fn: () => do_not_optimize(engine.decide({ units: { userId: nextWarmId() } })) },
    ]),
    options,
  );
  const points = partial.map((p) => ({ ...p, decideNs: run.ns(`size.${p.experiments}`), decideWarmNs: run.ns(`size.warm.${p.experiments}`) }));
  const xs = points.map((p) => p.experiments);
  return {
    points,
    // Plain least squares here: the slope is the marginal cost of one more experiment.
    compileFit: linearFit(
      xs,
      points.map((p) => p.compileMs),
      "none",
    ),
    heapFit: linearFit(
      xs,
      points.map((p) => p.heapBytes),
      "none",
    ),
  };
}
