import { describe, expect, it } from "vitest";
import type { Segmenter, SegmenterContext, SegmenterFactory } from "../src/index.ts";
import { defineSegmenter, percentage, SegmenterOptionsError } from "../src/index.ts";
import {
  checkDeterminism,
  checkGroupAt,
  checkGroups,
  checkOddUnits,
  checkRejects,
  checkSaltIndependence,
  checkShares,
  ConformanceError,
  frozenFeedbackStats,
  type ConformanceSetup,
} from "../src/testing/checks.ts";

/** A schema-less factory (accepts anything) whose `create` returns `segmenter`. */
function plugin(make: (hash: (unit: string) => number, ctx: SegmenterContext) => Segmenter): SegmenterFactory {
  return {
    type: "broken",
    options: { "~standard": { version: 1, vendor: "test", validate: (value: unknown) => ({ value }) } },
    create: (_options, ctx) => make(ctx.hash, ctx),
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
    expect(checkShares(setup(fair))).toHaveProperty("results.0.result.pValue");
    expect(() => checkSaltIndependence(setup(fair))).not.toThrow();
    expect(() => checkOddUnits(setup(fair))).not.toThrow();
  });

  it("catch a groupAt fast path that disagrees with assign", () => {
    const honest = plugin((hash) => ({ groups: ["a", "b"], groupAt: (b) => (b < 5000 ? "a" : "b"), assign: (unit) => (hash(unit) < 5000 ? "a" : "b") }));
    expect(() => checkGroupAt(setup(honest))).not.toThrow();
    const skewed = plugin((hash) => ({ groups: ["a", "b"], groupAt: (b) => (b < 5100 ? "a" : "b"), assign: (unit) => (hash(unit) < 5000 ? "a" : "b") }));
    expect(() => checkGroupAt(setup(skewed))).toThrow(/groupAt\(hash\(unit\)\) gave/);
  });

  it("catch a groupAt fast path whose assign also reads the attributes, the time or dryRun", () => {
    const half = (b: number) => (b < 5000 ? "a" : "b");
    const byAttribute = plugin((hash) => ({ groups: ["a", "b"], groupAt: half, assign: (unit, { attributes }) => (attributes.beta === true ? "b" : half(hash(unit))) }));
    expect(() => checkGroupAt(setup(byAttribute))).toThrow(/with attributes \{.*"beta":true.* gave "b" but groupAt\(hash\(unit\)\) gave "a"/);
    const byTime = plugin((hash) => ({ groups: ["a", "b"], groupAt: half, assign: (unit, { now }) => (now > Date.UTC(2030, 0, 1) ? "a" : half(hash(unit))) }));
    expect(() => checkGroupAt(setup(byTime))).toThrow(/at 2031-06-15T12:00:00.000Z gave "a" but groupAt\(hash\(unit\)\) gave "b"/);
    const byDryRun = plugin((hash) => ({ groups: ["a", "b"], groupAt: half, assign: (unit, { dryRun }) => (dryRun === true ? null : half(hash(unit))) }));
    expect(() => checkGroupAt(setup(byDryRun))).toThrow(/with dryRun gave null but groupAt\(hash\(unit\)\) gave/);
  });

  it("check assign alone for a built-in spread with an assign of its own (its groupAt is no longer used)", () => {
    const wrapped = plugin((_hash, ctx) => {
      const inner = percentage.create({ groups: [{ id: "a", weight: 50 }, { id: "b", weight: 50 }] }, ctx);
      return { ...inner, assign: (unit, request) => (request.attributes.beta === true ? "b" : inner.assign(unit, request)) };
    });
    expect(() => checkGroupAt(setup(wrapped))).not.toThrow();
    const spread = plugin((_hash, ctx) => ({ ...percentage.create({ groups: [{ id: "a", weight: 50 }, { id: "b", weight: 50 }] }, ctx) }));
    expect(() => checkGroupAt(setup(spread))).not.toThrow();
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
    expect(() => checkShares(setup(biased))).toThrow(/differ from the segmenter's expectedShares/);
  });

  it("catch declared shares the segmenter does not keep, even when the suite gives shares it keeps", () => {
    const misdeclared = plugin((hash) => ({ groups: ["a", "b"], expectedShares: { a: 0.9, b: 0.1 }, assign: (unit) => (hash(unit) < 5000 ? "a" : "b") }));
    expect(() => checkShares(setup(misdeclared), { expectedShares: { a: 0.5, b: 0.5 } })).toThrow(/differ from the segmenter's expectedShares/);
    expect(() => checkShares(setup(fair), { expectedShares: { a: 0.9, b: 0.1 } })).toThrow(/differ from the suite's expectedShares/);
    expect(checkShares(setup(fair), { expectedShares: { a: 0.5, b: 0.5 } })).toHaveProperty("results.length", 2);
  });

  it("catch units that should be out of the experiment", () => {
    const leaky = plugin((hash) => ({ groups: ["a"], expectedShares: { a: 0.5 }, assign: (unit) => (hash(unit) < 5100 ? "a" : null) }));
    expect(() => checkShares(setup(leaky))).toThrow(/\(null\): /);
  });

  it("skip the share check when nothing declares shares", () => {
    const undeclared = plugin((hash) => ({ groups: ["a", "b"], assign: (unit) => (hash(unit) < 5000 ? "a" : "b") }));
    expect(checkShares(setup(undeclared))).toHaveProperty("skipped");
  });

  it("catch a segmenter that ignores the salt, so that every experiment splits units alike", () => {
    const saltless = plugin((_hash, ctx) => ({ groups: ["a", "b"], assign: (unit) => (ctx.bucket(unit, "constant", 10_000) < 5000 ? "a" : "b") }));
    expect(() => checkSaltIndependence(setup(saltless))).toThrow(/ignores the experiment's salt/);
    const rolloutLike = plugin((_hash, ctx) => ({ groups: ["on"], assign: (unit) => (ctx.bucket(unit, "constant", 10_000) < 100 ? "on" : null) }));
    expect(() => checkSaltIndependence(setup(rolloutLike))).toThrow(/ignores the experiment's salt/);
    // Half of the units are gated by a constant hash: a partial dependence is caught too.
    const gated = plugin((hash, ctx) => ({ groups: ["a", "b"], assign: (unit) => (ctx.bucket(unit, "constant", 2) === 0 ? null : hash(unit) < 5000 ? "a" : "b") }));
    expect(() => checkSaltIndependence(setup(gated))).toThrow(ConformanceError);
  });

  it("pass a segmenter seeded by a string option instead of the salt (as the compat segmenters are), but not one whose string options change nothing", () => {
    const seeded: SegmenterFactory = {
      type: "seeded",
      options: { "~standard": { version: 1, vendor: "test", validate: (value: unknown) => ({ value }) } },
      create: (options, ctx) => {
        const { seed, mode, groups } = options as { seed: string; mode: string; groups: string[] };
        if (mode !== "split") throw new SegmenterOptionsError(ctx.experimentId, [{ path: "mode", message: 'must be "split"' }]);
        return { groups, assign: (unit) => groups[ctx.bucket(unit, seed, groups.length)] ?? null };
      },
    };
    // "mode" only accepts its one value, so only a change of "seed" alone gives valid options.
    expect(() => checkSaltIndependence(setup(seeded, { seed: "exp-1", mode: "split", groups: ["a", "b"] }))).not.toThrow();
    const labelled = plugin((_hash, ctx) => ({ groups: ["a", "b"], assign: (unit) => (ctx.bucket(unit, "constant", 2) === 0 ? "a" : "b") }));
    expect(() => checkSaltIndependence(setup(labelled, { label: "exp-1", groups: ["a", "b"], size: 2 }))).toThrow(/no change of a string or number option makes them independent/);
  });

  it("pass a segmenter seeded by a number option (a Split-style integer seed)", () => {
    const splitLike: SegmenterFactory = {
      type: "split-like",
      options: { "~standard": { version: 1, vendor: "test", validate: (value: unknown) => ({ value }) } },
      create: (options, ctx) => {
        const { seed } = options as { seed: number };
        return { groups: ["on", "off"], assign: (unit) => (ctx.bucket(unit, `seed${seed}`, 100) < 50 ? "on" : "off") };
      },
    };
    expect(() => checkSaltIndependence(setup(splitLike, { seed: 1_234_567 }))).not.toThrow();
  });

  it("pass segmenters seeded by the salt, or with nothing to split", () => {
    const everyone = plugin(() => ({ groups: ["a"], assign: () => "a" }));
    expect(() => checkSaltIndependence(setup(everyone))).not.toThrow();
    const tiny = plugin((hash) => ({ groups: ["a", "b"], assign: (unit) => (hash(unit) < 2 ? "a" : hash(unit) < 4 ? "b" : null) }));
    expect(() => checkSaltIndependence(setup(tiny))).not.toThrow();
    const derived = plugin((_hash, ctx) => ({ groups: ["a", "b", "c"], assign: (unit) => ["a", "b", "c"][ctx.bucket(unit, `${ctx.salt}-arm`, 3)] ?? null }));
    expect(() => checkSaltIndependence(setup(derived))).not.toThrow();
  });

  it("pass a unit list that happens to hold one of the check's units (a group of one unit says nothing about the salt)", () => {
    const staff = new Set(["independence-7", "independence-12"]);
    const listed = plugin(() => ({ groups: ["staff", "others"], assign: (unit) => (staff.has(unit) ? "staff" : "others") }));
    expect(() => checkSaltIndependence(setup(listed))).not.toThrow();
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
