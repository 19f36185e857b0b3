import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileCondition, conditionsDisjoint, type Condition } from "../src/index.ts";

describe("conditionsDisjoint", () => {
  it("proves disjoint $eq/$in sets on one attribute", () => {
    expect(conditionsDisjoint({ country: "DE" }, { country: "FR" })).toBe(true);
    expect(conditionsDisjoint({ country: { $in: ["DE", "AT"] } }, { country: { $in: ["FR", "NL"] } })).toBe(true);
    expect(conditionsDisjoint({ country: { $in: ["DE", "AT"] } }, { country: { $in: ["FR", "AT"] } })).toBe(false);
    expect(conditionsDisjoint({ country: "DE", plan: "pro" }, { country: "FR" })).toBe(true);
    expect(conditionsDisjoint({ $and: [{ country: "DE" }] }, { country: { $eq: "FR" } })).toBe(true);
    expect(conditionsDisjoint({ $or: [{ country: "DE" }, { country: "AT" }] }, { country: "FR" })).toBe(true);
    expect(conditionsDisjoint({ country: "DE" }, { country: { $ne: "DE" } })).toBe(true);
    expect(conditionsDisjoint({ country: { $in: ["DE", "AT"] } }, { country: { $nin: ["DE", "AT", "CH"] } })).toBe(true);
  });

  it("does not claim what it cannot prove", () => {
    expect(conditionsDisjoint({ country: "DE" }, { plan: "pro" })).toBe(false);
    expect(conditionsDisjoint({ age: { $lt: 18 } }, { age: { $gte: 18 } })).toBe(false);
    expect(conditionsDisjoint({ $or: [{ country: "DE" }, { plan: "pro" }] }, { country: "FR" })).toBe(false);
    expect(conditionsDisjoint({ country: { $ne: "DE" } }, { country: { $ne: "FR" } })).toBe(false);
    expect(conditionsDisjoint({ $not: { country: "DE" } }, { country: "DE" })).toBe(false);
    expect(conditionsDisjoint(undefined, { country: "DE" })).toBe(false);
    expect(conditionsDisjoint({ country: 1 }, { country: "1" })).toBe(true);
  });

  it("is sound: no attributes satisfy two conditions it calls disjoint", () => {
    const values = fc.constantFrom("DE", "FR", "AT", 1, 2, true, null);
    const test = fc.oneof(
      values,
      fc.record({ $eq: values }),
      fc.record({ $ne: values }),
      fc.record({ $in: fc.array(values, { minLength: 1, maxLength: 3 }) }),
      fc.record({ $nin: fc.array(values, { minLength: 1, maxLength: 3 }) }),
    );
    const leaf = fc.dictionary(fc.constantFrom("a", "b"), test, { minKeys: 1, maxKeys: 2 });
    const condition: fc.Arbitrary<Condition> = fc.oneof(
      leaf,
      fc.record({ $or: fc.array(leaf, { minLength: 1, maxLength: 3 }) }),
      fc.record({ $and: fc.array(leaf, { minLength: 1, maxLength: 3 }) }),
    ) as fc.Arbitrary<Condition>;
    const domain = ["DE", "FR", "AT", 1, 2, true, null, undefined];
    // Every assignment of the two attributes: a counterexample cannot hide.
    const samples = domain.flatMap((a) => domain.map((b) => ({ ...(a === undefined ? {} : { a }), ...(b === undefined ? {} : { b }) })));
    fc.assert(
      fc.property(condition, condition, (a, b) => {
        if (!conditionsDisjoint(a, b)) return;
        const left = compileCondition(a);
        const right = compileCondition(b);
        for (const sample of samples) expect(left(sample) && right(sample)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
