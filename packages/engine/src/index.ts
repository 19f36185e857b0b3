/**
 * @strata/engine — the layer/domain decision engine of Google's Overlapping Experiment
 * Infrastructure with Optimizely's decision order: decide, explain, stores, exposure, hot reload.
 *
 * @example
 * ```ts
 * import { createEngine } from "@strata/engine";
 * const engine = createEngine(config);
 * const decision = engine.decide({ units: { userId: "u-42" } });
 * decision.get("button_color");
 * ```
 * @module
 */
export { MemoryAssignmentStore, unitStoreKey, type AssignmentStore, type KeptGroups, type SaveOptions } from "./assignment-store.ts";
export { compileConfig, diversionsOf, type CompileOptions } from "./compile.ts";
export { StrataDecision } from "./decision.ts";
export { createEngine, Engine } from "./engine.ts";
export { storeErrorOf } from "./request-state.ts";
export type { StoredByUnit } from "./stored-by-unit.ts";
export { checkEngineOptions, ENGINE_OPTION_NAMES, ENGINE_STORE_NAMES } from "./engine-options.ts";
export { rejectUnknownOptions, type UnknownOptionsPolicy } from "./unknown-options.ts";
export { randomId } from "./random-id.ts";
export { reportTo, type ErrorSinkCallback } from "./report-error.ts";
export { convertedExperiment } from "./conversion-marker.ts";
export type {
  Assignment,
  AssignmentSource,
  ConvertResult,
  DecideRequest,
  DecideWithStoreObserver,
  Decision,
  EngineOptions,
  ExperimentOutcome,
  ExplainedExperiment,
  ExplainedLayer,
  Explanation,
  ExposureEvent,
  NewAssignment,
  StoredAssignments,
  Units,
  UpdateResult,
} from "./types.ts";
