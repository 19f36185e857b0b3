import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareToVersion, compileCondition, ConfigError, parseVersion, type Condition } from "../src/index.ts";

const matches = (condition: Condition, attributes: Record<string, unknown>) => compileCondition(condition)(attributes);

describe("compileCondition", () => {
  it("implements each operator", () => {
    expect(matches({ country: "DE" }, { country: "DE" })).toBe(true);
    expect(matches({ country: "DE" }, { country: "FR" })).toBe(false);
    expect(matches({ country: { $in: ["DE", "FR"] } }, { country: "FR" })).toBe(true);
    const many = Array.from({ length: 50 }, (_, i) => `c${i}`);
    expect(matches({ country: { $in: many } }, { country: "c42" })).toBe(true);
    expect(matches({ country: { $nin: many } }, { country: "c42" })).toBe(false);
    expect(matches({ age: { $gte: 18, $lt: 65 } }, { age: 18 })).toBe(true);
    expect(matches({ age: { $gte: 18, $lt: 65 } }, { age: 65 })).toBe(false);
    expect(matches({ age: { $gt: 18 } }, { age: "21" })).toBe(false);
    expect(matches({ name: { $gt: "m" } }, { name: "z" })).toBe(true);
    expect(matches({ name: { $lte: "m" } }, { name: 3 })).toBe(false);
    expect(matches({ beta: { $exists: true } }, { beta: false })).toBe(true);
    expect(matches({ beta: { $exists: false } }, {})).toBe(true);
    expect(matches({ ua: { $regex: "^mozilla", $options: "i" } }, { ua: "Mozilla/5.0" })).toBe(true);
    expect(matches({ ua: { $regex: "^mozilla" } }, { ua: "Mozilla/5.0" })).toBe(false);
    expect(matches({ $or: [{ a: 1 }, { b: 2 }] }, { b: 2 })).toBe(true);
    expect(matches({ $and: [{ a: 1 }, { b: 2 }] }, { b: 2 })).toBe(false);
    expect(matches({ $not: { a: 1 } }, { a: 2 })).toBe(true);
    expect(matches({ a: { $not: { $in: [1, 2] } } }, { a: 3 })).toBe(true);
    expect(matches({}, {})).toBe(true);
  });

  it("lets $ne, $nin, $not and $exists:false match a missing attribute, and nothing else", () => {
    expect(matches({ a: { $ne: 1 } }, {})).toBe(true);
    expect(matches({ a: { $nin: [1] } }, {})).toBe(true);
    expect(matches({ a: { $not: { $eq: 1 } } }, {})).toBe(true);
    expect(matches({ a: 1 }, {})).toBe(false);
    expect(matches({ a: null }, {})).toBe(false);
    expect(matches({ a: null }, { a: null })).toBe(true);
    expect(matches({ a: { $gt: 0 } }, {})).toBe(false);
  });

  it("compares semantic versions", () => {
    const condition = { appVersion: { $semver: { $gte: "2.1.0", $lt: "3.0.0" } } };
    const at = (version: unknown) => matches(condition, { appVersion: version });
    expect(at("2.1.0")).toBe(true);
    expect(at("2.10.3")).toBe(true);
    expect(at("v2.2")).toBe(true);
    expect(at("2.1.0-beta.1")).toBe(false);
    expect(at("3.0.0-rc.1")).toBe(true);
    expect(at("3.0.0")).toBe(false);
    expect(at("2.1.0+build.7")).toBe(true);
    expect(at("2.01.0")).toBe(false);
    expect(at("2.1.0.4")).toBe(false);
    expect(at(2.1)).toBe(false);
    expect(matches({ v: { $semver: { $eq: "1.0.0-alpha.1" } } }, { v: "1.0.0-alpha.1" })).toBe(true);
    expect(matches({ v: { $semver: { $gt: "1.0.0-alpha" } } }, { v: "1.0.0-alpha.1" })).toBe(true);
    expect(matches({ v: { $semver: { $gt: "1.0.0-alpha.beta" } } }, { v: "1.0.0-beta" })).toBe(true);
    expect(matches({ v: { $semver: { $lt: "1.0.0-alpha.2" } } }, { v: "1.0.0-alpha.10" })).toBe(false);
    expect(matches({ v: { $semver: { $gt: "99999999999999999999.0.0" } } }, { v: "100000000000000000000.0.0" })).toBe(true);
  });

  it("orders pre-releases as semver.org does", () => {
    const ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0"];
    for (let i = 0; i < ordered.length; i++) {
      for (let j = 0; j < ordered.length; j++) {
        const expected = i < j;
        expect(matches({ v: { $semver: { $lt: ordered[j]! } } }, { v: ordered[i] }), `${ordered[i]} < ${ordered[j]}`).toBe(expected);
      }
    }
  });

  it("reads own attributes only", () => {
    expect(matches({ toString: { $exists: true } }, {})).toBe(false);
    expect(matches({ hasOwnProperty: { $exists: false } }, {})).toBe(true);
    expect(matches({ valueOf: { $ne: 1 } }, Object.create({ valueOf: 1 }))).toBe(true);
  });

  it("throws a ConfigError for an invalid condition, at compile time only", () => {
    expect(() => compileCondition({ a: { $bogus: 1 } })).toThrow(ConfigError);
    expect(compileCondition(undefined)({})).toBe(true);
  });

  it("never throws on any attribute values", () => {
    const predicate = compileCondition({
      a: { $in: [1, "x"] },
      $or: [{ b: { $regex: "^x" } }, { c: { $semver: { $gte: "1.0.0" } } }, { d: { $gt: 3 } }, { e: { $exists: false } }],
    });
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withMap: true, withSet: true, withDate: true, withTypedArray: true, withSparseArray: true }), (attributes) => {
        expect(typeof predicate(attributes as Record<string, unknown>)).toBe("boolean");
        expect(typeof predicate({ a: attributes, b: attributes, c: attributes, d: attributes, e: attributes })).toBe("boolean");
      }),
    );
    const hostile = new Proxy({}, { get: () => { throw new Error("boom"); }, getOwnPropertyDescriptor: () => { throw new Error("boom"); } });
    expect(predicate(hostile)).toBe(false);
    expect(predicate(null as unknown as Record<string, unknown>)).toBe(false);
    expect(predicate(undefined as unknown as Record<string, unknown>)).toBe(false);
  });

  it("does not test over-long strings against a regex", () => {
    const predicate = compileCondition({ ua: { $regex: "a" } });
    expect(predicate({ ua: `${"a".repeat(10)}` })).toBe(true);
    expect(predicate({ ua: "a".repeat(100_000) })).toBe(false);
  });

  it("orders versions consistently (antisymmetric, total)", () => {
    const identifier = fc.oneof(fc.nat({ max: 20 }).map(String), fc.constantFrom("alpha", "beta", "rc", "x-1", "0a"));
    const version = fc
      .tuple(fc.nat({ max: 3 }), fc.nat({ max: 3 }), fc.nat({ max: 3 }), fc.array(identifier, { maxLength: 3 }))
      .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre.length > 0 ? `-${pre.join(".")}` : ""}`);
    fc.assert(
      fc.property(version, version, (a, b) => {
        const ab = compareToVersion(a, parseVersion(b)!);
        const ba = compareToVersion(b, parseVersion(a)!);
        expect(ab).toBe(-ba || 0);
        expect(compareToVersion(a, parseVersion(a)!)).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });
});
