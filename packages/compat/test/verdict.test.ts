import { createHash } from "node:crypto";
import { createSegmenter, createSegmenterContext, SegmenterOptionsError } from "@strata/segmenters";
import { testSegmenter } from "@strata/segmenters/testing";
import { describe, expect, it } from "vitest";
import { verdict, verdictPercentile, type VerdictOptions } from "../src/index.ts";
import { IDS, NON_ASCII } from "./support/ids.ts";

/**
 * The independent oracle: Verdict's `Digest::MD5.hexdigest(s).to_i(16) % 100`, with node:crypto's MD5
 * (OpenSSL, not the @noble/hashes MD5 the segmenter uses) and BigInt arithmetic on the hex digest.
 */
function rubyPercentile(text: string): number {
  return Number(BigInt(`0x${createHash("md5").update(text, "utf8").digest("hex")}`) % 100n);
}

const segmenterFor = (options: VerdictOptions, experimentId = "my_experiment") => createSegmenter(verdict, options, createSegmenterContext({ experimentId }));
const request = { attributes: {}, now: 0 };

/** The group a Verdict experiment gives `identifier`, from the percentile and the consecutive ranges. */
function expected(percentile: number, groups: readonly [string, number][]): string | null {
  let start = 0;
  for (const [id, size] of groups) {
    if (percentile >= start && percentile < start + size) return id;
    start += size;
  }
  return null;
}

describe(`compat:verdict matches independent MD5 + BigInt vectors on ${IDS.length} ids (${NON_ASCII} non-ASCII)`, () => {
  it("the percentile is the whole 128-bit digest mod 100 (not a prefix)", () => {
    // A vector where the first 8 hex digits mod 100 differ from the whole digest mod 100.
    const id = IDS.find((unit) => parseInt(createHash("md5").update(`my_experiment${unit}`).digest("hex").slice(0, 8), 16) % 100 !== rubyPercentile(`my_experiment${unit}`))!;
    expect(verdictPercentile("my_experiment", id)).toBe(rubyPercentile(`my_experiment${id}`));
    expect(IDS.filter((unit) => verdictPercentile("my_experiment", unit) !== rubyPercentile(`my_experiment${unit}`))).toEqual([]);
  });
  it("50/50 (group :control, :half; group :test, :rest)", () => {
    const segmenter = segmenterFor({ groups: [{ id: "control", percentage: "half" }, { id: "test", percentage: "rest" }] });
    expect(IDS.filter((id) => segmenter.assign(id, request) !== expected(rubyPercentile(`my_experiment${id}`), [["control", 50], ["test", 50]]))).toEqual([]);
  });
  it("10/20/70 with a class-level salt and an explicit handle", () => {
    const segmenter = segmenterFor({ handle: "checkout", salt: "pepper", groups: [{ id: "a", percentage: 10 }, { id: "b", percentage: 20 }, { id: "c", percentage: 70 }] });
    expect(IDS.filter((id) => segmenter.assign(id, request) !== expected(rubyPercentile(`checkout${id}pepper`), [["a", 10], ["b", 20], ["c", 70]]))).toEqual([]);
  });
  it("RolloutSegmenter: 30% rolled out, the rest in no group", () => {
    const segmenter = segmenterFor({ segmenter: "rollout", groups: [{ id: "enabled", percentage: 30 }] });
    expect(IDS.filter((id) => segmenter.assign(id, request) !== expected(rubyPercentile(`my_experiment${id}`), [["enabled", 30]]))).toEqual([]);
  });
});

describe("an empty identifier", () => {
  it("gets no group (Verdict raises EmptySubjectIdentifier)", () => {
    expect(segmenterFor({ groups: [{ id: "all", percentage: 100 }] }).assign("", request)).toBeNull();
  });
});

describe("verify! errors name the experiment, the option path and the fix", () => {
  const message = (options: unknown) => {
    try {
      segmenterFor(options as VerdictOptions, "checkout");
    } catch (error) {
      expect(error).toBeInstanceOf(SegmenterOptionsError);
      return (error as Error).message;
    }
    throw new Error("expected an error");
  };
  it("fixed percentages that do not add up to 100", () => {
    expect(message({ groups: [{ id: "a", percentage: 40 }, { id: "b", percentage: 40 }] })).toContain(`experiment "checkout": groups: Verdict's FixedPercentageSegmenter needs exactly 100%, but the groups add up to 80%`);
  });
  it("a rollout of 100%", () => {
    expect(message({ segmenter: "rollout", groups: [{ id: "a", percentage: 100 }] })).toContain("RolloutSegmenter needs less than 100%");
  });
});

testSegmenter({
  factory: verdict,
  options: { groups: [{ id: "a", percentage: 10 }, { id: "b", percentage: 20 }, { id: "c", percentage: "rest" }] },
  invalid: [
    { options: { groups: [{ id: "a", percentage: 50.5 }, { id: "b", percentage: "rest" }] }, path: "groups[0].percentage" },
    { options: { groups: [{ id: "a", percentage: 60 }] }, path: "groups" },
    { options: { segmenter: "rollout", salt: "x", groups: [{ id: "a", percentage: 10 }] }, path: "salt" },
  ],
});
