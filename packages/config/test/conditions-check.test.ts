import { describe, expect, it } from "vitest";
import { checkCondition, isConditionShape } from "../src/index.ts";
import { LIMITS } from "../src/limits.ts";

const problems = (condition: unknown) => checkCondition(condition, "/c").map((p) => [p.pointer, p.code]);

describe("checkCondition", () => {
  it("accepts every operator of the language", () => {
    const condition = {
      country: "DE",
      plan: { $in: ["pro", "team"] },
      tier: { $nin: [1, 2, null] },
      age: { $gte: 18, $lt: 65 },
      name: { $ne: "bot", $exists: true },
      ua: { $regex: "^Mozilla/\\d+", $options: "i" },
      appVersion: { $semver: { $gte: "2.1.0", $lt: "3.0.0-beta.1" } },
      beta: { $not: { $eq: true } },
      $or: [{ a: 1 }, { $and: [{ b: { $gt: "m" } }, { $not: { c: false } }] }],
    };
    expect(checkCondition(condition)).toEqual([]);
    expect(isConditionShape(condition)).toBe(true);
  });

  it("reports every problem at once with a pointer", () => {
    expect(
      problems({
        $nope: 1,
        $in: [1],
        country: ["DE"],
        plan: { $in: [] },
        age: { $gt: true, $bogus: 1, nested: 1 },
        version: { $semver: { $gte: "2.1" } },
        ua: { $regex: 5 },
        flags: { $regex: "a", $options: "g" },
        alone: { $options: "i" },
        $and: [],
        $or: [{ x: {} }, 3],
      }),
    ).toEqual([
      ["/c/$nope", "unknown-operator"],
      ["/c/$in", "unknown-operator"],
      ["/c/country", "condition-type"],
      ["/c/plan/$in", "condition-type"],
      ["/c/age/$gt", "condition-type"],
      ["/c/age/$bogus", "unknown-operator"],
      ["/c/age/nested", "condition-nesting"],
      ["/c/version/$semver/$gte", "invalid-semver"],
      ["/c/ua/$regex", "condition-type"],
      ["/c/flags/$options", "condition-type"],
      ["/c/alone/$options", "condition-type"],
      ["/c/$and", "condition-type"],
      ["/c/$or/0/x", "condition-empty"],
      ["/c/$or/1", "condition-type"],
    ]);
  });

  it("says what to write instead", () => {
    const [list] = checkCondition({ country: ["DE", "FR"] });
    expect(list!.message).toContain(`{ "$in": [ … ] }`);
    const [misspelt] = checkCondition({ age: { $gtee: 3 } });
    expect(misspelt!.message).toContain(`did you mean "$gte"?`);
    const [misplaced] = checkCondition({ $eq: 3 });
    expect(misplaced!.message).toContain(`{ "country": { "$eq": … } }`);
  });

  it("rejects unsafe and invalid regexes with their pointer", () => {
    expect(problems({ ua: { $regex: "(a+)+$" } })).toEqual([["/c/ua/$regex", "unsafe-regex"]]);
    expect(problems({ ua: { $regex: "(\\w+\\s?)*$" } })).toEqual([["/c/ua/$regex", "unsafe-regex"]]);
    expect(problems({ ua: { $regex: "(" } })).toEqual([["/c/ua/$regex", "regex-syntax"]]);
    expect(problems({ ua: { $regex: "(a)\\1" } })).toEqual([["/c/ua/$regex", "regex-syntax"]]);
    expect(problems({ ua: { $regex: "a".repeat(LIMITS.regexLength + 1) } })).toEqual([["/c/ua/$regex", "regex-too-long"]]);
  });

  it("bounds depth and size", () => {
    let deep: Record<string, unknown> = { a: 1 };
    for (let i = 0; i < LIMITS.conditionDepth + 2; i++) deep = { $not: deep };
    expect(checkCondition(deep).map((p) => p.code)).toContain("condition-too-deep");
    const wide = Object.fromEntries(Array.from({ length: LIMITS.conditionNodes + 1 }, (_, i) => [`a${i}`, i]));
    expect(checkCondition(wide).map((p) => p.code)).toEqual(["condition-too-large"]);
    expect(checkCondition({ a: { $in: Array.from({ length: LIMITS.conditionValues + 1 }, (_, i) => i) } }).map((p) => p.code)).toEqual(["condition-too-large"]);
  });

  it("rejects forbidden attribute names and non-objects", () => {
    expect(problems(JSON.parse(`{ "__proto__": 1 }`))).toEqual([["/c/__proto__", "forbidden-key"]]);
    expect(problems({ constructor: 1 })).toEqual([["/c/constructor", "forbidden-key"]]);
    expect(problems("country = DE")).toEqual([["/c", "condition-type"]]);
    expect(problems({ "": 1 })).toEqual([["/c/", "condition-attribute"]]);
  });
});
