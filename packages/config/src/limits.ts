/**
 * The documented size limits of a config. Every limit is checked by `validate`, and each one
 * that JSON Schema can express is in `schema.json` too, so editors flag it while you type.
 * @module
 */

/** Size limits of a Strata config; a document beyond any of them is rejected with a clear error. */
export const LIMITS = Object.freeze({
  /** Longest id of a domain, layer, experiment or group, a parameter name, a unit name or a salt. */
  idLength: 128,
  /** Longest other string anywhere in the document (descriptions, parameter values, forced unit ids, condition operands). */
  stringLength: 4096,
  /** Deepest nesting of JSON objects and arrays in the whole document. */
  documentDepth: 64,
  /** Most JSON values (objects, arrays, strings, numbers, booleans, nulls) in the whole document. */
  documentValues: 1_000_000,
  /** Most unit types in `units`. */
  units: 16,
  /** Most parameters in `params`. */
  params: 10_000,
  /** Deepest nesting of domains inside layer slots (the root domain is depth 0). */
  domainDepth: 8,
  /** Most layers in one domain. */
  layersPerDomain: 100,
  /** Most slots in one layer. */
  slotsPerLayer: 1_000,
  /** Most bucket ranges in one slot. */
  rangesPerSlot: 1_000,
  /** Largest bucket space of a layer. */
  buckets: 1_000_000,
  /** Most buckets of all layers together (the engine keeps about 4 bytes per bucket: 40 MB at the limit). */
  totalBuckets: 10_000_000,
  /** Most experiments in the whole config. */
  experiments: 10_000,
  /** Most groups in one experiment. */
  groupsPerExperiment: 100,
  /** Most forced unit ids in one experiment, all groups together. */
  forcedUnits: 10_000,
  /** Deepest nesting of `$and`, `$or` and `$not` in one condition. */
  conditionDepth: 16,
  /** Most operators and attribute tests in one condition. */
  conditionNodes: 1_000,
  /** Most values in one `$in` or `$nin` list. */
  conditionValues: 10_000,
  /** Longest `$regex` pattern. */
  regexLength: 256,
  /** Largest repetition count in a `$regex` quantifier such as `{2,5}`. */
  regexRepeat: 1_000,
  /** Longest attribute string (in UTF-16 units) a `$regex` is tested against; longer strings never match. */
  regexSubjectLength: 1_024,
  /** Most backtracking steps (32 × 1,024²) a `$regex` may need, at worst, on an attribute of `regexSubjectLength` characters. */
  regexSteps: 33_554_432,
});

/** The type of `LIMITS`. */
export type Limits = typeof LIMITS;
