import fc from "fast-check";
import { createSegmenter, createSegmenterContext, type Segmenter, type SegmenterFactory } from "@strata/segmenters";
import { describe, expect, it } from "vitest";
import { growthbook, planout, unleash } from "../src/index.ts";

const ctx = createSegmenterContext({ experimentId: "property" });
const request = { attributes: {}, now: 0 };
const make = (factory: SegmenterFactory<any>, options: unknown): Segmenter => createSegmenter(factory, options, ctx);
const unit = fc.string({ unit: "grapheme", minLength: 1, maxLength: 24 });

/** Raising a rollout's percentage only adds units: whoever is in at the lower setting stays in. */
function monotone(at: (share: number) => Segmenter) {
  fc.assert(
    fc.property(unit, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (id, a, b) => {
      const [low, high] = a <= b ? [a, b] : [b, a];
      if (at(low).assign(id, request) !== null) expect(at(high).assign(id, request)).not.toBeNull();
    }),
    { numRuns: 500 },
  );
}

describe("invariants (fast-check)", () => {
  it("Unleash: a larger rollout percentage only adds units", () => {
    monotone((share) => make(unleash, { groupId: "g", rollout: share, groups: [{ id: "on" }] }));
  });
  it("GrowthBook: a larger rollout coverage only adds units", () => {
    monotone((share) => make(growthbook, { seed: "s", hashVersion: 2, groups: [{ id: "on" }], rollout: { coverage: share / 100 } }));
  });
  it("GrowthBook: raising experiment coverage keeps every unit in its variation", () => {
    fc.assert(
      fc.property(unit, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (id, a, b) => {
        const at = (c: number) => make(growthbook, { seed: "s", hashVersion: 1, coverage: c / 100, groups: [{ id: "x", weight: 0.3 }, { id: "y", weight: 0.7 }] });
        const [low, high] = a <= b ? [a, b] : [b, a];
        const before = at(low).assign(id, request);
        if (before !== null) expect(at(high).assign(id, request)).toBe(before);
      }),
      { numRuns: 300 },
    );
  });
  it("PlanOut: BernoulliTrial with a larger p only adds successes, in both builds", () => {
    for (const build of ["default", "core-compatible"]) {
      monotone((share) => make(planout, { op: "BernoulliTrial", build, experimentSalt: "e", paramSalt: "p", p: share / 100, groups: [{ id: "on", outcome: 1 }] }));
    }
  });
  it("every compat segmenter is deterministic for any string unit", () => {
    const segmenters = [
      make(unleash, { groupId: "g", groups: [{ id: "a", weight: 1 }, { id: "b", weight: 2 }] }),
      make(growthbook, { seed: "s", hashVersion: 2, groups: [{ id: "a" }, { id: "b" }] }),
      make(planout, { op: "WeightedChoice", build: "core-compatible", experimentSalt: "e", paramSalt: "p", groups: [{ id: "a", weight: 1 }, { id: "b", weight: 3 }] }),
    ];
    fc.assert(fc.property(fc.string({ unit: "binary" }), (id) => segmenters.every((s) => s.assign(id, request) === s.assign(id, request))));
  });
});
