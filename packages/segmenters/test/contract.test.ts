import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { bucket } from "@strata/hash";
import {
  builtinSegmenters,
  createSegmenter,
  createSegmenterContext,
  defineSegmenter,
  feedback,
  fixed,
  formatPath,
  MemoryFeedbackStats,
  percentage,
  rollout,
  SegmenterOptionsError,
  type Segmenter,
} from "../src/index.ts";
import { testSegmenter } from "../src/testing/index.ts";
import { context, request, thrown } from "./helpers.ts";

/** A "bucketed" segmenter with its options validated by any Standard Schema whose output is `{ groups: string[] }`. */
function bucketed<Schema extends Parameters<typeof defineSegmenter>[0]["options"]>(type: string, options: Schema) {
  return defineSegmenter({
    type,
    options,
    create(parsed, ctx): Segmenter {
      const groups = (parsed as { groups: string[] }).groups;
      return {
        groups,
        expectedShares: Object.fromEntries(groups.map((id) => [id, 1 / groups.length])),
        assign: (unit) => groups[Math.floor((ctx.hash(unit) * groups.length) / 10_000)] ?? null,
      };
    },
  });
}

const zodSegmenter = bucketed("zod-bucketed", z.object({ groups: z.array(z.string().min(1)).min(2) }).strict());
const valibotSegmenter = bucketed("valibot-bucketed", v.strictObject({ groups: v.pipe(v.array(v.pipe(v.string(), v.minLength(1))), v.minLength(2)) }));

testSegmenter({
  factory: zodSegmenter,
  options: { groups: ["a", "b", "c"] },
  invalid: [
    { options: { groups: ["a"] }, path: "groups" },
    { options: { groups: ["a", ""] }, path: "groups[1]" },
    { options: { groups: ["a", "a"] }, path: "groups" },
  ],
});

testSegmenter({
  factory: valibotSegmenter,
  options: { groups: ["a", "b"] },
  invalid: [
    { options: { groups: ["a", 7] }, path: "groups[1]" },
    { options: "a,b", path: "" },
  ],
});

