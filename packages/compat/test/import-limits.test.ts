/**
 * Strata's size limits: an importer never returns a config that fails `validate`. What does not fit
 * is listed in `unsupported` with its pointer and the limit's name; the rest imports.
 */
import { LIMITS } from "@strata/config";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { importGrowthBook, importOptimizely, type ImportResult } from "../src/index.ts";
import { validateImported } from "./support/engine.ts";
import { optimizelyDatafile, optimizelyExperiment } from "./support/optimizely-datafile.ts";

/** The result after checking that its config validates. */
function valid(result: ImportResult): ImportResult {
  expect(validateImported(result.config).errors).toEqual([]);
  return result;
}

const experiments = (count: number, extra: (i: number) => Record<string, unknown> = () => ({})) =>
  Array.from({ length: count }, (_, i) => optimizelyExperiment(`${1000 + i}`, `exp_${i}`, [["a", 5000], ["b", 10000]], extra(i)));

/** A value nested `levels` objects deep. */
function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

describe("layers: one per experiment, at most LIMITS.layersPerDomain", () => {
  it(`imports the first ${LIMITS.layersPerDomain} of ${LIMITS.layersPerDomain + 2} Optimizely experiments and lists the others`, () => {
    const { config, unsupported } = valid(importOptimizely(optimizelyDatafile(experiments(LIMITS.layersPerDomain + 2))));
    expect(config.domain.layers).toHaveLength(LIMITS.layersPerDomain);
    expect(unsupported.map((issue) => issue.pointer)).toEqual(["/experiments/100", "/experiments/101"]);
    expect(unsupported[0]!.reason).toContain(`experiment "exp_100" is not imported: the config would have more than ${LIMITS.layersPerDomain} layers (LIMITS.layersPerDomain)`);
    expect(Object.keys(config.params)).toHaveLength(LIMITS.layersPerDomain);
  });

  it("GrowthBook features without an experiment rule share one layer, so 150 of them import", () => {
    const features = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`flag-${i}`, { defaultValue: i }]));
    const { config, unsupported } = valid(importGrowthBook({ features }));
    expect(unsupported).toEqual([]);
    expect(config.domain.layers.map((layer) => [layer.id, layer.params.length, layer.slots.length])).toEqual([["growthbook.defaults", 150, 0]]);
  });

  it("GrowthBook force rules each need a launch layer: those past the limit are listed", () => {
    const features = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`flag-${i}`, { defaultValue: false, rules: [{ condition: { country: "US" }, force: true }] }]));
    const { config, unsupported } = valid(importGrowthBook({ features }));
    // 99 launch layers and the shared layer.
    expect(config.domain.layers).toHaveLength(LIMITS.layersPerDomain);
    expect(unsupported.map((issue) => issue.pointer)).toEqual(["/features/flag-99", "/features/flag-100"]);
    expect(unsupported[0]!.reason).toContain("LIMITS.layersPerDomain");
  });

  it(`lists GrowthBook features past ${LIMITS.params} parameters (LIMITS.params)`, () => {
    const features = Object.fromEntries(Array.from({ length: LIMITS.params + 1 }, (_, i) => [`f${i}`, { defaultValue: 0 }]));
    const { config, unsupported } = valid(importGrowthBook({ features }));
    expect(Object.keys(config.params)).toHaveLength(LIMITS.params);
    expect(unsupported).toEqual([{ pointer: `/features/f${LIMITS.params}`, reason: expect.stringContaining("LIMITS.params") }]);
  });

  it(`lists what would take the config past ${LIMITS.documentValues} JSON values (LIMITS.documentValues)`, () => {
    const big = new Array<number>(LIMITS.documentValues * 0.6).fill(0);
    const { config, unsupported } = valid(importGrowthBook({ features: { first: { defaultValue: big }, second: { defaultValue: big }, small: { defaultValue: 1 } } }));
    expect(Object.keys(config.params)).toEqual(["first", "small"]);
    expect(unsupported).toEqual([{ pointer: "/features/second", reason: expect.stringContaining("LIMITS.documentValues") }]);
  });
});

