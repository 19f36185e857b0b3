import { describe, expect, it } from "vitest";
import { createSegmenter, createSegmenterContext, percentage, type SegmenterFactory } from "@strata/segmenters";
import { testSegmenter } from "@strata/segmenters/testing";
import example from "../examples/country-segmenter.ts?raw";
import { byCountry } from "../examples/country-segmenter.ts";
import rolloutExample from "../examples/rollout-add-group.ts?raw";
import { added, byHand, live, ramped, unitsThatLeave } from "../examples/rollout-add-group.ts";
import readme from "../README.md?raw";

/** The code block right after `<!-- example: examples/<file> -->` in the README. */
function readmeBlock(file: string): string {
  const marker = `<!-- example: examples/${file} -->`;
  const at = readme.indexOf(marker);
  if (at < 0) throw new Error(`README.md lost the marker ${marker}`);
  const block = /^```ts\n([\s\S]*?)^```$/m.exec(readme.slice(at + marker.length));
  if (block === null) throw new Error(`no \`\`\`ts block follows the marker ${marker} in README.md`);
  return block[1] as string;
}

describe("the README's custom segmenter", () => {
  it("is examples/country-segmenter.ts, word for word", () => {
    expect(readmeBlock("country-segmenter.ts")).toBe(example);
  });

  it("is under 30 lines", () => {
    expect(example.trimEnd().split("\n").length).toBeLessThan(30);
  });

  it("assigns listed countries to their group and hashes everyone else", () => {
    const segmenter = createSegmenter(
      byCountry,
      { groups: [{ id: "eu", countries: ["NL", "DE"] }, { id: "rest", countries: [] }] },
      createSegmenterContext({ experimentId: "shipping" }),
    );
    expect(segmenter.assign("u1", { attributes: { country: "NL" }, now: 0 })).toBe("eu");
    expect(segmenter.assign("u1", { attributes: { country: 31 }, now: 0 })).toBe(segmenter.assign("u1", { attributes: {}, now: 0 }));
  });
});

describe("the README's rollout example", () => {
  it("is examples/rollout-add-group.ts, word for word", () => {
    expect(readmeBlock("rollout-add-group.ts")).toBe(rolloutExample);
  });

  it("shows that a group added by hand moves units and addRolloutGroup moves none", () => {
    const movedByHand = unitsThatLeave(live, byHand);
    expect(movedByHand).toBeGreaterThan(1_800);
    expect(movedByHand).toBeLessThan(2_200);
    expect(unitsThatLeave(live, added)).toBe(0);
    expect(unitsThatLeave(added, ramped)).toBe(0);
    expect(ramped.groups.map((group) => group.percent)).toEqual([30, 50, 20]);
  });
});

describe("the README's createSegmenter bullet", () => {
  /** The README's list item that documents `createSegmenter`. */
  const bullet = /^- `createSegmenter\([\s\S]*?(?=^- |^$)/m.exec(readme)?.[0] ?? "";
  /** The name of the error `make` throws. */
  const errorName = (make: () => unknown): string => {
    try {
      make();
    } catch (error) {
      return (error as Error).name;
    }
    throw new Error("expected a throw");
  };
  const ctx = createSegmenterContext({ experimentId: "readme" });
  const create = (): never => {
    throw new Error("boom");
  };
  const throwing = { ...percentage, create } as SegmenterFactory;

  it("names the error of every way createSegmenter can fail", () => {
    expect(bullet).toContain("createSegmenter(factory, rawOptions, ctx)");
    for (const make of [
      () => createSegmenter({ type: "not-a-factory" } as never, {}, ctx),
      () => createSegmenter(percentage, { groups: 3 }, ctx),
      () => createSegmenter(throwing, { groups: [{ id: "a", weight: 100 }] }, ctx),
    ]) {
      expect(bullet).toContain(`\`${errorName(make)}\``);
    }
  });
});

testSegmenter({
  factory: byCountry,
  options: { groups: [{ id: "eu", countries: ["NL", "DE"] }, { id: "us", countries: ["US"] }, { id: "rest", countries: [] }] },
  invalid: [
    { options: { groups: [] }, path: "groups" },
    { options: { groups: [{ id: "eu", countries: ["NLD"] }] }, path: "groups[0].countries[0]" },
  ],
});
