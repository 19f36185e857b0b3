import { createSegmenter, createSegmenterContext, SegmenterOptionsError } from "@strata/segmenters";
import { testSegmenter } from "@strata/segmenters/testing";
import { murmur3x86_32, utf8 } from "@strata/hash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lowByteMurmur3, unleash, type UnleashOptions } from "../src/index.ts";
import { IDS, NON_ASCII } from "./support/ids.ts";
import { goOffline, type OfflineReport } from "./support/offline.ts";
import { unleashOracle } from "./support/oracles.ts";

const segmenterFor = (options: UnleashOptions) => createSegmenter(unleash, options, createSegmenterContext({ experimentId: "toggle" }));
const request = { attributes: {}, now: 0 };

const rollout = (name: string, parameters: Record<string, string>, variants: unknown[] = []) => ({
  name,
  enabled: true,
  strategies: [{ name: "flexibleRollout", parameters: { stickiness: "default", ...parameters }, constraints: [], variants }],
  variants: [],
});
const variant = (name: string, weight: number) => ({ name, weight, weightType: "variable", stickiness: "default" });

const toggles = [
  rollout("half", { rollout: "50", groupId: "half" }),
  rollout("third", { rollout: "33", groupId: "shared-group" }),
  rollout("no-group", { rollout: "40" }),
  rollout("ab", { rollout: "100", groupId: "ab" }, [variant("control", 500), variant("treatment", 500)]),
  rollout("abc", { rollout: "80", groupId: "abc" }, [variant("a", 100), variant("b", 200), variant("c", 700)]),
  rollout("skip-zero", { rollout: "100", groupId: "z" }, [variant("never", 0), variant("x", 300), variant("y", 700)]),
  { name: "legacy", enabled: true, strategies: [{ name: "flexibleRollout", parameters: { rollout: "60", stickiness: "default", groupId: "legacy-group" }, constraints: [] }], variants: [variant("l1", 250), variant("l2", 750)] },
];

let stopGuard: () => OfflineReport;
let sdk: ReturnType<typeof unleashOracle>;
beforeAll(() => {
  stopGuard = goOffline();
  sdk = unleashOracle(toggles);
});
afterAll(() => expect(stopGuard()).toEqual({ network: [], console: 0 }));

function mismatches(toggle: string, options: UnleashOptions, variants: boolean): string[] {
  const segmenter = segmenterFor(options);
  let assigned = 0;
  const different = IDS.filter((id) => {
    const expected = variants ? sdk.variant(toggle, { userId: id }) : sdk.isEnabled(toggle, { userId: id }) ? "on" : null;
    if (expected !== null) assigned++;
    return segmenter.assign(id, request) !== expected;
  });
  return assigned === 0 ? ["(the SDK enabled no id)"] : different;
}

describe(`compat:unleash matches unleash-client on ${IDS.length} ids (${NON_ASCII} non-ASCII)`, () => {
  it("flexibleRollout 50%", () => expect(mismatches("half", { groupId: "half", rollout: 50, groups: [{ id: "on" }] }, false)).toEqual([]));
  it("flexibleRollout 33% under a shared groupId", () => expect(mismatches("third", { groupId: "shared-group", rollout: 33, groups: [{ id: "on" }] }, false)).toEqual([]));
  it("a strategy without groupId hashes \":\" + id", () => expect(mismatches("no-group", { groupId: "", rollout: 40, groups: [{ id: "on" }] }, false)).toEqual([]));
  it("variants 50/50", () => expect(mismatches("ab", { groupId: "ab", groups: [{ id: "control", weight: 500 }, { id: "treatment", weight: 500 }] }, true)).toEqual([]));
  it("variants 10/20/70 behind an 80% rollout", () => {
    expect(mismatches("abc", { groupId: "abc", rollout: 80, groups: [{ id: "a", weight: 100 }, { id: "b", weight: 200 }, { id: "c", weight: 700 }] }, true)).toEqual([]);
  });
  it("variants of weight 0 are skipped", () => {
    expect(mismatches("skip-zero", { groupId: "z", groups: [{ id: "never", weight: 0 }, { id: "x", weight: 300 }, { id: "y", weight: 700 }] }, true)).toEqual([]);
  });
  it("feature-level variants hash the toggle name (variantGroupId)", () => {
    expect(mismatches("legacy", { groupId: "legacy-group", variantGroupId: "legacy", rollout: 60, groups: [{ id: "l1", weight: 250 }, { id: "l2", weight: 750 }] }, true)).toEqual([]);
  });
  it("a 20% rollout is a subset of a 50% one under the same groupId", () => {
    const small = segmenterFor({ groupId: "g", rollout: 20, groups: [{ id: "on" }] });
    const large = segmenterFor({ groupId: "g", rollout: 50, groups: [{ id: "on" }] });
    expect(IDS.filter((id) => small.assign(id, request) === "on" && large.assign(id, request) !== "on")).toEqual([]);
  });
});

describe("the low-byte MurmurHash3 of murmurhash3js", () => {
  it("hashes charCodeAt & 0xff: equal to UTF-8 MurmurHash3 for ASCII only", () => {
    expect(lowByteMurmur3("exp1:user-7", 0)).toBe(murmur3x86_32(utf8("exp1:user-7"), 0));
    expect(lowByteMurmur3("exp1:usér-é", 0)).not.toBe(murmur3x86_32(utf8("exp1:usér-é"), 0));
    expect((lowByteMurmur3("exp1:usér-é", 0) % 100) + 1).toBe(11); // the SDK's value, recorded in ALGORITHMS.md
    expect((murmur3x86_32(utf8("exp1:usér-é"), 0) % 100) + 1).toBe(74);
  });
});

describe("options errors name the experiment, the option path and the fix", () => {
  it("variants without weights", () => {
    try {
      segmenterFor({ groupId: "g", groups: [{ id: "a" }, { id: "b" }] });
      throw new Error("expected an error");
    } catch (error) {
      expect(error).toBeInstanceOf(SegmenterOptionsError);
      expect((error as Error).message).toContain(`experiment "toggle": groups: several groups are variants and need weights`);
    }
  });
});

testSegmenter({
  factory: unleash,
  options: { groupId: "abc", rollout: 80, groups: [{ id: "a", weight: 100 }, { id: "b", weight: 200 }, { id: "c", weight: 700 }] },
  invalid: [
    { options: { groupId: "g", rollout: 101, groups: [{ id: "on" }] }, path: "rollout" },
    { options: { groupId: "g", groups: [{ id: "a", weight: 1.5 }, { id: "b", weight: 1 }] }, path: "groups[0].weight" },
    { options: { groups: [{ id: "on" }] }, path: "groupId" },
  ],
});

testSegmenter({
  name: `segmenter "compat:unleash" (on/off rollout)`,
  factory: unleash,
  options: { groupId: "toggle", rollout: 25, groups: [{ id: "on" }] },
  invalid: [{ options: { groupId: "g", groups: [{ id: "a", weight: 0 }, { id: "b", weight: 0 }] }, path: "groups" }],
});
