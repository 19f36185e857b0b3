import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import fc from "fast-check";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { schemaText } from "../scripts/generate-schema.ts";
import { isConditionShape, LIMITS, StrataConfigSchema, validate } from "../src/index.ts";
import { pointers, setAt, shop, small } from "./fixtures.ts";

const committed = readFileSync(new URL("../schema.json", import.meta.url), "utf8");
const schema = JSON.parse(committed);
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const jsonSchemaAccepts = ajv.compile(schema);
const conditionAccepts = ajv.compile({ ...schema, $ref: "#/definitions/condition", properties: undefined, required: undefined, type: undefined, additionalProperties: undefined });
const runtimeAccepts = (value: unknown) => v.safeParse(StrataConfigSchema, value, { abortEarly: true }).success;

/** Structural fixtures: each one is accepted or rejected by the JSON Schema and the runtime schema alike. */
function fixtures(): [string, unknown, boolean][] {
  const list: [string, unknown, boolean][] = [];
  const add = (name: string, edit: (config: any) => void, valid: boolean) => {
    const config = shop();
    edit(config);
    list.push([name, config, valid]);
  };
  add("the shop example", () => {}, true);
  add("a small config", (c) => Object.assign(c, small()), true);
  add("no $schema", (c) => delete c.$schema, true);
  add("a description everywhere", (c) => {
    c.domain.description = "all traffic";
    c.domain.layers[0].description = "the split";
  }, true);
  add("version 2", (c) => (c.version = 2), false);
  add("an unknown top-level field", (c) => (c.extra = 1), false);
  add("no units", (c) => (c.units = []), false);
  add("the unit random", (c) => (c.units = ["random"]), false);
  add("a unit with @", (c) => (c.units = ["user@day"]), false);
  add("a param named __proto__", (c) => (c.params = JSON.parse(`{"__proto__": 1}`)), false);
  add("a param named constructor", (c) => (c.params = { constructor: 1 }), false);
  add("a forbidden key inside a param value", (c) => (c.params.button_color = JSON.parse(`{"a": {"prototype": 1}}`)), false);
  add("an object param value", (c) => (c.params.button_color = { a: [1, { b: null }] }), true);
  add("a param value with a hole (a sparse array, which JSON cannot hold)", (c) => {
    const value: unknown[] = ["a", "b"];
    delete value[0];
    c.params.button_color = value;
  }, false);
  add("a slot with both", (c) => (c.domain.layers[0].slots[1].experiment = c.domain.layers[0].slots[0].domain.layers[0].slots[0].experiment), false);
  add("a slot with neither", (c) => delete c.domain.layers[0].slots[1].domain, false);
  add("a three-number range", (c) => (c.domain.layers[0].slots[1].ranges = [[100, 150, 200]]), false);
  add("a fractional bucket", (c) => (c.domain.layers[0].slots[1].ranges = [[100, 150.5]]), false);
  add("a negative bucket", (c) => (c.domain.layers[0].slots[1].ranges = [[-1, 150]]), false);
  add("zero buckets", (c) => (c.domain.layers[0].buckets = 0), false);
  add("10000 buckets", (c) => (c.domain.layers[0].buckets = 10000), true);
  add("a salt with a colon", (c) => (c.domain.layers[0].salt = "a:b"), false);
  add("an empty salt", (c) => (c.domain.layers[0].salt = ""), false);
  add("an id starting with -", (c) => (c.domain.id = "-root"), false);
  add("an id with a space", (c) => (c.domain.id = "the root"), false);
  add("a timestamp without zone", (c) => (c.domain.layers[0].slots[0].domain.layers[0].slots[0].experiment.stoppedAt = "2025-01-01T00:00:00"), false);
  add("a timestamp with zone", (c) => (c.domain.layers[0].slots[0].domain.layers[0].slots[0].experiment.stoppedAt = "2025-01-01T00:00:00.123+02:00"), true);
  add("status done", (c) => (c.domain.layers[0].slots[0].domain.layers[0].slots[0].experiment.status = "done"), false);
  add("no groups", (c) => (c.domain.layers[0].slots[0].domain.layers[0].slots[0].experiment.groups = []), false);
  add("a segmenter without type", (c) => delete c.domain.layers[0].slots[0].domain.layers[0].slots[0].experiment.segmenter.type, false);
  add("segmenter options are free-form here", (c) => (c.domain.layers[0].slots[0].domain.layers[0].slots[0].experiment.segmenter.anything = [1]), true);
  add("unit @day", (c) => (c.domain.layers[0].slots[0].domain.layers[0].slots[0].experiment.unit = "cookieId@day"), true);
  add("unit @week", (c) => (c.domain.layers[0].slots[0].domain.layers[0].slots[0].experiment.unit = "cookieId@week"), false);
  add("forced into a group", (c) => (c.domain.layers[0].slots[0].domain.layers[0].slots[0].experiment.forced = { control: ["u1"] }), true);
  add("forced with an empty id", (c) => (c.domain.layers[0].slots[0].domain.layers[0].slots[0].experiment.forced = { control: [""] }), false);
  const experiment = (c: any) => c.domain.layers[0].slots[2].domain.layers[2].slots[0].experiment;
  add("a condition with every operator", (c) => (experiment(c).conditions = { a: 1, b: { $in: [1, "x"], $ne: null }, c: { $regex: "x", $options: "i" }, d: { $semver: { $gte: "1.0.0" } }, $or: [{ e: { $exists: true } }], $not: { f: { $not: { $gt: 2 } } } }), true);
  add("an unknown condition operator", (c) => (experiment(c).conditions = { a: { $foo: 1 } }), false);
  add("an operator at the top", (c) => (experiment(c).conditions = { $in: [1] }), false);
  add("$options without $regex", (c) => (experiment(c).conditions = { a: { $options: "i" } }), false);
  add("a list as a value", (c) => (experiment(c).conditions = { a: [1] }), false);
  add("a bad semver", (c) => (experiment(c).conditions = { a: { $semver: { $gte: "1.0" } } }), false);
  add("an empty $or", (c) => (experiment(c).conditions = { $or: [] }), false);
  add("an unsafe regex (only validate knows)", (c) => (experiment(c).conditions = { a: { $regex: "(a+)+" } }), true);
  // Arrays are not objects, though valibot's object schemas would take them.
  list.push(["the whole config as an array", [], false]);
  add("a schedule that is an empty array", (c) => (experiment(c).schedule = []), false);
  add("a domain that is an array", (c) => (c.domain.layers[0].slots[1].domain = ["x"]), false);
  add("a layer that is an array", (c) => (c.domain.layers = [["x"]]), false);
  add("a slot that is an array", (c) => (c.domain.layers[0].slots[1] = [[100, 150]]), false);
  add("an experiment that is an array", (c) => (c.domain.layers[0].slots[0].domain.layers[0].slots[0].experiment = []), false);
  add("a group that is an array", (c) => (experiment(c).groups[0] = ["control"]), false);
  add("a segmenter that is an array", (c) => (experiment(c).segmenter = ["percentage"]), false);
  // Lengths count code points, as JSON Schema's maxLength does: an emoji is one character, two UTF-16 units.
  const emoji = (count: number) => "\u{1F600}".repeat(count);
  add("a parameter value of 3,000 emoji (6,000 UTF-16 units)", (c) => (c.params.headline = emoji(3000)), true);
  add("a parameter value of 4,097 emoji", (c) => (c.params.headline = emoji(LIMITS.stringLength + 1)), false);
  add("a description of 4,096 emoji", (c) => (c.domain.description = emoji(LIMITS.stringLength)), true);
  add("a description of 4,097 emoji", (c) => (c.domain.description = emoji(LIMITS.stringLength + 1)), false);
  add("a salt of 128 emoji", (c) => (c.domain.layers[0].salt = emoji(LIMITS.idLength)), true);
  add("a salt of 129 emoji", (c) => (c.domain.layers[0].salt = emoji(LIMITS.idLength + 1)), false);
  add("a forced unit id of 4,096 emoji", (c) => (experiment(c).forced = { control: [emoji(LIMITS.stringLength)] }), true);
  add("a condition string of 4,096 emoji", (c) => (experiment(c).conditions = { name: emoji(LIMITS.stringLength) }), true);
  add("a condition string of 4,097 emoji", (c) => (experiment(c).conditions = { name: emoji(LIMITS.stringLength + 1) }), false);
  // Object keys anywhere, parameter values and segmenter options included, count as strings do.
  const key = (count: number) => ({ [emoji(count)]: 1 });
  add("a parameter value with a key of 4,096 emoji", (c) => (c.params.headline = key(LIMITS.stringLength)), true);
  add("a parameter value with a key of 4,097 emoji", (c) => (c.params.headline = key(LIMITS.stringLength + 1)), false);
  add("a group's parameter value with a nested key of 4,097 emoji", (c) => (experiment(c).groups[1].params.button_size = [key(LIMITS.stringLength + 1)]), false);
  add("a segmenter option named with 4,096 emoji", (c) => Object.assign(experiment(c).segmenter, key(LIMITS.stringLength)), true);
  add("a segmenter option named with 4,097 emoji", (c) => Object.assign(experiment(c).segmenter, key(LIMITS.stringLength + 1)), false);
  add("a segmenter option with a nested key of 4,097 emoji", (c) => (experiment(c).segmenter.groups[0].extra = key(LIMITS.stringLength + 1)), false);
  add("a segmenter option with a long string (the segmenter's own schema decides)", (c) => (experiment(c).segmenter.label = emoji(LIMITS.stringLength + 1)), true);
  add("a forbidden key inside a segmenter option", (c) => (experiment(c).segmenter.groups[0].extra = JSON.parse(`{"constructor": 1}`)), false);
  add("a segmenter option named __proto__", (c) => (experiment(c).segmenter = JSON.parse(`{"type": "percentage", "__proto__": {}}`)), false);
  return list;
}

