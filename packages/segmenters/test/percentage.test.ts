import { bucket } from "@strata/hash";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSegmenter, percentage, SegmenterOptionsError, type PercentageOptions } from "../src/index.ts";
import { testSegmenter } from "../src/testing/index.ts";
import { bucketContext, context, everyBucket, request, thrown } from "./helpers.ts";

const split: PercentageOptions = { groups: [{ id: "control", weight: 33.33 }, { id: "a", weight: 33.33 }, { id: "b", weight: "rest" }] };

testSegmenter({
  factory: percentage,
  options: split,
  invalid: [
    { options: { groups: [{ id: "a", weight: 50 }, { id: "b", weight: 120 }] }, path: "groups[1].weight" },
    { options: { groups: [{ id: "a", weight: 50 }, { id: "b", weight: 40 }] }, path: "groups" },
    { options: { groups: [{ id: "a", weight: 12.345 }, { id: "b", weight: "rest" }] }, path: "groups[0].weight" },
    { options: { groups: [{ id: "a", weight: "rest" }, { id: "b", weight: "rest" }] }, path: "groups[1].weight" },
    { options: { groups: [{ id: "a", weight: 50 }, { id: "a", weight: 50 }] }, path: "groups[1].id" },
    { options: { groups: [{ id: "a", weight: 100 }], coverage: 101 }, path: "coverage" },
    { options: { groups: [{ id: "a", weight: 100, color: "red" }] }, path: "groups[0].color" },
    { options: { groups: [] }, path: "groups" },
    { options: "50/50", path: "" },
  ],
});

testSegmenter({
  name: "segmenter \"percentage\" at 40% coverage",
  factory: percentage,
  options: { groups: [{ id: "control", weight: 50 }, { id: "treatment", weight: 50 }], coverage: 40 },
  invalid: [{ options: { groups: [{ id: "a", weight: 100 }], coverage: -1 }, path: "coverage" }],
});

/** The group of every bucket for `options`. */
function byBucket(options: PercentageOptions): (string | null)[] {
  const segmenter = createSegmenter(percentage, options, bucketContext());
  return everyBucket.map((unit) => segmenter.assign(unit, request));
}

