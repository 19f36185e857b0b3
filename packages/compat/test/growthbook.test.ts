import { createSegmenter, createSegmenterContext, SegmenterOptionsError } from "@strata/segmenters";
import { testSegmenter } from "@strata/segmenters/testing";
import { bucket } from "@strata/hash";
import type { Experiment, FeatureRule } from "@growthbook/growthbook";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { growthbook, growthbookHash, growthbookV1Scheme, type GrowthBookOptions } from "../src/index.ts";
import { IDS, NON_ASCII } from "./support/ids.ts";
import { goOffline, type OfflineReport } from "./support/offline.ts";
import { growthbookOracle } from "./support/oracles.ts";

const segmenterFor = (options: GrowthBookOptions) => createSegmenter(growthbook, options, createSegmenterContext({ experimentId: "exp" }));
const request = (attributes: Record<string, unknown>) => ({ attributes, now: 0 });

let stopGuard: () => OfflineReport;
let sdk: ReturnType<typeof growthbookOracle>;
beforeAll(() => {
  stopGuard = goOffline();
  sdk = growthbookOracle();
});
afterAll(() => {
  sdk.close();
  const report = stopGuard();
  expect(report).toEqual({ network: [], console: 0 });
});

/** Ids where the segmenter and runInlineExperiment disagree. */
function mismatches(experiment: Experiment<number>, options: GrowthBookOptions, attributesOf: (id: string) => Record<string, unknown> = (id) => ({ id })): string[] {
  const segmenter = segmenterFor(options);
  const unitAttribute = options.hashAttribute ?? "id";
  let assigned = 0;
  const different = IDS.filter((id) => {
    const attributes = attributesOf(id);
    const expected = sdk.experiment(experiment, attributes);
    if (expected !== null) assigned++;
    return segmenter.assign(String(attributes[unitAttribute] ?? ""), request(attributes)) !== expected;
  });
  // A comparison where the SDK puts nobody in the experiment would prove nothing.
  return assigned === 0 ? ["(the SDK assigned no id)"] : different;
}

const variations = (n: number) => Array.from({ length: n }, (_, i) => i) as [number, number, ...number[]];
const groups = (weights: number[]) => weights.map((weight, i) => ({ id: String(i), weight }));