describe("createSegmenter", () => {
  it("reports zod and valibot issues with the experiment and the option path", () => {
    const zodError = thrown(() => createSegmenter(zodSegmenter, { groups: ["a", ""] }, context("checkout")));
    expect(zodError).toBeInstanceOf(SegmenterOptionsError);
    expect(zodError.experimentId).toBe("checkout");
    expect(zodError.issues).toEqual([{ path: "groups[1]", message: expect.stringMatching(/>=1 characters/) }]);
    expect(zodError.message).toMatch(/^experiment "checkout": groups\[1\]: /);
    const valibotError = thrown(() => createSegmenter(valibotSegmenter, { groups: ["a", "b"], extra: 1 }, context("checkout")));
    expect(valibotError.issues?.map((issue) => issue.path)).toEqual(["extra"]);
  });

  it("passes the schema's output (with defaults and transforms) to create", () => {
    const seen: unknown[] = [];
    const defaults = defineSegmenter({
      type: "defaults",
      options: z.object({ groups: z.array(z.string()).default(["x", "y"]), label: z.string().transform((s) => s.toUpperCase()) }),
      create(options) {
        seen.push(options);
        return { groups: options.groups, assign: () => null };
      },
    });
    createSegmenter(defaults, { label: "abc" }, context());
    expect(seen).toEqual([{ groups: ["x", "y"], label: "ABC" }]);
  });

  it("refuses an asynchronous schema with a clear error", () => {
    const asyncSegmenter = bucketed("async", z.object({ groups: z.array(z.string()) }).refine(async () => true));
    const error = thrown(() => createSegmenter(asyncSegmenter, { groups: ["a", "b"] }, context("slow")));
    expect(error.message).toBe(
      'experiment "slow": segmenter options: the options schema of segmenter "async" is asynchronous, but segmenters are created synchronously — remove async refinements and transforms from the schema',
    );
  });

  it("wraps a schema or create() that throws, and keeps the cause", () => {
    const cause = new Error("boom");
    const throwingSchema = defineSegmenter({
      type: "throwing-schema",
      options: { "~standard": { version: 1, vendor: "x", validate: () => { throw cause; } } },
      create: () => ({ groups: ["a"], assign: () => "a" }),
    });
    expect(thrown(() => createSegmenter(throwingSchema, {}, context("e"))).message).toBe(
      'experiment "e": segmenter options: the options schema of segmenter "throwing-schema" threw: boom — fix the schema so it reports issues instead',
    );
    const throwingCreate = defineSegmenter({
      type: "throwing-create",
      options: z.object({}),
      create: () => {
        throw cause;
      },
    });
    const wrapped = thrown(() => createSegmenter(throwingCreate, {}, context("e")));
    expect(wrapped).toBeInstanceOf(SegmenterOptionsError);
    expect(wrapped.message).toBe('experiment "e": segmenter options: segmenter "throwing-create" rejected its options: boom');
    expect(wrapped.cause).toBe(cause);
  });

  it("checks what create() returns", () => {
    const returning = (segmenter: unknown) =>
      defineSegmenter({ type: "returning", options: z.object({}), create: () => segmenter as Segmenter });
    expect(thrown(() => createSegmenter(returning({ groups: ["a", "a"], assign: () => "a" }), {}, context("e"))).message).toBe(
      'experiment "e": groups: group "a" is listed twice — give each group a unique id',
    );
    expect(thrown(() => createSegmenter(returning({ groups: ["a"] }), {}, context("e"))).message).toContain("assign must be a function");
    expect(thrown(() => createSegmenter(returning({ groups: ["a"], assign: () => "a", trial: 1 }), {}, context("e"))).message).toContain("trial must be a function (unit, group) => void or left out");
    expect(thrown(() => createSegmenter(returning({ groups: ["a"], assign: () => "a", expectedShares: { b: 1 } }), {}, context("e"))).message).toContain(
      'expectedShares names group "b", which is not in groups',
    );
    expect(thrown(() => createSegmenter(returning({ groups: ["a", "b"], assign: () => "a", expectedShares: { a: 0.6, b: 0.6 } }), {}, context("e"))).message).toContain(
      "expectedShares add up to 1.2, more than 1",
    );
    expect(() => createSegmenter({ type: "fake" } as never, {}, context())).toThrow(TypeError);
  });
});

describe("defineSegmenter", () => {
  it("returns the factory it was given, after checking its shape", () => {
    const definition = { type: "mine", options: z.object({}), create: () => ({ groups: ["a"], assign: () => "a" }) };
    expect(defineSegmenter(definition)).toBe(definition);
    expect(() => defineSegmenter({ ...definition, type: "has space" })).toThrow(/type must be a name/);
    expect(() => defineSegmenter({ ...definition, options: { parse: () => ({}) } as never })).toThrow(/must be a Standard Schema v1/);
    expect(() => defineSegmenter({ ...definition, create: undefined as never })).toThrow(/create must be a function/);
  });
});

describe("createSegmenterContext", () => {
  it("hashes strata/v1 over unit:salt into 10,000 buckets, and gives extra draws", () => {
    const ctx = createSegmenterContext({ experimentId: "checkout", salt: "checkout-2025" });
    for (const unit of ["u1", "", "🧪", "x".repeat(1000)]) {
      expect(ctx.hash(unit)).toBe(bucket(unit, "checkout-2025", 10_000));
      expect(ctx.bucket(unit, "other", 7)).toBe(bucket(unit, "other", 7));
    }
    expect(createSegmenterContext({ experimentId: "checkout" }).salt).toBe("checkout");
  });

  it("rejects salts with a colon and empty experiment ids", () => {
    expect(() => createSegmenterContext({ experimentId: "e", salt: "a:b" })).toThrow('experiment "e": salt must be a non-empty string without ":"');
    expect(() => createSegmenterContext({ experimentId: "" })).toThrow("experimentId must be a non-empty string");
  });
});

