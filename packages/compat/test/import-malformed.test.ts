/**
 * Malformed documents: the importers list what they cannot read, with its pointer, and import the
 * rest — never a TypeError, never a config that fails `validate`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { importGrowthBook, importOptimizely, ImportError, type ImportResult } from "../src/index.ts";
import { validateImported } from "./support/engine.ts";
import { example } from "./support/examples.ts";
import { mutate, mutations } from "./support/mutate.ts";

/** The import's outcome: the ImportError's message, or the unsupported pointers after checking the config validates. */
function outcome(run: () => ImportResult): string | string[] {
  let result: ImportResult;
  try {
    result = run();
  } catch (error) {
    if (error instanceof ImportError) return `ImportError: ${error.message}`;
    throw error;
  }
  expect(validateImported(result.config).errors).toEqual([]);
  return result.unsupported.map((issue) => issue.pointer);
}

const experiment = (extra: Record<string, unknown> = {}) => ({
  id: "1",
  key: "k",
  status: "Running",
  variations: [{ id: "11", key: "a" }],
  trafficAllocation: [{ entityId: "11", endOfRange: 10000 }],
  forcedVariations: {},
  audienceIds: [],
  ...extra,
});
const other = { ...experiment(), id: "2", key: "other" };

describe("importOptimizely on malformed datafiles", () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["a null variation", { experiments: [experiment({ variations: [null] }), other] }, ["/experiments/0/variations/0"]],
    ["a number variation key", { experiments: [experiment({ variations: [{ id: "11", key: 7 }] }), other] }, ["/experiments/0/variations/0"]],
    ["a null traffic range", { experiments: [experiment({ trafficAllocation: [null] }), other] }, ["/experiments/0/trafficAllocation/0"]],
    ["an endOfRange that is a string", { experiments: [experiment({ trafficAllocation: [{ entityId: "11", endOfRange: "10000" }] }), other] }, ["/experiments/0/trafficAllocation/0"]],
    ["an entityId that is a number", { experiments: [experiment({ trafficAllocation: [{ entityId: 11, endOfRange: 10000 }] }), other] }, ["/experiments/0/trafficAllocation/0/entityId"]],
    ["a null group", { experiments: [other], groups: [null] }, ["/groups/0"]],
    ["a random group with a number id", { experiments: [other], groups: [{ id: 5, policy: "random", trafficAllocation: [], experiments: [experiment()] }] }, ["/groups/0/id"]],
    ["a null audience", { experiments: [other], audiences: [null] }, ["/audiences/0"]],
    ["a null typed audience", { experiments: [other], typedAudiences: [null] }, ["/typedAudiences/0"]],
    ["a null flag", { experiments: [other], featureFlags: [null] }, ["/featureFlags/0"]],
    ["a null rollout with an fr experiment", { experiments: [experiment({ type: "fr" }), other], featureFlags: [{ key: "f", experimentIds: ["1"], rolloutId: "r" }], rollouts: [null] }, ["/featureFlags/0", "/rollouts/0"]],
    ["experiments that are not a list", { experiments: { a: 1 }, groups: [{ id: "g", policy: "overlapping", experiments: [other] }] }, ["/experiments"]],
    ["a null experiment", { experiments: [null, other] }, ["/experiments/0"]],
  ];
  for (const [name, sections, pointers] of cases) {
    it(`${name}: listed at its pointer, the rest imported`, () => {
      const result = outcome(() => importOptimizely({ version: "4", ...sections }));
      expect(result).toEqual(pointers);
      expect(importOptimizely({ version: "4", ...sections }).config.params).toHaveProperty("other");
    });
  }
});

describe("importGrowthBook on malformed payloads", () => {
  const ok = { defaultValue: 0, rules: [{ key: "fine", variations: [1, 2], hashVersion: 2 }] };
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["a null rule", { rules: [null] }, ["/features/f/rules/0"]],
    ["a null filter", { rules: [{ variations: [1, 2], filters: [null] }] }, ["/features/f/rules/0/filters/0"]],
    ["variations that are not a list", { rules: [{ variations: "ab" }] }, ["/features/f/rules/0/variations"]],
    ["a number hashAttribute", { rules: [{ variations: [1, 2], hashAttribute: 5 }] }, ["/features/f/rules/0/hashAttribute"]],
    ["a number seed", { rules: [{ variations: [1, 2], seed: 5 }] }, ["/features/f/rules/0/seed"]],
    ["a number key", { rules: [{ variations: [1, 2], key: 5 }] }, ["/features/f/rules/0/key"]],
    ["a number seed on a rollout", { rules: [{ force: 1, coverage: 0.5, seed: 5 }] }, ["/features/f/rules/0/seed"]],
    ["a number filter attribute", { rules: [{ variations: [1, 2], filters: [{ seed: "s", ranges: [[0, 1]], attribute: 5 }] }] }, ["/features/f/rules/0/filters/0/attribute"]],
    ["rules that are not a list", { rules: { a: 1 } }, ["/features/f/rules"]],
  ];
  for (const [name, feature, pointers] of cases) {
    it(`${name}: listed at its pointer, the rest imported`, () => {
      expect(outcome(() => importGrowthBook({ features: { f: feature, ok } }))).toEqual(pointers);
      expect(importGrowthBook({ features: { f: feature, ok } }).config.params).toHaveProperty("ok");
    });
  }

  it("imports number and null meta keys as group ids (they name groups, not values)", () => {
    for (const meta of [[{ key: 5 }, { key: 6 }], [null, null]]) {
      expect(outcome(() => importGrowthBook({ features: { f: { rules: [{ variations: [1, 2], meta }] } } }))).toEqual([]);
    }
    const groups = importGrowthBook({ features: { f: { rules: [{ variations: [1, 2], meta: [{ key: 5 }, { key: 6 }] }] } } }).config.domain.layers[0]!.slots[0]!.experiment!.groups;
    expect(groups.map((group) => group.id)).toEqual(["5", "6"]);
  });
});

describe("fuzzing (fast-check): damaged documents never crash an importer nor give an invalid config", () => {
  it("Optimizely: the sample datafile with random values at random paths", () => {
    const datafile = example("optimizely-datafile.json");
    fc.assert(fc.property(mutations, (list) => void outcome(() => importOptimizely(mutate(datafile, list)))), { numRuns: 300 });
  });

  it("GrowthBook: the sample payload with random values at random paths", () => {
    const payload = example("growthbook-features.json");
    fc.assert(fc.property(mutations, (list) => void outcome(() => importGrowthBook(mutate(payload, list)))), { numRuns: 300 });
  });
});
