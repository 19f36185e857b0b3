/**
 * A config experiment's segmenter, created the way the engine creates it, to read its
 * `expectedShares`: the fraction of units reaching the segmenter that each group should get.
 * @module
 */
import type { ExperimentConfig } from "@strata/config";
import {
  builtinSegmenters,
  createSegmenter,
  createSegmenterContext,
  MemoryFeedbackStats,
  type FeedbackStats,
  type Segmenter,
  type SegmenterFactory,
} from "@strata/segmenters";
import { EXTRA_SEGMENTERS } from "../segmenter-registry.ts";

/** Creates the experiment's segmenter; `feedback` is the statistics store it learns from (share the engine's to follow a run). */
export function experimentSegmenter(experiment: ExperimentConfig, feedback: FeedbackStats = new MemoryFeedbackStats()): Segmenter {
  const factory = [...(builtinSegmenters as readonly SegmenterFactory[]), ...EXTRA_SEGMENTERS].find((candidate) => candidate.type === experiment.segmenter.type);
  if (factory === undefined) throw new Error(`experiment ${JSON.stringify(experiment.id)} uses segmenter type ${JSON.stringify(experiment.segmenter.type)}, which the CLI does not know`);
  const { type: _type, ...options } = experiment.segmenter;
  const salt = experiment.salt ?? experiment.id;
  return createSegmenter(factory, options, createSegmenterContext({ experimentId: experiment.id, salt, stores: { feedback } }));
}

/** Each group's expected share of the units that reach the segmenter, before any unit is assigned; undefined when adaptive. */
export function initialExpectedShares(experiment: ExperimentConfig): Readonly<Record<string, number>> | undefined {
  return experimentSegmenter(experiment).expectedShares;
}