describe(`compat:growthbook matches @growthbook/growthbook runInlineExperiment on ${IDS.length} ids (${NON_ASCII} non-ASCII)`, () => {
  for (const hashVersion of [1, 2] as const) {
    describe(`hash version ${hashVersion}`, () => {
      it("50/50", () => {
        expect(mismatches({ key: "exp1", variations: variations(2), hashVersion }, { seed: "exp1", hashVersion, groups: groups([0.5, 0.5]) })).toEqual([]);
      });
      it("10/20/70, with the floating-point boundary 0.1 + 0.2", () => {
        const weights = [0.1, 0.2, 0.7];
        expect(mismatches({ key: "exp1", variations: variations(3), weights, hashVersion }, { seed: "exp1", hashVersion, groups: groups(weights) })).toEqual([]);
      });
      it("equal weights when none are given, a seed that is not the key, 60% coverage", () => {
        expect(
          mismatches({ key: "exp-key", seed: "s33d", variations: variations(3), coverage: 0.6, hashVersion }, { seed: "s33d", hashVersion, coverage: 0.6, groups: [{ id: "0" }, { id: "1" }, { id: "2" }] }),
        ).toEqual([]);
      });
    });
  }

  it("pins the documented float edge: n = 0.3 falls in the 20% arm (v2 user-4419, v1 user-425)", () => {
    const three = (hashVersion: 1 | 2) => segmenterFor({ seed: "exp1", hashVersion, groups: [{ id: "control", weight: 0.1 }, { id: "treatment", weight: 0.2 }, { id: "treatment2", weight: 0.7 }] });
    expect(growthbookHash("exp1", "user-4419", 2)).toBe(0.3);
    expect(growthbookHash("exp1", "user-425", 1)).toBe(0.3);
    expect(three(2).assign("user-4419", request({}))).toBe("treatment");
    expect(three(1).assign("user-425", request({}))).toBe("treatment");
  });

  it("an omitted hashVersion is version 1", () => {
    expect(mismatches({ key: "legacy", variations: variations(2) }, { seed: "legacy", groups: groups([0.5, 0.5]) })).toEqual([]);
  });

  it("legacy namespaces: two experiments on [0, 0.5) and [0.5, 1) of one namespace exclude each other", () => {
    const first = { seed: "a", hashVersion: 2 as const, groups: groups([0.5, 0.5]), namespace: { id: "pricing", range: [0, 0.5] as const } };
    const second = { seed: "b", hashVersion: 2 as const, groups: groups([0.5, 0.5]), namespace: { id: "pricing", range: [0.5, 1] as const } };
    expect(mismatches({ key: "a", variations: variations(2), hashVersion: 2, namespace: ["pricing", 0, 0.5] }, first)).toEqual([]);
    expect(mismatches({ key: "b", variations: variations(2), hashVersion: 2, namespace: ["pricing", 0.5, 1] }, second)).toEqual([]);
    const a = segmenterFor(first);
    const b = segmenterFor(second);
    expect(IDS.filter((id) => a.assign(id, request({})) !== null && b.assign(id, request({})) !== null)).toEqual([]);
  });

  it("filters (GrowthBook's layers), on the unit and on another attribute, with their own hash versions", () => {
    const filters = [
      { seed: "layer-1", hashVersion: 2 as const, ranges: [[0, 0.25], [0.5, 0.75]] as [number, number][] },
      { seed: "by-device", attribute: "deviceId", hashVersion: 1 as const, ranges: [[0.1, 0.9]] as [number, number][] },
    ];
    const attributesOf = (id: string) => ({ id, ...(id.length % 4 === 0 ? {} : { deviceId: `device-${id}` }) });
    expect(mismatches({ key: "f", variations: variations(3), weights: [0.1, 0.2, 0.7], hashVersion: 2, filters }, { seed: "f", hashVersion: 2, groups: groups([0.1, 0.2, 0.7]), filters }, attributesOf)).toEqual([]);
  });

  it("a filter without hashVersion uses version 2", () => {
    const filters = [{ seed: "layer-2", ranges: [[0.3, 0.8]] as [number, number][] }];
    expect(mismatches({ key: "g", variations: variations(2), filters: filters as never }, { seed: "g", groups: groups([0.5, 0.5]), filters })).toEqual([]);
  });

  it("hashAttribute: the unit is another attribute's value; filters on id read the request attributes", () => {
    const filters = [{ seed: "layer", hashVersion: 2 as const, ranges: [[0, 0.5]] as [number, number][] }];
    const attributesOf = (id: string) => ({ id: `u-${id}`, deviceId: id });
    expect(
      mismatches({ key: "d", variations: variations(2), hashVersion: 2, hashAttribute: "deviceId", filters }, { seed: "d", hashVersion: 2, hashAttribute: "deviceId", groups: groups([0.5, 0.5]), filters }, attributesOf),
    ).toEqual([]);
  });

  it("meta keys, a passthrough variation and explicit ranges", () => {
    const meta = [{ key: "control" }, { key: "holdback", passthrough: true }, { key: "treatment" }];
    const ranges: [number, number][] = [[0, 0.3], [0.3, 0.4], [0.5, 0.9]];
    expect(
      mismatches(
        { key: "m", variations: variations(3), hashVersion: 2, meta, ranges },
        { seed: "m", hashVersion: 2, groups: [{ id: "control", range: [0, 0.3] }, { id: "holdback", range: [0.3, 0.4], passthrough: true }, { id: "treatment", range: [0.5, 0.9] }] },
      ),
    ).toEqual([]);
  });
});

describe("compat:growthbook rollouts match force rules with coverage or range (evalFeature)", () => {
  const cases: { name: string; rule: FeatureRule; rollout: GrowthBookOptions["rollout"]; seed: string; hashVersion?: 1 | 2 }[] = [
    { name: "30% coverage, hash version 1 by default, seeded by the feature key", rule: { force: "on", coverage: 0.3 }, rollout: { coverage: 0.3 }, seed: "feature" },
    { name: "coverage is inclusive (n <= coverage), version 2, own seed", rule: { force: "on", coverage: 0.5, hashVersion: 2, seed: "roll" }, rollout: { coverage: 0.5 }, seed: "roll", hashVersion: 2 },
    { name: "a range [0.2, 0.5)", rule: { force: "on", range: [0.2, 0.5], hashVersion: 2 }, rollout: { range: [0.2, 0.5] }, seed: "feature", hashVersion: 2 },
    { name: "no coverage: everyone", rule: { force: "on" }, rollout: {}, seed: "feature" },
  ];
  for (const { name, rule, rollout, seed, hashVersion } of cases) {
    it(name, () => {
      const oracle = growthbookOracle({ feature: { defaultValue: "off", rules: [rule] } });
      const segmenter = segmenterFor({ seed, ...(hashVersion ? { hashVersion } : {}), groups: [{ id: "on" }], rollout });
      expect(IDS.filter((id) => segmenter.assign(id, request({ id })) !== (oracle.feature("feature", { id }) === "on" ? "on" : null))).toEqual([]);
      oracle.close();
    });
  }
});

