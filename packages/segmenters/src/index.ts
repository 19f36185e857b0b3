/**
 * @strata/segmenters — the segmenter plugin contract, four built-ins (percentage, fixed, rollout,
 * feedback) and the helpers to write your own (including hand-written options schemas). The conformance suite is `@strata/segmenters/testing`.
 *
 * @example
 * ```ts
 * import { createSegmenter, createSegmenterContext, percentage } from "@strata/segmenters";
 * const ctx = createSegmenterContext({ experimentId: "checkout" });
 * const segmenter = createSegmenter(percentage, { groups: [{ id: "control", weight: 50 }, { id: "treatment", weight: "rest" }] }, ctx);
 * segmenter.assign("user-42", { attributes: {}, now: Date.now() }); // "control" or "treatment", always the same
 * ```
 * @module
 */
export type { AssignContext, Conversion, Segmenter, SegmenterContext, SegmenterFactory, SegmenterStores } from "./contract.ts";
export { createSegmenterContext, SEGMENTER_BUCKETS, type SegmenterContextInit } from "./context.ts";
export { createSegmenter } from "./create.ts";
export { fastPathOf } from "./fast-path.ts";
export { defineSegmenter, type DefinedSegmenter, type SegmenterDefinition } from "./define.ts";
export { SegmenterOptionsError, type SegmenterOptionsIssue } from "./errors.ts";
export { MemoryFeedbackStats, type ArmCounts, type FeedbackStats } from "./feedback-stats.ts";
export { formatPath } from "./path.ts";
export { logGamma, regularizedGammaP, regularizedGammaQ } from "./stats/gamma.ts";
export { checkedOptionsSchema, type CheckedOptionsSchema, type CheckedOptionsSchemaSettings, type CheckOptions } from "./options/builtin-schema.ts";
export { OptionsChecker, type CheckedGroup, type OptionsCheckerSettings, type OptionsPath } from "./options/checker.ts";
export { feedback, type BetaPrior, type FeedbackGroup, type FeedbackOptions } from "./builtins/feedback.ts";
export { fixed, type FixedGroup, type FixedOptions } from "./builtins/fixed.ts";
export { builtinSegmenters } from "./builtins/index.ts";
export { percentage, type PercentageGroup, type PercentageOptions } from "./builtins/percentage.ts";
export { rollout, type RolloutGroup, type RolloutOptions } from "./builtins/rollout.ts";
export { rampRollout, type RampOptions } from "./builtins/rollout-ramp.ts";
export { addRolloutGroup, removeRolloutGroup } from "./builtins/rollout-groups.ts";
export { SeededRandom } from "./random/seeded-random.ts";
