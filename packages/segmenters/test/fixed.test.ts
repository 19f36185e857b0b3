import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSegmenter, fixed } from "../src/index.ts";
import { testSegmenter } from "../src/testing/index.ts";
import { context, request, thrown } from "./helpers.ts";

const invalid = [
  { options: { groups: [{ id: "beta", units: ["u1", "u2"] }, { id: "alpha", units: ["u3", "u2"] }] }, path: "groups[1].units[1]" },
  { options: { groups: [{ id: "beta", units: ["u1"] }], default: "others" }, path: "default" },
  { options: { groups: [{ id: "beta", units: [42] }] }, path: "groups[0].units[0]" },
  { options: { groups: [{ id: "beta", units: "u1" }] }, path: "groups[0].units" },
  { options: { groups: [{ id: "beta" }] }, path: "groups[0].units" },
  { options: { groups: [{ id: "beta", units: [] }], fallback: "beta" }, path: "fallback" },
] as const;

testSegmenter({
  factory: fixed,
  options: { groups: [{ id: "beta", units: ["u1", "u2"] }, { id: "others", units: [] }], default: "others" },
  invalid: [...invalid],
});

testSegmenter({
  name: 'segmenter "fixed" without a default',
  factory: fixed,
  options: { groups: [{ id: "beta", units: ["determinism-7", "determinism-8", "__proto__", ""] }] },
  invalid: [invalid[0]],
});

describe("fixed", () => {
  const options = { groups: [{ id: "beta", units: ["u1", "u2", "__proto__"] }, { id: "gamma", units: ["u3"] }, { id: "others", units: [] }] };

  it("puts listed units in their group and unlisted ones in the default", () => {
    const segmenter = createSegmenter(fixed, { ...options, default: "others" }, context());
    expect(["u1", "u2", "u3", "u4", "__proto__", "constructor"].map((unit) => segmenter.assign(unit, request))).toEqual([
      "beta",
      "beta",
      "gamma",
      "others",
      "beta",
      "others",
    ]);
    expect(segmenter.expectedShares).toEqual({ others: 1 });
  });

  it("leaves unlisted units out without a default", () => {
    const segmenter = createSegmenter(fixed, options, context());
    expect(segmenter.assign("u4", request)).toBeNull();
    expect(segmenter.assign("toString", request)).toBeNull();
    expect(segmenter.expectedShares).toEqual({});
  });

  it("accepts a unit listed twice in the same group", () => {
    const segmenter = createSegmenter(fixed, { groups: [{ id: "beta", units: ["u1", "u1"] }] }, context());
    expect(segmenter.assign("u1", request)).toBe("beta");
  });

  it("names both places of a unit listed in two groups", () => {
    const error = thrown(() => createSegmenter(fixed, invalid[0].options, context("beta-program")));
    expect(error.message).toBe(
      'experiment "beta-program": groups[1].units[1]: unit "u2" is also listed in group "beta" (groups[0].units[1]) — list each unit in one group only',
    );
  });

  it("assigns every listed unit to its group, for any lists (property)", () => {
    const lists = fc.uniqueArray(fc.string({ maxLength: 12 }), { maxLength: 40 }).chain((units) =>
      fc.array(fc.integer({ min: 0, max: 2 }), { minLength: units.length, maxLength: units.length }).map((owners) => ({ units, owners })),
    );
    fc.assert(
      fc.property(lists, ({ units, owners }) => {
        const groups = [0, 1, 2].map((g) => ({ id: `g${g}`, units: units.filter((_, i) => owners[i] === g) }));
        const segmenter = createSegmenter(fixed, { groups }, context());
        units.forEach((unit, i) => expect(segmenter.assign(unit, request)).toBe(`g${owners[i]}`));
        expect(segmenter.assign("not-listed-\u0000", request)).toBeNull();
      }),
      { numRuns: 200 },
    );
  });
});