describe("the growthbook/v1 hash scheme", () => {
  it("is @strata/hash scheme data: FNV-1a over UTF-16 code units of value + seed, mod 1000", () => {
    for (const id of IDS.slice(0, 3000)) expect(bucket(id, "exp1", 1000, growthbookV1Scheme) / 1000).toBe(growthbookHash("exp1", id, 1));
  });
});

describe("options errors name the experiment, the option path and the fix", () => {
  const message = (options: unknown) => {
    try {
      createSegmenter(growthbook, options, createSegmenterContext({ experimentId: "checkout" }));
    } catch (error) {
      expect(error).toBeInstanceOf(SegmenterOptionsError);
      return (error as Error).message;
    }
    throw new Error("expected an error");
  };
  it("weights GrowthBook would silently replace by equal weights", () => {
    expect(message({ seed: "s", groups: [{ id: "a", weight: 0.5 }, { id: "b", weight: 0.4 }] })).toContain(`experiment "checkout": groups: weights add up to 0.9; GrowthBook needs 0.99–1.01`);
  });
  it("a one-variation experiment, which GrowthBook never enters", () => {
    expect(message({ seed: "s", groups: [{ id: "a" }] })).toContain("GrowthBook puts nobody in an experiment with fewer than 2 variations");
  });
  it("a namespace next to filters", () => {
    expect(message({ seed: "s", groups: [{ id: "a" }, { id: "b" }], filters: [], namespace: { id: "n", range: [0, 1] } })).toContain("namespace: GrowthBook ignores the namespace when filters are set");
  });
  it("an unknown hash version", () => {
    expect(message({ seed: "s", hashVersion: 3, groups: [{ id: "a" }, { id: "b" }] })).toContain(`hashVersion: must be 1 or 2`);
  });
});

testSegmenter({
  name: `segmenter "compat:growthbook" (v2, 10/20/70, coverage, filters)`,
  factory: growthbook,
  options: { seed: "exp1", hashVersion: 2, coverage: 0.8, groups: groups([0.1, 0.2, 0.7]), filters: [{ seed: "layer", ranges: [[0, 0.6]] }] },
  invalid: [
    { options: { seed: "s", groups: [{ id: "a", weight: 2 }, { id: "b", weight: 0 }] }, path: "groups[0].weight" },
    { options: { seed: "s", groups: [{ id: "a" }, { id: "b" }], coverage: 1.5 }, path: "coverage" },
    { options: { seed: "s", groups: [{ id: "a" }, { id: "b" }], filters: [{ seed: "x", ranges: [[0.5, 0.2]] }] }, path: "filters[0].ranges[0]" },
    { options: { groups: [{ id: "a" }, { id: "b" }] }, path: "seed" },
  ],
});

testSegmenter({
  name: `segmenter "compat:growthbook" (v1, namespace)`,
  factory: growthbook,
  options: { seed: "exp1", groups: groups([0.5, 0.5]), namespace: { id: "ns", range: [0.2, 0.7] } },
  invalid: [{ options: { seed: "s", groups: [{ id: "a" }, { id: "b" }], namespace: { id: "n", range: [0, 2] } }, path: "namespace.range" }],
});

testSegmenter({
  name: `segmenter "compat:growthbook" (rollout)`,
  factory: growthbook,
  options: { seed: "feature", hashVersion: 2, groups: [{ id: "on" }], rollout: { coverage: 0.35 } },
  invalid: [{ options: { seed: "s", groups: [{ id: "a" }, { id: "b" }], rollout: {} }, path: "groups" }],
});
