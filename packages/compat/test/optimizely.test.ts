import { createSegmenter, createSegmenterContext, SegmenterOptionsError } from "@strata/segmenters";
import { testSegmenter } from "@strata/segmenters/testing";
import { bucket, compileScheme } from "@strata/hash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { optimizely, optimizelyScheme, type OptimizelyOptions } from "../src/index.ts";
import { IDS, NON_ASCII } from "./support/ids.ts";
import { goOffline, type OfflineReport } from "./support/offline.ts";
import { optimizelyOracle } from "./support/oracles.ts";
import { allocationOf, optimizelyDatafile, optimizelyExperiment, type Split } from "./support/optimizely-datafile.ts";

const request = (attributes: Record<string, unknown> = {}) => ({ attributes, now: 0 });
const segmenterFor = (options: OptimizelyOptions) => createSegmenter(optimizely, options, createSegmenterContext({ experimentId: "exp" }));

const HALF: Split = [["control", 5000], ["treatment", 10000]];
const THREE: Split = [["a", 1000], ["b", 3000], ["c", 10000]];
const PARTIAL: Split = [[null, 0], ["control", 2500], ["treatment", 5000]]; // 50% traffic, as the backend writes it
const GROUP = { id: "19228", policy: "random", trafficAllocation: [{ entityId: "201", endOfRange: 3000 }, { entityId: "202", endOfRange: 7000 }, { entityId: "", endOfRange: 10000 }] };
const IN_GROUP_A = optimizelyExperiment("201", "group_a", HALF);
const IN_GROUP_B = optimizelyExperiment("202", "group_b", THREE);
const datafile = optimizelyDatafile(
  [optimizelyExperiment("20731710", "half", HALF), optimizelyExperiment("20731711", "three", THREE), optimizelyExperiment("20731712", "partial", PARTIAL)],
  [{ ...GROUP, experiments: [IN_GROUP_A, IN_GROUP_B] }],
);

let stopGuard: () => OfflineReport;
let sdk: ReturnType<typeof optimizelyOracle>;
beforeAll(() => {
  stopGuard = goOffline();
  sdk = optimizelyOracle(datafile);
});
afterAll(() => {
  sdk.close();
  const report = stopGuard();
  expect(report.network).toEqual([]);
});

/** Ids where the segmenter and getVariation disagree. */
function mismatches(experimentKey: string, options: OptimizelyOptions, attributesOf: (id: string) => Record<string, unknown> = () => ({})): string[] {
  const segmenter = segmenterFor(options);
  let assigned = 0;
  const different = IDS.filter((id) => {
    const expected = sdk.variation(experimentKey, id, attributesOf(id));
    if (expected !== null) assigned++;
    return segmenter.assign(id, request(attributesOf(id))) !== expected;
  });
  // A comparison where the SDK puts nobody in the experiment would prove nothing.
  return assigned === 0 ? ["(the SDK assigned no id)"] : different;
}

describe(`compat:optimizely matches @optimizely/optimizely-sdk getVariation on ${IDS.length} ids (${NON_ASCII} non-ASCII)`, () => {
  it("50/50", () => expect(mismatches("half", { experimentId: "20731710", trafficAllocation: allocationOf(HALF) })).toEqual([]));
  it("10/20/70", () => expect(mismatches("three", { experimentId: "20731711", trafficAllocation: allocationOf(THREE) })).toEqual([]));
  it("50% traffic with a leading empty range", () => expect(mismatches("partial", { experimentId: "20731712", trafficAllocation: allocationOf(PARTIAL) })).toEqual([]));

  it("an empty user id is hashed, as the SDK does", () => {
    const segmenter = segmenterFor({ experimentId: "20731711", trafficAllocation: allocationOf(THREE) });
    expect(segmenter.assign("", request())).toBe(sdk.variation("three", ""));
  });

  it("$opt_bucketing_id replaces the user id when it is a string (and only then)", () => {
    const options = { experimentId: "20731711", trafficAllocation: allocationOf(THREE) };
    const attributesOf = (id: string) => (id.length % 3 === 0 ? { $opt_bucketing_id: `bucket-${id}` } : id.length % 3 === 1 ? { $opt_bucketing_id: 42 } : {});
    expect(mismatches("three", options, attributesOf)).toEqual([]);
    const segmenter = segmenterFor(options);
    // Every user with the same bucketing id lands in the same group.
    expect(new Set(IDS.map((id) => segmenter.assign(id, request({ $opt_bucketing_id: "shared" })))).size).toBe(1);
  });

  describe("exclusion groups: the group hash picks the experiment, then the experiment hash picks the variation", () => {
    const group = { id: "19228", trafficAllocation: GROUP.trafficAllocation.map(({ entityId, endOfRange }) => ({ experimentId: entityId, endOfRange })) };
    it("first experiment of the group (30% of the group)", () => {
      expect(mismatches("group_a", { experimentId: "201", trafficAllocation: allocationOf(HALF), exclusionGroup: group })).toEqual([]);
    });
    it("second experiment of the group (40%), 10/20/70", () => {
      expect(mismatches("group_b", { experimentId: "202", trafficAllocation: allocationOf(THREE), exclusionGroup: group })).toEqual([]);
    });
    it("no unit is in both experiments, and 30% of units are in neither", () => {
      const a = segmenterFor({ experimentId: "201", trafficAllocation: allocationOf(HALF), exclusionGroup: group });
      const b = segmenterFor({ experimentId: "202", trafficAllocation: allocationOf(THREE), exclusionGroup: group });
      const inA = IDS.filter((id) => a.assign(id, request()) !== null);
      const inB = new Set(IDS.filter((id) => b.assign(id, request()) !== null));
      expect(inA.filter((id) => inB.has(id))).toEqual([]);
      expect((IDS.length - inA.length - inB.size) / IDS.length).toBeCloseTo(0.3, 1);
    });
  });
});