describe("schema.json", () => {
  it("is the committed output of scripts/generate-schema.ts", () => {
    expect(committed).toBe(schemaText());
  });

  it("ships with the package", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(pkg.exports["./schema.json"]).toBe("./schema.json");
    expect(pkg.files).toContain("schema.json");
    expect(shop().$schema).toBe("../schema.json");
  });

  it.each(fixtures())("agrees with the runtime schema: %s", (_name, fixture, valid) => {
    expect(runtimeAccepts(fixture)).toBe(valid);
    expect(jsonSchemaAccepts(fixture), JSON.stringify(jsonSchemaAccepts.errors)).toBe(valid);
    // validate (shape check plus rules) accepts nothing the JSON Schema rejects.
    if (!valid) expect(validate(fixture).ok).toBe(false);
  });

  it("agrees with the runtime schema on random mutations of a real config", () => {
    const base = shop();
    const paths = pointers(base).filter((p) => p !== "");
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom("", "x", "x:y", "-x", "running", "cookieId@day", "2025-01-01T00:00:00Z", 0, -1, 1.5, 1000, 1_000_001, true, null, [], {}, [0, 10], [[0, 10]], ["x"]),
      fc.constantFrom(100, 128, 129, 4096, 4097).map((count) => "\u{1F600}".repeat(count)),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...paths), value, fc.boolean()), { minLength: 1, maxLength: 3 }), (edits) => {
        const config = shop();
        for (const [pointer, replacement, remove] of edits) setAt(config, pointer, remove ? undefined : replacement);
        const runtime = runtimeAccepts(config);
        expect(jsonSchemaAccepts(config)).toBe(runtime);
        // What validate accepts, the JSON Schema accepts: editors never flag a valid config.
        if (validate(config).ok) expect(runtime).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("refuses every key validate refuses, wherever it is", () => {
    const base = shop();
    const objects = pointers(base).filter((p) => p !== "");
    const badKey = fc.constantFrom("\u{1F600}".repeat(LIMITS.stringLength + 1), "k".repeat(LIMITS.stringLength + 1), "__proto__", "constructor", "prototype");
    fc.assert(
      fc.property(fc.constantFrom(...objects), badKey, fc.boolean(), (pointer, name, nested) => {
        const config = shop();
        const bad = JSON.parse(`{${JSON.stringify(name)}: 1}`);
        setAt(config, pointer, nested ? { ok: [bad] } : bad);
        expect(validate(config).ok).toBe(false);
        expect(jsonSchemaAccepts(config), pointer).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("agrees with isConditionShape on random conditions", () => {
    const key = fc.constantFrom("a", "b", "", "$and", "$or", "$not", "$eq", "$in", "$regex", "$options", "$semver", "$gt", "$exists", "$foo", "constructor");
    const leaf = fc.constantFrom<unknown>(1, "x", true, null, [], [1], ["x", null], "2.1.0", "i", "g", { $gte: "1.0.0" }, { $lt: "1.0" }, {});
    const { node } = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("node"), { maxLength: 3 }), fc.dictionary(key, tie("node"), { maxKeys: 3 })),
    }));
    fc.assert(
      fc.property(node, (condition) => {
        expect(conditionAccepts(condition)).toBe(isConditionShape(condition));
      }),
      { numRuns: 3000 },
    );
  });
});
