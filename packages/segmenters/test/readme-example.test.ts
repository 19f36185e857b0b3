import { describe, expect, it } from "vitest";
import { createSegmenter, createSegmenterContext } from "@strata/segmenters";
import { testSegmenter } from "@strata/segmenters/testing";
import example from "../examples/country-segmenter.ts?raw";
import { byCountry } from "../examples/country-segmenter.ts";
import readme from "../README.md?raw";

const MARKER = "<!-- example: examples/country-segmenter.ts -->";

/** The code block right after the marker in the README. */
function readmeBlock(): string {
  const at = readme.indexOf(MARKER);
  if (at < 0) throw new Error(`README.md lost the marker ${MARKER}`);
  const block = /^```ts\n([\s\S]*?)^```$/m.exec(readme.slice(at + MARKER.length));
  if (block === null) throw new Error("no ```ts block follows the example marker in README.md");
  return block[1] as string;
}

describe("the README's custom segmenter", () => {
  it("is examples/country-segmenter.ts, word for word", () => {
    expect(readmeBlock()).toBe(example);
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

testSegmenter({
  factory: byCountry,
  options: { groups: [{ id: "eu", countries: ["NL", "DE"] }, { id: "us", countries: ["US"] }, { id: "rest", countries: [] }] },
  invalid: [
    { options: { groups: [] }, path: "groups" },
    { options: { groups: [{ id: "eu", countries: ["NLD"] }] }, path: "groups[0].countries[0]" },
  ],
});