describe("the optimizely hash scheme", () => {
  it("is @strata/hash scheme data: murmur3 seed 1 over bucketingId + experimentId, scaled to 10,000", () => {
    const compiled = compileScheme(optimizelyScheme);
    expect(compiled.scheme).toMatchObject({ seed: 1, key: "{unit}{salt}", mapping: "scale", buckets: 10_000 });
    // The SDK's own value for these keys: getVariation on a one-range-per-bucket experiment is the bucket itself.
    const perBucket: Split = Array.from({ length: 10_000 }, (_, i) => [`b${i}`, i + 1] as const);
    const probe = optimizelyOracle(optimizelyDatafile([optimizelyExperiment("exp1", "exp1", perBucket)]));
    for (const id of IDS.slice(0, 2000)) expect(`b${bucket(id, "exp1", 10_000, optimizelyScheme)}`).toBe(probe.variation("exp1", id));
    probe.close();
  });
});

describe("options errors name the experiment, the option path and the fix", () => {
  const error = (options: unknown) => {
    try {
      createSegmenter(optimizely, options, createSegmenterContext({ experimentId: "checkout" }));
    } catch (caught) {
      return caught as SegmenterOptionsError;
    }
    throw new Error("expected an error");
  };
  it("rejects an endOfRange above 10000", () => {
    const e = error({ experimentId: "1", trafficAllocation: [{ group: "a", endOfRange: 10001 }] });
    expect(e).toBeInstanceOf(SegmenterOptionsError);
    expect(e.message).toContain(`experiment "checkout": trafficAllocation[0].endOfRange: must be a whole number from 0 to 10000`);
  });
  it("rejects a missing experimentId, explaining that the id (not the key) is hashed", () => {
    expect(error({ trafficAllocation: [{ group: "a", endOfRange: 1 }] }).message).toMatch(/experimentId: must be a non-empty string: the Optimizely experiment id .*not the key/);
  });
  it("rejects an allocation that gives no group", () => {
    expect(error({ experimentId: "1", trafficAllocation: [{ group: null, endOfRange: 10000 }] }).message).toContain("trafficAllocation: gives no group");
  });
});

testSegmenter({
  factory: optimizely,
  options: { experimentId: "20731711", trafficAllocation: allocationOf(THREE) },
  invalid: [
    { options: { experimentId: "1", trafficAllocation: [{ group: "a", endOfRange: 20000 }] }, path: "trafficAllocation[0].endOfRange" },
    { options: { experimentId: "", trafficAllocation: [{ group: "a", endOfRange: 100 }] }, path: "experimentId" },
    { options: { experimentId: "1", trafficAllocation: [{ group: "a", endOfRange: 100 }], exclusionGroup: { id: "g", trafficAllocation: [] } }, path: "exclusionGroup.trafficAllocation" },
    { options: { experimentId: "1", trafficAllocation: [{ group: "a", endOfRange: 100, weight: 3 }] }, path: "trafficAllocation[0].weight" },
  ],
});

testSegmenter({
  name: `segmenter "compat:optimizely" in an exclusion group`,
  factory: optimizely,
  options: {
    experimentId: "202",
    trafficAllocation: allocationOf(THREE),
    exclusionGroup: { id: "19228", trafficAllocation: [{ experimentId: "201", endOfRange: 3000 }, { experimentId: "202", endOfRange: 7000 }] },
  },
  invalid: [{ options: { experimentId: "1", trafficAllocation: [{ group: "a", endOfRange: 1 }], exclusionGroup: { id: "" } }, path: "exclusionGroup.id" }],
});