describe("percentage", () => {
  it("lays groups out as contiguous ranges in the listed order", () => {
    const groups = byBucket({ groups: [{ id: "a", weight: 12.5 }, { id: "b", weight: 0 }, { id: "c", weight: "rest" }] });
    expect(groups.slice(0, 1250).every((g) => g === "a")).toBe(true);
    expect(groups.slice(1250).every((g) => g === "c")).toBe(true);
  });

  it("gives \"rest\" what the other weights leave, wherever it is listed", () => {
    const segmenter = createSegmenter(percentage, { groups: [{ id: "r", weight: "rest" }, { id: "a", weight: 70.01 }] }, context());
    expect(segmenter.expectedShares).toEqual({ r: 0.2999, a: 0.7001 });
  });

  it("rounds each group's covered buckets down, as the README says: a group too small for a whole bucket gets none", () => {
    const count = (groups: readonly (string | null)[], id: string) => groups.filter((g) => g === id).length;
    const tiny = byBucket({ groups: [{ id: "tiny", weight: 0.01 }, { id: "big", weight: "rest" }], coverage: 50 });
    expect([count(tiny, "tiny"), count(tiny, "big")]).toEqual([0, 4999]);
    const third = byBucket({ groups: [{ id: "a", weight: 50 }, { id: "b", weight: 50 }], coverage: 33.33 });
    expect([count(third, "a"), count(third, "b")]).toEqual([1666, 1666]);
  });

  it("accepts weights with two decimals that add up to 100 exactly in hundredths", () => {
    const groups = [0.01, 33.33, 33.33, 33.33].map((weight, i) => ({ id: `g${i}`, weight }));
    expect(() => createSegmenter(percentage, { groups }, context())).not.toThrow();
  });

  it("assigns by the experiment's own hash: another salt reshuffles units", () => {
    const a = createSegmenter(percentage, split, context("one"));
    const b = createSegmenter(percentage, split, context("two"));
    const units = Array.from({ length: 1000 }, (_, i) => `u${i}`);
    const same = units.filter((unit) => a.assign(unit, request) === b.assign(unit, request)).length;
    expect(same).toBeGreaterThan(250);
    expect(same).toBeLessThan(420);
  });

  it("keeps assignments pinned (strata/v1 over unit:salt, 10,000 buckets)", () => {
    const segmenter = createSegmenter(percentage, { groups: [{ id: "control", weight: 50 }, { id: "treatment", weight: 50 }] }, context("checkout"));
    const units = ["user-1", "user-2", "user-3", "user-42", "🧪", ""];
    for (const unit of units) expect(segmenter.assign(unit, request)).toBe(bucket(unit, "checkout", 10_000) < 5000 ? "control" : "treatment");
    const pinned = units.map((unit) => segmenter.assign(unit, request));
    expect(pinned).toMatchInlineSnapshot(`
      [
        "treatment",
        "control",
        "control",
        "control",
        "treatment",
        "treatment",
      ]
    `);
  });

  it("errors name the experiment, the path and the fix", () => {
    const error = thrown(() => createSegmenter(percentage, { groups: [{ id: "a", weight: 50 }, { id: "b", weight: 101 }] }, context("checkout")));
    expect(error).toBeInstanceOf(SegmenterOptionsError);
    expect(error.message).toBe('experiment "checkout": groups[1].weight: must be between 0 and 100 (got 101) — give a percent, e.g. 25 or 12.5');
    const sum = thrown(() => createSegmenter(percentage, { groups: [{ id: "a", weight: 50 }, { id: "b", weight: 40 }] }, context("checkout")));
    expect(sum.message).toContain('experiment "checkout": groups: weights add up to 90%, not 100%');
    expect(sum.message).toContain('give one group the weight "rest"');
  });

  it("reports every issue at once", () => {
    const error = thrown(() => createSegmenter(percentage, { groups: [{ id: "", weight: 50 }, { id: "b", weight: -1 }], coverage: "all" }, context()));
    expect(error.issues?.map((issue) => issue.path)).toEqual(["groups[0].id", "groups[1].weight", "coverage"]);
  });

  it("verifies options in create() too, when called without createSegmenter", () => {
    expect(() => percentage.create({ groups: [{ id: "a", weight: 60 }] }, context("direct"))).toThrow(/experiment "direct": groups: weights add up to 60%/);
  });

  it("raising coverage only adds units and never moves one between groups (property)", () => {
    const weights = fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 6 }).map((raw) => {
      const total = raw.reduce((a, b) => a + b, 0) || 1;
      const hundredths = raw.map((w) => Math.floor((w * 10_000) / total));
      hundredths[0]! += 10_000 - hundredths.reduce((a, b) => a + b, 0);
      return hundredths.map((h, i) => ({ id: `g${i}`, weight: h / 100 }));
    });
    const coverages = fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 })).map(([a, b]) => [Math.min(a, b) / 100, Math.max(a, b) / 100] as const);
    fc.assert(
      fc.property(weights, coverages, (groups, [low, high]) => {
        const before = byBucket({ groups, coverage: low });
        const after = byBucket({ groups, coverage: high });
        before.forEach((group, bucket) => {
          if (group !== null && after[bucket] !== group) throw new Error(`bucket ${bucket} moved from ${group} to ${after[bucket]} when coverage rose ${low} → ${high}`);
        });
        const covered = after.filter((g) => g !== null).length;
        expect(Math.abs(covered - high * 100)).toBeLessThanOrEqual(groups.length);
      }),
      { numRuns: 60 },
    );
  });

  it("is deterministic for any unit string (property)", () => {
    const a = createSegmenter(percentage, split, context("prop"));
    const b = createSegmenter(percentage, split, context("prop"));
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (unit) => {
        const group = a.assign(unit, request);
        expect(group === null || split.groups.some((g) => g.id === group)).toBe(true);
        expect(b.assign(unit, request)).toBe(group);
        expect(a.assign(unit, request)).toBe(group);
      }),
      { numRuns: 2000 },
    );
  });
});
