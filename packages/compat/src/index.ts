/**
 * @strata/compat — reproduce other platforms' bucketing exactly, so teams moving to Strata keep
 * every running experiment's assignments: segmenters for Optimizely, GrowthBook, Unleash,
 * PlanOut, Verdict and the classic `md5(unit:experiment)` scheme, the hash schemes they need, and
 * importers that turn an Optimizely datafile or a GrowthBook features payload into a Strata config.
 *
 * @example
 * ```ts
 * import { createEngine } from "@strata/engine";
 * import { compatSegmenters, importOptimizely } from "@strata/compat";
 * const { config, unsupported } = importOptimizely(datafile);
 * const engine = createEngine(config, { segmenters: compatSegmenters });
 * engine.decide({ units: { userId: "user-42" } }).get("checkout_flow"); // the variation Optimizely gives
 * ```
 * @module
 */
export type { CompatSegmenterFactory } from "./factory.ts";
export { compatSegmenters } from "./segmenters.ts";
export { compatSchemes, growthbookV1Scheme, md5PrefixScheme, optimizelyScheme } from "./schemes.ts";
export { lowByteMurmur3 } from "./hashing/low-byte-murmur.ts";

export { optimizely, type OptimizelyExclusionGroup, type OptimizelyOptions, type OptimizelyTrafficRange } from "./optimizely/segmenter.ts";
export { BUCKETING_ID_ATTRIBUTE, OPTIMIZELY_BUCKETS } from "./optimizely/bucketer.ts";
export { growthbook, growthbookHashValue, type GrowthBookFilter, type GrowthBookGroup, type GrowthBookOptions } from "./growthbook/segmenter.ts";
export { growthbookHash, type GrowthBookHashVersion } from "./growthbook/hash.ts";
export { bucketRanges as growthbookBucketRanges } from "./growthbook/ranges.ts";
export { unleash, UNLEASH_STRATEGY_SEED, UNLEASH_VARIANT_SEED, type UnleashGroup, type UnleashOptions } from "./unleash.ts";
export { planout, planoutUniform, type PlanOutBuild, type PlanOutGroup, type PlanOutOp, type PlanOutOptions } from "./planout.ts";
export { verdict, verdictPercentile, type VerdictGroup, type VerdictOptions } from "./verdict.ts";
export { md5Prefix, type Md5PrefixGroup, type Md5PrefixOptions } from "./md5-prefix.ts";

export { importOptimizely, OPTIMIZELY_UNIT } from "./optimizely/import.ts";
export type { OptimizelyDatafile } from "./optimizely/datafile.ts";
export { importGrowthBook } from "./growthbook/import.ts";
export type { GrowthBookFeature, GrowthBookPayload, GrowthBookRule } from "./growthbook/payload.ts";
export { ImportError, type ImportIssue, type ImportResult } from "./import/result.ts";
