import * as v from "valibot";
import { describe, expectTypeOf, test } from "vitest";
import { z } from "zod";
import { byCountry } from "../examples/country-segmenter.ts";
import {
  builtinSegmenters,
  createSegmenter,
  createSegmenterContext,
  defineSegmenter,
  percentage,
  type FeedbackOptions,
  type PercentageOptions,
  type Segmenter,
  type SegmenterContext,
  type SegmenterFactory,
} from "../src/index.ts";
import { testSegmenter } from "../src/testing/index.ts";

describe("defineSegmenter infers the options type from the schema", () => {
  test("zod: create() receives the schema's output", () => {
    const factory = defineSegmenter({
      type: "typed",
      options: z.object({
        groups: z.array(z.object({ id: z.string(), share: z.number() })),
        label: z.string().transform((text) => text.length),
        seed: z.string().optional(),
      }),
      create(options, ctx) {
        expectTypeOf(options).toEqualTypeOf<{ groups: { id: string; share: number }[]; label: number; seed?: string | undefined }>();
        expectTypeOf(ctx).toEqualTypeOf<SegmenterContext>();
        // @ts-expect-error "sede" is not an option
        void options.sede;
        return { groups: options.groups.map((group) => group.id), assign: () => null };
      },
    });
    expectTypeOf(factory).toExtend<SegmenterFactory<{ groups: { id: string; share: number }[]; label: number; seed?: string | undefined }>>();
  });

  test("valibot: create() receives the schema's output", () => {
    defineSegmenter({
      type: "valibot-typed",
      options: v.object({ groups: v.array(v.string()), weights: v.optional(v.array(v.number()), []) }),
      create(options) {
        expectTypeOf(options).toEqualTypeOf<{ groups: string[]; weights: number[] }>();
        return { groups: options.groups, assign: () => null };
      },
    });
  });

  test("the README's example is a factory whose options are inferred", () => {
    expectTypeOf(byCountry.create).parameter(0).toEqualTypeOf<{ groups: { id: string; countries: string[] }[] }>();
    expectTypeOf(byCountry).toExtend<SegmenterFactory>();
  });
});

describe("the contract is hard to misuse", () => {
  test("assign returns a group id or null", () => {
    defineSegmenter({
      type: "wrong-return",
      options: z.object({}),
      // @ts-expect-error assign must return string | null, not a number
      create: () => ({ groups: ["a"], assign: () => 1 }),
    });
    expectTypeOf<Segmenter["assign"]>().returns.toEqualTypeOf<string | null>();
  });

  test("factories of any options fit one registration list", () => {
    const factories: readonly SegmenterFactory[] = [...builtinSegmenters, byCountry];
    expectTypeOf(factories).toExtend<readonly SegmenterFactory[]>();
    expectTypeOf(percentage.create).parameter(0).toEqualTypeOf<PercentageOptions>();
    expectTypeOf(builtinSegmenters[3].create).parameter(0).toEqualTypeOf<FeedbackOptions>();
  });

  test("createSegmenter takes raw (unknown) options and returns a Segmenter", () => {
    const ctx = createSegmenterContext({ experimentId: "e" });
    expectTypeOf(createSegmenter(percentage, JSON.parse("{}"), ctx)).toEqualTypeOf<Segmenter>();
  });

  test("testSegmenter types the valid options by the schema's input and needs an invalid case", () => {
    const suite = (run: () => void) => run;
    suite(() =>
      testSegmenter({
        factory: byCountry,
        // @ts-expect-error countries must be an array of strings
        options: { groups: [{ id: "eu", countries: "NL" }] },
        invalid: [{ options: {}, path: "groups" }],
      }),
    );
    suite(() =>
      testSegmenter({
        factory: percentage,
        // @ts-expect-error a weight is a number or "rest"
        options: { groups: [{ id: "a", weight: "half" }] },
        invalid: [{ options: {}, path: "groups" }],
      }),
    );
    suite(() =>
      testSegmenter({
        factory: percentage,
        options: { groups: [{ id: "a", weight: 100 }] },
        // @ts-expect-error at least one invalid case is required
        invalid: [],
      }),
    );
  });
});
