/**
 * Runs a simulation: every unit of the population through the engine's `explain`, counted by
 * `SimulationTally`, then analysed. `explain` is a dry run — a bandit counts no trial — so a
 * feedback segmenter is simulated in its warm-up. The expected shares are read after the run
 * from segmenters sharing the engine's feedback statistics, so a segmenter whose shares did
 * depend on the statistics would be judged on the state the run left it in.
 * @module
 */
import { walkConfig, type ExperimentConfig, type StrataConfig } from "@strata/config";
import { createEngine } from "@strata/engine";
import { hash32 } from "@strata/hash";
import { MemoryFeedbackStats, SeededRandom } from "@strata/segmenters";
import { experimentSegmenter } from "../model/expected-shares.ts";
import { trafficModel, type TrafficModel } from "../model/traffic-model.ts";
import type { Progress } from "../progress.ts";
import { analyze } from "./analyze.ts";
import { attributesReadByLayer } from "./attributes-read.ts";
import { designedDependence } from "./designed-dependence.ts";
import type { Population, SimulatedUnit } from "./population.ts";
import type { SimulationResult } from "./result.ts";
import { SimulationTally } from "./tally.ts";
import { EXTRA_SEGMENTERS } from "../segmenter-registry.ts";

/** What to simulate. */
export interface SimulationOptions {
  /** The validated config. */
  readonly config: StrataConfig;
  /** Its name for the output. */
  readonly name: string;
  /** The units. */
  readonly population: Population;
  /** Where to report progress. */
  readonly progress: Progress;
}

/** The result and the model it was computed on (the report draws both). */
export interface Simulation {
  /** The checks. */
  readonly result: SimulationResult;
  /** The config's model. */
  readonly model: TrafficModel;
}

/** Runs the population through the engine and analyses the counts. */
export async function runSimulation(options: SimulationOptions): Promise<Simulation> {
  const { config, population, progress } = options;
  const model = trafficModel(config);
  const feedback = new MemoryFeedbackStats();
  // `random` diversions draw from a stream seeded by the population, so a run can be repeated exactly.
  const random = new SeededRandom(hash32(population.description, "strata simulate random ids"));
  const engine = createEngine(config, { stores: { feedback }, segmenters: EXTRA_SEGMENTERS, random: () => random.next() });
  const designed = designedDependence(config);
  const tally = new SimulationTally(model, designed);
  const step = (unit: SimulatedUnit): void => {
    tally.add(engine.explain({ units: unit.units, attributes: unit.attributes }), unit.stratum, unit.attributes);
    progress.update(tally.units);
  };
  const units = population.units;
  if (Symbol.asyncIterator in units) for await (const unit of units) step(unit);
  else for (const unit of units) step(unit);
  progress.finish();

  const experiments: ExperimentConfig[] = [];
  walkConfig(config, { experiment: ({ experiment }) => experiments.push(experiment) });
  const expectedShares = new Map(experiments.map((experiment) => [experiment.id, experimentSegmenter(experiment, feedback).expectedShares]));
  const attributesRead = attributesReadByLayer(config);
  const result = analyze({ model, tally, designed, attributesRead, expectedShares, config: options.name, population: population.description });
  return { result, model };
}