describe("SegmenterOptionsError and formatPath", () => {
  it("writes one line per issue, naming the experiment and the path", () => {
    const error = new SegmenterOptionsError("checkout", [
      { path: "groups[1].weight", message: "must be between 0 and 100 — give a percent" },
      { path: "", message: "must be an object" },
    ]);
    expect(error.message).toBe('experiment "checkout": groups[1].weight: must be between 0 and 100 — give a percent\nexperiment "checkout": segmenter options: must be an object');
    expect(error.name).toBe("SegmenterOptionsError");
    expect(new SegmenterOptionsError("", [{ path: "groups", message: "x" }]).message).toBe("groups: x");
  });

  it("formats Standard Schema paths", () => {
    expect(formatPath(["groups", 1, "weight"])).toBe("groups[1].weight");
    expect(formatPath([{ key: "groups" }, { key: 0 }, "a b"])).toBe('groups[0]["a b"]');
    expect(formatPath(undefined)).toBe("");
  });
});

describe("MemoryFeedbackStats", () => {
  it("counts per experiment and group, and never changes a snapshot it handed out", () => {
    const stats = new MemoryFeedbackStats();
    const before = stats.read("e");
    stats.increment("e", "a", "trials");
    stats.increment("e", "a", "successes", 2);
    stats.increment("other", "__proto__", "trials");
    expect(before).toEqual({});
    expect(stats.read("e")).toEqual({ a: { trials: 1, successes: 2 } });
    expect(stats.read("other")["__proto__"]).toEqual({ trials: 1, successes: 0 });
    expect(() => stats.increment("e", "a", "trials", -1)).toThrow(RangeError);
    stats.reset("e");
    expect(stats.read("e")).toEqual({});
  });

  it("keeps a snapshot it handed out frozen and unchanged across later increments, and forgets everything on reset()", () => {
    const stats = new MemoryFeedbackStats();
    stats.increment("e", "a", "trials");
    const before = stats.read("e");
    expect(stats.read("e")).toBe(before);
    stats.increment("e", "a", "trials");
    stats.increment("e", "b", "successes");
    expect(before).toEqual({ a: { trials: 1, successes: 0 } });
    expect(Object.isFrozen(before) && Object.isFrozen(before.a)).toBe(true);
    expect(stats.read("e")).toEqual({ a: { trials: 2, successes: 0 }, b: { trials: 0, successes: 1 } });
    expect(() => stats.increment("e", "a", "trials", Number.NaN)).toThrow(/finite number >= 0/);
    stats.reset();
    expect(stats.read("e")).toEqual({});
  });
});

describe("builtinSegmenters", () => {
  it("lists the four built-ins by type", () => {
    expect(builtinSegmenters.map((factory) => factory.type)).toEqual(["percentage", "fixed", "rollout", "feedback"]);
    expect(builtinSegmenters).toEqual([percentage, fixed, rollout, feedback]);
  });

  it("expose Standard Schemas that report every issue with its path", () => {
    const result = percentage.options["~standard"].validate({ groups: [{ id: "a", weight: 50 }, { id: "b", weight: 101 }], coverage: 200 });
    expect(result).toEqual({
      issues: [
        { path: ["groups", 1, "weight"], message: expect.stringContaining("must be between 0 and 100") },
        { path: ["coverage"], message: expect.stringContaining("must be between 0 and 100") },
      ],
    });
    expect(fixed.options["~standard"].validate({ groups: [{ id: "a", units: [] }] })).toEqual({ value: { groups: [{ id: "a", units: [] }] } });
  });

  it("assign does not depend on the request attributes or time", () => {
    const segmenter = createSegmenter(percentage, { groups: [{ id: "a", weight: 50 }, { id: "b", weight: 50 }] }, context());
    expect(segmenter.assign("u1", { attributes: { country: "NL" }, now: 0 })).toBe(segmenter.assign("u1", request));
  });
});
