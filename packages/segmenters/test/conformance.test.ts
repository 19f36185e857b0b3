import { describe, expect, it } from "vitest";
import type { Segmenter, SegmenterFactory } from "../src/index.ts";
import { defineSegmenter, percentage, SegmenterOptionsError } from "../src/index.ts";
import { checkDeterminism, checkGroupAt, checkGroups, checkOddUnits, checkRejects, checkShares, ConformanceError, frozenFeedbackStats, type ConformanceSetup } from "../src/testing/checks.ts";

/** A schema-less factory (accepts anything) whose `create` returns `segmenter`. */
function plugin(make: (hash: (unit: string) => number) => Segmenter): SegmenterFactory {
  return {
    type: "broken",
    options: { "~standard": { version: 1, vendor: "test", validate: (value: unknown) => ({ value }) } },
    create: (_options, ctx) => make(ctx.hash),
  };
}

function setup(factory: SegmenterFactory<any>, options: unknown = {}): ConformanceSetup {
  return { factory, options, experimentId: "suite", salt: "suite", stores: () => ({ feedback: frozenFeedbackStats() }), assignContext: { attributes: {}, now: 0 } };
}

const fair = plugin((hash) => ({ groups: ["a", "b"], expectedShares: { a: 0.5, b: 0.5 }, assign: (unit) => (hash(unit) < 5000 ? "a" : "b") }));

describe("the conformance checks fail broken segmenters", () => {
  it("pass a fair segmenter", () => {
    expect(() => checkGroups(setup(fair))).not.toThrow();
    expect(() => checkDeterminism(setup(fair))).not.toThrow();
    expect(checkShares(setup(fair))).toHaveProperty("result.pValue");
    expect(() => checkOddUnits(setup(fair))).not.toThrow();
  });

  it("catch a groupAt fast path that disagrees with assign", () => {
    const honest = plugin((hash) => ({ groups: ["a", "b"], groupAt: (b) => (b < 5000 ? "a" : "b"), assign: (unit) => (hash(unit) < 5000 ? "a" : "b") }));
    expect(() => checkGroupAt(setup(honest))).not.toThrow();
    const skewed = plugin((hash) => ({ groups: ["a", "b"], groupAt: (b) => (b < 5100 ? "a" : "b"), assign: (unit) => (hash(unit) < 5000 ? "a" : "b") }));
    expect(() => checkGroupAt(setup(skewed))).toThrow(/groupAt\(hash\(unit\)\) gave/);
  });

  it("catch a segmenter that is not deterministic", () => {
    const random = plugin(() => ({ groups: ["a", "b"], assign: () => (Math.random() < 0.5 ? "a" : "b") }));
    expect(() => checkDeterminism(setup(random))).toThrow(ConformanceError);
  });

  it("catch a segmenter whose instances disagree", () => {
    let instances = 0;
    const drifting = plugin((hash) => {
      const offset = instances++ * 97;
      return { groups: ["a", "b"], assign: (unit) => ((hash(unit) + offset) % 10_000 < 5000 ? "a" : "b") };
    });
    expect(() => checkDeterminism(setup(drifting))).toThrow(/in a fresh instance/);
  });

  it("catch shares 1% off the declared ones on 100,000 units", () => {
    const biased = plugin((hash) => ({ groups: ["a", "b"], expectedShares: { a: 0.5, b: 0.5 }, assign: (unit) => (hash(unit) < 5100 ? "a" : "b") }));
    expect(() => checkShares(setup(biased))).toThrow(/differ from the expected shares/);
  });

  it("catch units that should be out of the experiment", () => {
    const leaky = plugin((hash) => ({ groups: ["a"], expectedShares: { a: 0.5 }, assign: (unit) => (hash(unit) < 5100 ? "a" : null) }));
    expect(() => checkShares(setup(leaky))).toThrow(/\(null\): /);
  });

  it("skip the share check when nothing declares shares", () => {
    const undeclared = plugin((hash) => ({ groups: ["a", "b"], assign: (unit) => (hash(unit) < 5000 ? "a" : "b") }));
    expect(checkShares(setup(undeclared))).toHaveProperty("skipped");
  });

  it("catch unregistered groups", () => {
    const stray = plugin((hash) => ({ groups: ["a", "b"], assign: (unit) => (hash(unit) < 9990 ? "a" : "c") }));
    expect(() => checkShares(setup(stray))).toThrow(/returned "c", which is not a registered group/);
  });

  it("catch a segmenter that throws on odd units", () => {
    const fragile = plugin((hash) => ({
      groups: ["a"],
      assign: (unit) => {
        if ([...unit].length !== unit.length) throw new Error("astral characters not supported");
        return hash(unit) < 5000 ? "a" : null;
      },
    }));
    expect(() => checkOddUnits(setup(fragile))).toThrow(/assign\("🧪🙂👩🏽‍💻"\) threw/);
  });

  it("catch a convert that throws", () => {
    const angry = plugin(() => ({
      groups: ["a"],
      assign: () => "a",
      convert: () => {
        throw new Error("no");
      },
    }));
    expect(() => checkOddUnits(setup(angry))).toThrow(/convert\(.*\) threw/);
  });

  it("catch invalid options that are accepted, or rejected without the path or with another error", () => {
    expect(() => checkRejects(setup(fair), { options: { groups: 3 }, path: "groups" })).toThrow(/accepted the invalid options/);
    const vague = defineSegmenter({
      type: "vague",
      options: { "~standard": { version: 1, vendor: "test", validate: () => ({ issues: [{ message: "bad" }] }) } },
      create: () => ({ groups: ["a"], assign: () => "a" }),
    });
    expect(() => checkRejects(setup(vague), { options: {}, path: "groups[0]" })).toThrow(/not "groups\[0\]"/);
    const rude = plugin(() => {
      throw new TypeError("nope");
    });
    // createSegmenter wraps foreign errors, so the path is "" and the check wants "groups".
    expect(() => checkRejects(setup(rude), { options: {}, path: "groups" })).toThrow(/named "", not "groups"/);
  });

  it("pass the built-ins' own errors", () => {
    expect(() => checkRejects(setup(percentage), { options: { groups: [{ id: "a", weight: 101 }] }, path: "groups[0].weight" })).not.toThrow();
    expect(() => checkRejects(setup(percentage), { options: { groups: [{ id: "a", weight: 101 }] }, path: "groups" })).toThrow(ConformanceError);
  });

  it("catch declared shares that name unknown groups or exceed 1", () => {
    const overDeclared = plugin(() => ({ groups: ["a"], expectedShares: { a: 0.7, b: 0.7 }, assign: () => "a" }));
    expect(() => checkGroups(setup(overDeclared))).toThrow(SegmenterOptionsError);
  });
});
