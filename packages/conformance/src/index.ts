/**
 * @strata/conformance — language-neutral test vectors that pin Strata's hashing contract
 * (`strata/v1`, `md5-prefix`) and the algorithms under it, and decision vectors that pin the
 * engine's assignments (pinned outputs of the reference engine), with runners that check any
 * implementation against them on any runtime.
 *
 * @example
 * ```ts
 * import * as hash from "@strata/hash";
 * import { createEngine } from "@strata/engine";
 * import { loadDecisionVectors, loadHashVectors, runDecisionVectors, runHashVectors } from "@strata/conformance";
 * import { readFile } from "node:fs/promises";
 *
 * const vectors = await loadHashVectors((url) => readFile(url, "utf8"));
 * const { cases, mismatches } = runHashVectors(vectors, hash); // mismatches: [] when hash conforms
 * const decisions = await loadDecisionVectors((url) => readFile(url, "utf8"));
 * runDecisionVectors(decisions, createEngine).mismatches; // [] when the engine decides as pinned
 * ```
 * @module
 */
export type {
  ArmCountsVector,
  DecisionCase,
  DecisionExpected,
  DecisionInput,
  DecisionSuite,
  DecisionVectorFile,
  ExpectedAssignment,
  FeedbackCountsVector,
} from "./decision-vector-types.ts";
export { FixedFeedbackStats, type FeedbackStatsLike } from "./fixed-feedback-stats.ts";
export { checkDecisionVectors, decisionVectorsUrl, loadDecisionVectors, parseDecisionVectors } from "./load-decision-vectors.ts";
export { checkHashVectors, hashVectorsUrl, loadHashVectors, parseHashVectors } from "./load-vectors.ts";
export {
  runDecisionVectors,
  type AssignmentLike,
  type CreateDecisionEngine,
  type DecisionEngineLike,
  type DecisionEngineOptions,
  type DecisionLike,
  type DecisionMismatch,
  type DecisionRequestLike,
  type DecisionRunReport,
} from "./run-decision-vectors.ts";
export { runHashVectors, type HashApi, type UnitHasherLike, type VectorMismatch, type VectorRunReport } from "./run-vectors.ts";
export {
  vectorCategories,
  type BytesInput,
  type HashExpected,
  type HashVectorCases,
  type HashVectorFile,
  type HexExpected,
  type SchemeDefinition,
  type SchemeExpected,
  type SchemeInput,
  type TextInput,
  type VectorCase,
  type VectorCategory,
  type VectorSource,
} from "./vector-types.ts";
