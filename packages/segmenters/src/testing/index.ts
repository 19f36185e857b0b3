/**
 * @strata/segmenters/testing — the conformance suite for segmenters: `testSegmenter()` for
 * vitest, and the chi-square test it uses.
 *
 * @example
 * ```ts
 * import { percentage } from "@strata/segmenters";
 * import { testSegmenter } from "@strata/segmenters/testing";
 * testSegmenter({
 *   factory: percentage,
 *   options: { groups: [{ id: "control", weight: 50 }, { id: "treatment", weight: "rest" }] },
 *   invalid: [{ options: { groups: [{ id: "a", weight: 120 }] }, path: "groups[0].weight" }],
 * });
 * ```
 * @module
 */
export { chiSquareTest, type ChiSquareResult } from "./chi-square.ts";
export { ConformanceError, frozenFeedbackStats, type InvalidOptionsCase } from "./checks.ts";
export { oddUnits } from "./odd-units.ts";
export { testSegmenter, type TestSegmenterOptions } from "./test-segmenter.ts";
