/**
 * @strata/config — the Strata config: TypeScript types, a runtime validator that reports every
 * problem at once with JSON Pointers, the JSON Schema (`@strata/config/schema.json`), lint, the
 * condition language, and the allocation control plane.
 *
 * @example
 * ```ts
 * import { validate, formatProblem } from "@strata/config";
 * const result = validate(JSON.parse(text));
 * if (!result.ok) for (const problem of result.errors) console.error(formatProblem(problem));
 * ```
 * @module
 */
export type {
  BucketRange,
  Condition,
  ConditionValue,
  DomainConfig,
  ExperimentConfig,
  ExperimentStatus,
  GroupConfig,
  LayerConfig,
  ParamValue,
  Schedule,
  SegmenterConfig,
  SlotConfig,
  StrataConfig,
} from "./types.ts";

export { validate, type ValidateOptions, type ValidationResult } from "./validate.ts";
export { lint, LINT_RULES, type LintOptions, type LintResult } from "./lint.ts";
export { formatProblem, type Problem, type Severity } from "./problem.ts";
export { ConfigError } from "./config-error.ts";
export { LIMITS, type Limits } from "./limits.ts";
export { FORBIDDEN_KEYS } from "./forbidden-keys.ts";
export {
  DEFAULT_BUCKETS,
  EXPERIMENT_STATUSES,
  StrataConfigSchema,
  DomainSchema,
  LayerSchema,
  SlotSchema,
  ExperimentSchema,
  GroupSchema,
} from "./schema.ts";
export { configStandardSchema } from "./standard-schema.ts";

export { checkCondition, isConditionShape } from "./conditions/check.ts";
export { compileCondition, type Attributes, type ConditionPredicate } from "./conditions/compile.ts";
export { conditionsDisjoint } from "./conditions/disjoint.ts";
export { FIELD_OPERATORS, LOGICAL_OPERATORS, SEMVER_OPERATORS } from "./conditions/operators.ts";
export { compareToVersion, parseVersion, type Version } from "./conditions/semver.ts";
export { checkPattern, type PatternProblem } from "./conditions/regex/check-pattern.ts";

export { walkConfig, type ConfigVisitor, type DomainVisit, type ExperimentVisit, type LayerVisit, type SlotVisit } from "./walk.ts";
export { effectiveSalt } from "./salt.ts";
export { closestName, didYouMean } from "./suggest.ts";
export { experimentUnit, parseDiversion, type Diversion } from "./diversion.ts";
export { countBuckets, formatRanges, freeRanges, layerBuckets, normalizeRanges } from "./ranges.ts";
export { parseTimestamp } from "./timestamp.ts";
export { child, displayPointer, escapeToken, parsePointer, resolvePointer, toPointer, type JsonPointer } from "./pointer.ts";
export { segmenterRegistry, type SegmenterRegistry } from "./segmenters.ts";

export { allocate, type AllocateRequest } from "./allocation/allocate.ts";
export { resize, type ResizeRequest } from "./allocation/resize.ts";
export { release, type ReleaseRequest } from "./allocation/release.ts";
export { AllocationError, formatChange, type AllocationErrorCode, type AllocationResult, type Change, type LayerSpace } from "./allocation/change.ts";
export type { ControlOptions } from "./allocation/checked.ts";
