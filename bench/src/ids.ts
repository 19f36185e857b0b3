/**
 * Row ids, shared by the rows, the thresholds, the report and the tests (kept free of imports
 * so that the harness logic can be tested without loading an engine or an SDK).
 * @module
 */
export const ROW = {
  /** One `encodeInto` of the unit + 10 × murmur3 over pre-encoded keys: the guard's floor. */
  floor10: "floor.10-hashes",
  /** The same with 20 hashes: what ten Strata layers must hash (layer bucket + segmenter hash each). */
  floor20: "floor.20-hashes",
  /** `UnitHasher`: set the unit, then 20 × bucket with prepared salts (decide's hashing, alone). */
  unitHasher20: "strata.unit-hasher.20",
  bucket: "strata.bucket",
  decide1: "strata.decide.1",
  decide10: "strata.decide.10",
  decide100: "strata.decide.100",
  decide10Get: "strata.decide.10+get",
  decide10Conditions: "strata.decide.10.conditions",
  decide10Sticky: "strata.decide.10.sticky",
  /** Reference implementations (bench/src/reference), identical output: what packages/hash could cost. */
  refImul20: "reference.imul.20",
  refMidstate20: "reference.midstate.20",
  peerOne: (api: string) => `${api}.1`,
  peerTen: (api: string) => `${api}.10`,
} as const;

/** Peer API ids (see src/peers). */
export const PEER = {
  growthbook: "growthbook.evalFeature",
  optimizelyGetVariation: "optimizely.getVariation",
  optimizelyDecide: "optimizely.decide",
  unleashIsEnabled: "unleash.isEnabled",
  unleashGetVariant: "unleash.getVariant",
} as const;
