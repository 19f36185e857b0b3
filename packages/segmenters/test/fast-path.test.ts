import { describe, expect, it } from "vitest";
import { fastPathOf, feedback, fixed, percentage, rollout, type Segmenter } from "../src/index.ts";
import { context, request } from "./helpers.ts";

const split = { groups: [{ id: "control", weight: 50 }, { id: "treatment", weight: 50 }] };

describe("fastPathOf: the groupAt a caller may use instead of assign", () => {
  it("is the built-ins' groupAt, which gives assign's group for the unit's bucket", () => {
    const ctx = context("fast");
    for (const segmenter of [percentage.create(split, ctx), rollout.create({ groups: [{ id: "on", percent: 30 }] }, ctx)]) {
      const groupAt = fastPathOf(segmenter);
      expect(groupAt).toBe(segmenter.groupAt);
      for (let i = 0; i < 200; i++) expect(groupAt?.(ctx.hash(`u-${i}`))).toBe(segmenter.assign(`u-${i}`, request));
    }
  });

  it("is null for a built-in spread with an assign of its own, so that assign decides", () => {
    const inner = percentage.create(split, context("fast"));
    const wrapped: Segmenter = { ...inner, assign: (unit, ctx) => (ctx.attributes.beta === true ? "treatment" : inner.assign(unit, ctx)) };
    expect(wrapped.groupAt).toBe(inner.groupAt);
    expect(fastPathOf(wrapped)).toBeNull();
    const other = percentage.create(split, context("other"));
    expect(fastPathOf({ ...inner, assign: other.assign })).toBeNull();
  });

  it("is kept for a built-in spread unchanged", () => {
    const inner = rollout.create({ groups: [{ id: "on", percent: 30 }] }, context("fast"));
    expect(fastPathOf({ ...inner, expectedShares: undefined })).toBe(inner.groupAt);
  });

  it("is a plugin's own groupAt (its contract makes assign agree with it)", () => {
    const groupAt = (bucket: number) => (bucket < 5000 ? "a" : "b");
    expect(fastPathOf({ groups: ["a", "b"], groupAt, assign: () => "a" })).toBe(groupAt);
  });

  it("is null without a groupAt function", () => {
    expect(fastPathOf({ groups: ["a"], assign: () => "a" })).toBeNull();
    expect(fastPathOf({ groups: ["a"], assign: () => "a", groupAt: "fast" as never })).toBeNull();
    expect(fastPathOf(fixed.create({ groups: [{ id: "a", units: ["u"] }] }, context()))).toBeNull();
    expect(fastPathOf(feedback.create({ groups: [{ id: "a" }, { id: "b" }] }, context()))).toBeNull();
  });
});