describe("values and lists beyond Strata's limits", () => {
  const long = "x".repeat(LIMITS.stringLength + 1);

  it("a GrowthBook value with a string over LIMITS.stringLength lists its feature", () => {
    const { config, unsupported } = valid(importGrowthBook({ features: { banner: { defaultValue: long }, other: { defaultValue: 1 } } }));
    expect(config.params).toEqual({ other: 1 });
    expect(unsupported).toEqual([{ pointer: "/features/banner/defaultValue", reason: expect.stringContaining("LIMITS.stringLength") }]);
  });

  it("an Optimizely variation key over LIMITS.stringLength lists its experiment", () => {
    const file = optimizelyDatafile([optimizelyExperiment("1", "long", [[long, 10000]]), ...experiments(1)]);
    const { config, unsupported } = valid(importOptimizely(file));
    expect(Object.keys(config.params)).toEqual(["exp_0"]);
    expect(unsupported).toEqual([{ pointer: "/experiments/0/variations/0/key", reason: expect.stringContaining("LIMITS.stringLength") }]);
  });

  it("nesting is judged where the value goes: 60 deep fits a default, not a variation (LIMITS.documentDepth)", () => {
    const deep = nested(60);
    const { config, unsupported } = valid(importGrowthBook({ features: { plain: { defaultValue: deep }, tested: { defaultValue: 1, rules: [{ key: "e", variations: [deep, 2] }] } } }));
    expect(config.params).toEqual({ plain: deep });
    expect(unsupported).toEqual([{ pointer: "/features/tested/rules/0/variations/0", reason: expect.stringContaining("LIMITS.documentDepth") }]);
  });

  it(`a whitelist over ${LIMITS.forcedUnits} users is listed and left out; the experiment imports`, () => {
    const forcedVariations = Object.fromEntries(Array.from({ length: LIMITS.forcedUnits + 1 }, (_, i) => [`qa-${i}`, "a"]));
    const { config, unsupported } = valid(importOptimizely(optimizelyDatafile(experiments(1, () => ({ forcedVariations })))));
    expect(config.domain.layers[0]!.slots[0]!.experiment!.forced).toBeUndefined();
    expect(unsupported).toEqual([{ pointer: "/experiments/0/forcedVariations", reason: expect.stringContaining("LIMITS.forcedUnits") }]);
  });

  it(`more than ${LIMITS.groupsPerExperiment} variations list the experiment (LIMITS.groupsPerExperiment)`, () => {
    const split = Array.from({ length: LIMITS.groupsPerExperiment + 1 }, (_, i) => [`v${i}`, Math.round(((i + 1) * 10000) / (LIMITS.groupsPerExperiment + 1))] as const);
    const variations = Array.from({ length: LIMITS.groupsPerExperiment + 1 }, (_, i) => `v${i}`);
    const optimizelyResult = valid(importOptimizely(optimizelyDatafile([optimizelyExperiment("1", "many", split)])));
    expect(optimizelyResult.unsupported).toEqual([{ pointer: "/experiments/0/variations", reason: expect.stringContaining("LIMITS.groupsPerExperiment") }]);
    const growthbookResult = valid(importGrowthBook({ features: { many: { defaultValue: "v0", rules: [{ key: "many", variations }] } } }));
    expect(growthbookResult.unsupported).toEqual([{ pointer: "/features/many/rules/0/variations", reason: expect.stringContaining("LIMITS.groupsPerExperiment") }]);
  });

  it(`a GrowthBook hash attribute past ${LIMITS.units} unit types lists its feature (LIMITS.units)`, () => {
    const features = Object.fromEntries(Array.from({ length: LIMITS.units }, (_, i) => [`f${i}`, { defaultValue: 0, rules: [{ key: `e${i}`, hashAttribute: `attr${i}`, variations: [1, 2] }] }]));
    const { config, unsupported } = valid(importGrowthBook({ features }));
    // "id" and 15 attributes are 16 unit types.
    expect(config.units).toHaveLength(LIMITS.units);
    expect(unsupported).toEqual([{ pointer: `/features/f${LIMITS.units - 1}/rules/0`, reason: expect.stringContaining("LIMITS.units") }]);
  });
});

describe("random documents, big ones included (fast-check), always import to a config that validates", () => {
  const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("", "and", "id", "x".repeat(LIMITS.stringLength + 1), "é".repeat(200)));
  const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), text, fc.constant(nested(58)), fc.constant(nested(70)));
  const count = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 95, max: 130 }));

  it("Optimizely datafiles", () => {
    const variation = fc.record({ id: text, key: text });
    const experiment = fc.record({
      id: text,
      key: text,
      status: fc.constantFrom("Running", "Paused", "Archived"),
      variations: fc.array(variation, { maxLength: 4 }),
      trafficAllocation: fc.array(fc.record({ entityId: text, endOfRange: fc.integer({ min: -10, max: 12_000 }) }), { maxLength: 4 }),
      forcedVariations: fc.oneof(fc.dictionary(text, text, { maxKeys: 3 }), fc.constant(Object.fromEntries(Array.from({ length: LIMITS.forcedUnits + 1 }, (_, i) => [`u${i}`, "a"])))),
      audienceConditions: fc.constantFrom(undefined, ["or", "a1"], [{ type: "custom_attribute", name: "c", value: "x" }, "a1"]),
    });
    const datafile = fc.record({
      version: fc.constant("4"),
      experiments: count.chain((n) => fc.array(experiment, { minLength: n, maxLength: n })),
      groups: fc.array(fc.record({ id: text, policy: fc.constantFrom("random", "overlapping"), trafficAllocation: fc.array(fc.record({ entityId: text, endOfRange: fc.nat(10_000) }), { maxLength: 3 }), experiments: fc.array(experiment, { maxLength: 3 }) }), { maxLength: 2 }),
      typedAudiences: fc.constant([{ id: "a1", conditions: ["and", { type: "custom_attribute", name: "c", match: "exact", value: "x" }] }]),
    });
    fc.assert(fc.property(datafile, (file) => void valid(importOptimizely(file))), { numRuns: 25 });
  });

  it("GrowthBook payloads", () => {
    const rule = fc.oneof(
      fc.record({ force: value, coverage: fc.option(fc.double({ min: -0.5, max: 1.5, noNaN: true }), { nil: undefined }), condition: fc.constantFrom(undefined, { country: "US" }), hashAttribute: fc.option(text, { nil: undefined }) }, { requiredKeys: ["force"] }),
      fc.record({
        key: text,
        variations: fc.array(value, { minLength: 0, maxLength: 4 }),
        weights: fc.option(fc.array(fc.double({ min: -1, max: 2, noNaN: true }), { maxLength: 4 }), { nil: undefined }),
        hashAttribute: fc.option(fc.constantFrom("id", "deviceId", ...Array.from({ length: 20 }, (_, i) => `a${i}`)), { nil: undefined }),
        hashVersion: fc.constantFrom(1, 2),
      }),
    );
    const feature = fc.record({ defaultValue: value, rules: fc.array(rule, { maxLength: 2 }) });
    const payload = count.chain((n) => fc.dictionary(text, feature, { minKeys: n, maxKeys: n })).map((features) => ({ features }));
    fc.assert(fc.property(payload, (file) => void valid(importGrowthBook(file))), { numRuns: 25 });
  });
});
