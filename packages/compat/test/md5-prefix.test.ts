import { createHash } from "node:crypto";
import { createSegmenter, createSegmenterContext } from "@strata/segmenters";
import { testSegmenter } from "@strata/segmenters/testing";
import { describe, expect, it } from "vitest";
import { md5Prefix, type Md5PrefixOptions } from "../src/index.ts";
import { IDS, NON_ASCII } from "./support/ids.ts";

/** The reference formula with node:crypto: first 8 hex digits of md5(unit:experiment) mod N, cumulative rounded thresholds. */
function reference(unit: string, experiment: string, groups: readonly [string, number][], n = 10_000): string | null {
  const bucket = parseInt(createHash("md5").update(`${unit}:${experiment}`, "utf8").digest("hex").slice(0, 8), 16) % n;
  const total = groups.reduce((sum, [, weight]) => sum + weight, 0);
  let cumulative = 0;
  for (const [id, weight] of groups) {
    cumulative += weight;
    if (bucket < Math.round((cumulative / total) * n)) return id;
  }
  return null;
}

const segmenterFor = (options: Md5PrefixOptions, experimentId = "exp1") => createSegmenter(md5Prefix, options, createSegmenterContext({ experimentId }));
const request = { attributes: {}, now: 0 };

describe(`compat:md5-prefix matches the md5(unit:experiment) formula (node:crypto) on ${IDS.length} ids (${NON_ASCII} non-ASCII)`, () => {
  it("50/50 under the experiment's salt", () => {
    const segmenter = segmenterFor({ groups: [{ id: "control", weight: 50 }, { id: "treatment", weight: 50 }] });
    expect(IDS.filter((id) => segmenter.assign(id, request) !== reference(id, "exp1", [["control", 50], ["treatment", 50]]))).toEqual([]);
  });
  it("10/20/70 with an explicit key and 1000 buckets", () => {
    const groups: [string, number][] = [["a", 1], ["b", 2], ["c", 7]];
    const segmenter = segmenterFor({ key: "legacy:checkout", buckets: 1000, groups: groups.map(([id, weight]) => ({ id, weight })) });
    expect(IDS.filter((id) => segmenter.assign(id, request) !== reference(id, "legacy:checkout", groups, 1000))).toEqual([]);
  });
});

testSegmenter({
  factory: md5Prefix,
  options: { groups: [{ id: "a", weight: 10 }, { id: "b", weight: 20 }, { id: "c", weight: 70 }] },
  invalid: [
    { options: { groups: [{ id: "a", weight: -1 }] }, path: "groups[0].weight" },
    { options: { buckets: 0, groups: [{ id: "a", weight: 1 }] }, path: "buckets" },
  ],
});
