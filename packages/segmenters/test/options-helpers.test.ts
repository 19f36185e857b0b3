import { describe, expect, it } from "vitest";
import { checkedOptionsSchema, OptionsChecker, SegmenterOptionsError } from "../src/index.ts";
import { thrown } from "./helpers.ts";

const schema = (vendor?: string) =>
  checkedOptionsSchema<{ n: number }, number>((value, checker) => {
    const options = checker.object(value, [], ["n"]);
    return options && checker.number(options.n, ["n"], 0, 10, "a small number");
  }, vendor === undefined ? {} : { vendor });

describe("checkedOptionsSchema", () => {
  it("is a Standard Schema of vendor strata by default, or the vendor given", () => {
    expect(schema()["~standard"].vendor).toBe("strata");
    expect(schema("strata-compat")["~standard"].vendor).toBe("strata-compat");
  });

  it("validates to the input, and verify returns the checked form or throws naming the experiment and path", () => {
    expect(schema()["~standard"].validate({ n: 3 })).toEqual({ value: { n: 3 } });
    expect(schema().verify({ n: 3 }, "e")).toBe(3);
    const error = thrown(() => schema().verify({ n: 11 }, "e"));
    expect(error).toBeInstanceOf(SegmenterOptionsError);
    expect(error.message).toBe('experiment "e": n: must be a number from 0 to 10: a small number (got 11)');
  });
});

describe("OptionsChecker", () => {
  it("describes arrays by kind, or short ones by content with listShortArrays", () => {
    const plain = new OptionsChecker();
    const listing = new OptionsChecker({ listShortArrays: true });
    plain.range([0.2], ["r"], 0, 1, "a range");
    listing.range([0.2], ["r"], 0, 1, "a range");
    listing.range([{}, 1], ["r"], 0, 1, "a range");
    expect(plain.issues.map((issue) => issue.message)).toEqual(["must be a pair [start, end] of numbers: a range (got an array)"]);
    expect(listing.issues.map((issue) => issue.message)).toEqual([
      "must be a pair [start, end] of numbers: a range (got [0.2])",
      "must be a pair [start, end] of numbers: a range (got an array)",
    ]);
  });

  it("lists NaN and Infinity in a short array as themselves, not as JSON's null", () => {
    const listing = new OptionsChecker({ listShortArrays: true });
    listing.range([Number.NaN, 1], ["r"], 0, 1, "a range");
    listing.range([0, -Infinity, 1], ["r"], 0, 1, "a range");
    expect(listing.issues.map((issue) => issue.message)).toEqual([
      "must be a pair [start, end] of numbers: a range (got [NaN,1])",
      "must be a pair [start, end] of numbers: a range (got [0,-Infinity,1])",
    ]);
  });

  it("names a renamed key's new name, and the known keys otherwise", () => {
    const checker = new OptionsChecker();
    checker.object({ arms: [], other: 1 }, [], ["groups"], { arms: "groups" });
    expect(checker.issues).toEqual([
      { path: ["arms"], message: 'unknown option — this segmenter calls it "groups"; rename it' },
      { path: ["other"], message: "unknown option — remove it or check its spelling (known: groups)" },
    ]);
  });

  it("checks strings, booleans, choices, whole numbers and percents", () => {
    const checker = new OptionsChecker();
    expect(checker.string("", ["s"], "a name", true)).toBe("");
    expect(checker.string("", ["s"], "a name")).toBeUndefined();
    expect(checker.boolean(false, ["b"], "a flag")).toBe(false);
    expect(checker.oneOf(2, ["o"], [1, 2] as const, "a version")).toBe(2);
    expect(checker.oneOf(3, ["o"], [1, 2] as const, "a version")).toBeUndefined();
    expect(checker.number(1.5, ["n"], 0, 2, "a count", true)).toBeUndefined();
    expect(checker.integer(1.5, ["i"], 0, 2, "a count")).toBeUndefined();
    expect(checker.hundredths(25.5, ["p"])).toBe(2550);
    expect(checker.issues.map((issue) => issue.message)).toEqual([
      'must be a non-empty string: a name (got "")',
      "must be 1 or 2: a version (got 3)",
      "must be a whole number from 0 to 2: a count (got 1.5)",
      "must be a whole number from 0 to 2, a count (got 1.5)",
    ]);
  });
});
