import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError, configStandardSchema, formatProblem, LIMITS, validate } from "../src/index.ts";
import { codes, pointers, setAt, shop, small } from "./fixtures.ts";

const errorsOf = (json: unknown) => validate(json).errors.map((p) => [p.pointer, p.code]);

describe("validate", () => {
  it("accepts the shop example and returns a frozen copy", () => {
    const input = shop();
    const result = validate(input);
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.config).toEqual(input);
    expect(result.config).not.toBe(input);
    expect(Object.isFrozen(result.config!.domain.layers[0])).toBe(true);
  });

  it("returns every problem at once, in document order, each with a pointer and a sentence", () => {
    const config = shop();
    config.units.push("userId");
    const main = config.domain.layers[0].slots[2].domain;
    main.layers[1].slots[0].experiment.status = "runing";
    main.layers[1].slots[0].experiment.colour = "x";
    main.layers[2].slots[0].ranges = [[0, 1200]];
    delete main.layers[3].slots[1].experiment.groups;
    main.layers[3].salt = "color";
    const result = validate(config);
    expect(result.ok).toBe(false);
    expect(result.config).toBeUndefined();
    expect(result.errors.map((p) => [p.pointer, p.code])).toEqual([
      ["/units/2", "duplicate-unit"],
      ["/domain/layers/0/slots/2/domain/layers/1/slots/0/experiment/status", "invalid-value"],
      ["/domain/layers/0/slots/2/domain/layers/1/slots/0/experiment/colour", "unknown-field"],
      ["/domain/layers/0/slots/2/domain/layers/2/slots/0/ranges/0", "range-outside-layer"],
      ["/domain/layers/0/slots/2/domain/layers/3/slots/1/experiment/groups", "missing-field"],
      // "salt" was added after "slots", and problems follow the document's order.
      ["/domain/layers/0/slots/2/domain/layers/3/salt", "shared-salt"],
    ]);
    const text = result.errors.map(formatProblem).join("\n");
    expect(text).toContain(`/domain/layers/0/slots/2/domain/layers/1/slots/0/experiment/status: must be one of "draft", "running", "paused" or "stopped" (got "runing") — did you mean "running"?`);
    expect(text).toContain(`"colour" is not a field of an experiment`);
    expect(text).toContain(`groups: the field "groups" is missing — add the groups, e.g.`);
    expect(text).toContain(`the layer has the default 1000 buckets, so ranges must stay within [0, 1000)`);
    for (const problem of result.errors) {
      expect(problem.severity).toBe("error");
      expect(problem.message.length).toBeGreaterThan(15);
    }
  });

  it("explains shape problems in words", () => {
    const messages = (json: unknown) => validate(json).errors.map(formatProblem);
    expect(messages(null)).toEqual(["(document): must be a Strata config (got null)"]);
    expect(messages({ ...small(), version: 2 })).toEqual(["/version: must be the config format version 1 (got 2)"]);
    expect(messages({ ...small(), units: ["user id"] })[0]).toContain(`a unit type name of letters, digits and "_" such as "userId"`);
    const schedule = small([{ ranges: [[0, 100]], experiment: { id: "e", schedule: { start: "2025-03-01" } } }]);
    expect(messages(schedule)[0]).toContain("with a time zone");
    const bothSlot = small([{ ranges: [[0, 100]], experiment: { id: "e" } }]);
    bothSlot.domain.layers[0].slots[0].domain = { id: "d", layers: [] };
    expect(messages(bothSlot)).toEqual([`/domain/layers/0/slots/0: a slot holds either an "experiment" or a "domain", not both — move one of them into a slot of its own`]);
  });

  it("says an array is not an object, instead of reading its indexes as fields", () => {
    const messages = (json: unknown) => validate(json).errors.map(formatProblem);
    expect(messages([])).toEqual(["(document): must be a Strata config: an object, not an array"]);
    expect(messages({ ...small(), domain: { id: "root", layers: [["x"]] } })).toEqual(["/domain/layers/0: must be a layer: an object, not an array"]);
    const schedule = small([{ ranges: [[0, 100]], experiment: { id: "e", schedule: [] as any } }]);
    expect(validate(schedule).errors.map((p) => [p.pointer, p.code])).toEqual([["/domain/layers/0/slots/0/experiment/schedule", "invalid-value"]]);
    expect(messages(schedule)[0]).toContain(`must be a schedule ({ "start"?, "end"? }): an object, not an array`);
  });

  it("counts string lengths in characters (code points), not UTF-16 units", () => {
    const emoji = "\u{1F600}";
    const fits = { ...small(), params: { color: emoji.repeat(LIMITS.stringLength), size: "m" } };
    expect(validate(fits).errors).toEqual([]);
    const description = { ...small(), domain: { ...small().domain, description: emoji.repeat(LIMITS.stringLength + 1) } };
    expect(validate(description).errors.map((p) => [p.pointer, p.code, p.message])).toEqual([
      ["/domain/description", "too-large", `a description string is ${LIMITS.stringLength + 1} characters long; the limit is ${LIMITS.stringLength}`],
    ]);
    const condition = small([{ ranges: [[0, 100]], experiment: { id: "e", conditions: { name: { $regex: `^${emoji.repeat(200)}$` } } } }]);
    expect(validate(condition).errors).toEqual([]);
  });

  it("throws nothing, even on arbitrary input", () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withMap: true, withSet: true, withDate: true, withNullPrototype: true, withSparseArray: true, withBoxedValues: true }), (value) => {
        const result = validate(value);
        expect(result.ok).toBe(false);
        expect(result.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
    fc.assert(fc.property(fc.jsonValue(), (value) => void validate(value)), { numRuns: 300 });
  });

  it("throws nothing on mutations of a real config", () => {
    const base = shop();
    const paths = pointers(base).filter((p) => p !== "");
    const replacement = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom(undefined, "", "__proto__", -1, 1.5, 1e9, [], {}, [[5, 1]], { type: "nope" }, { $regex: "(a+)+" }, "running", "x:y"),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...paths), replacement), { minLength: 1, maxLength: 4 }), (edits) => {
        const config = shop();
        for (const [pointer, value] of edits) setAt(config, pointer, value);
        const result = validate(config);
        expect(result.errors.every((p) => p.code !== "internal-error")).toBe(true);
        expect(result.ok === (result.errors.length === 0)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("is available as a Standard Schema", () => {
    const good = configStandardSchema["~standard"].validate(shop());
    expect("value" in good && good.value).toBeTruthy();
    const bad = configStandardSchema["~standard"].validate({ ...small(), units: [] }) as unknown as { issues: { path: string[] }[] };
    expect(bad.issues.map((issue) => issue.path)).toEqual([["units"]]);
  });

  it("does not repeat one malformed part as many problems", () => {
    expect(errorsOf({ ...small(), params: [] })).toEqual([["/params", "invalid-value"]]);
    expect(errorsOf({ ...small(), domain: { id: "root", layers: "none" } })).toEqual([["/domain/layers", "invalid-value"]]);
  });

  it("ConfigError lists every problem", () => {
    const error = new ConfigError(validate({ version: 1 }).errors);
    expect(error.message).toMatch(/^invalid Strata config \(3 errors\):\n {2}\/units: the field "units" is missing/);
    expect(error.problems).toHaveLength(3);
  });
});

describe("hostile input", () => {
  it("rejects __proto__, constructor and prototype keys anywhere", () => {
    const text = JSON.stringify(shop())
      .replace(`"button_color":"blue"`, `"button_color":{"__proto__":{"polluted":true}}`)
      .replace(`"version":1`, `"version":1,"constructor":{}`)
      .replace(`"id":"holdout"`, `"id":"holdout","prototype":1`);
    const result = validate(JSON.parse(text));
    expect(result.errors.map((p) => [p.pointer, p.code])).toEqual([
      ["/params/button_color/__proto__", "forbidden-key"],
      ["/domain/layers/0/slots/1/domain/prototype", "forbidden-key"],
      ["/constructor", "forbidden-key"],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(errorsOf({ ...small(), params: JSON.parse(`{"color":"blue","size":"m","__proto__":"x"}`) })).toEqual([["/params/__proto__", "forbidden-key"]]);
  });

  it("rejects ids that are prototype keys", () => {
    const config = small([{ ranges: [[0, 100]], experiment: { id: "constructor" } }]);
    expect(codes(validate(config).errors)).toEqual(["invalid-value"]);
  });

  it("bounds depth and size with clear errors", () => {
    let deep: unknown = 1;
    for (let i = 0; i < LIMITS.documentDepth + 5; i++) deep = [deep];
    const config = { ...small(), params: { color: deep, size: "m" } };
    const [problem] = validate(config).errors;
    expect(problem!.code).toBe("document-too-deep");
    expect(problem!.message).toContain(`more than ${LIMITS.documentDepth} deep`);

    const huge = new Array(LIMITS.documentValues + 1).fill(0);
    expect(codes(validate({ ...small(), params: { color: huge } }).errors)).toEqual(["document-too-large"]);

    const longId = small([{ ranges: [[0, 10]], experiment: { id: "x".repeat(LIMITS.idLength + 1) } }]);
    expect(validate(longId).errors[0]!.message).toBe(`the id is ${LIMITS.idLength + 1} characters long; the limit is ${LIMITS.idLength}`);

    const manySlots = small(Array.from({ length: LIMITS.slotsPerLayer + 1 }, () => ({ ranges: [] as [number, number][], experiment: undefined })));
    expect(validate(manySlots).errors.find((p) => p.code === "too-large")?.message).toBe(`the slot list has ${LIMITS.slotsPerLayer + 1} entries; the limit is ${LIMITS.slotsPerLayer}`);

    const longString = { ...small(), params: { color: "x".repeat(LIMITS.stringLength + 1), size: "m" } };
    expect(codes(validate(longString).errors)).toEqual(["invalid-value"]);
  });

  it("limits experiments per config and domain nesting", () => {
    let domain: any = { id: "leaf", layers: [] };
    for (let depth = LIMITS.domainDepth + 1; depth > 0; depth--) {
      domain = { id: `d${depth}`, layers: [{ id: `l${depth}`, params: ["color", "size"], slots: [{ ranges: [[0, 1000]], domain }] }] };
    }
    const nested = { version: 1, units: ["u"], params: { color: 1, size: 2 }, domain: { ...domain, id: "root" } };
    expect(codes(validate(nested).errors)).toContain("domain-too-deep");
  });

  it("limits the buckets of all layers together, nested domains included", () => {
    // Nine layers of a million buckets under a root layer of 1000, and a default-sized layer nested beside them.
    const big = (id: string, buckets: number = LIMITS.buckets) => ({ id, buckets, params: [], slots: [] });
    const nested = { id: "wide", layers: [...Array.from({ length: 9 }, (_, i) => big(`big${i}`)), { id: "small", params: [], slots: [] }] };
    const config: any = { version: 1, units: ["userId"], params: {}, domain: { id: "root", layers: [{ id: "top", params: [], slots: [{ ranges: [[0, 1000]], domain: nested }] }] } };
    expect(validate(config).ok).toBe(true); // 9,002,000 buckets
    nested.layers.push(big("big9")); // 10,002,000
    const result = validate(config);
    expect(result.errors.map((p) => [p.pointer, p.code])).toEqual([["/domain/layers/0/slots/0/domain/layers/10/buckets", "too-many-buckets"]]);
    expect(result.errors[0]!.message).toBe(
      `with this layer the layers have 10002000 buckets together; the limit is ${LIMITS.totalBuckets} for the whole config ` +
        `(the engine keeps about 4 bytes per bucket of every layer) — give layers fewer "buckets" (the default 1000 moves traffic in steps of 0.1%) or remove layers you no longer use`,
    );
    // A default-sized layer that crosses the limit is named by its own pointer; the error is reported once.
    nested.layers.splice(10, 1, big("big9", LIMITS.buckets - 2000), { id: "last", params: [], slots: [] }, { id: "after", params: [], slots: [] });
    expect(validate(config).errors.map((p) => [p.pointer, p.code])).toEqual([["/domain/layers/0/slots/0/domain/layers/11", "too-many-buckets"]]);
  });

  it("accepts a config exactly when its layers have at most LIMITS.totalBuckets buckets together", () => {
    const sizes = fc.array(fc.option(fc.integer({ min: 1, max: LIMITS.buckets }), { nil: undefined }), { maxLength: 30 });
    fc.assert(
      fc.property(sizes, (buckets) => {
        const layers = buckets.map((size, i) => ({ id: `l${i}`, ...(size === undefined ? {} : { buckets: size }), params: [], slots: [] }));
        const total = buckets.reduce<number>((sum, size) => sum + (size ?? 1000), 0);
        const result = validate({ version: 1, units: ["userId"], params: {}, domain: { id: "root", layers } });
        expect(result.ok).toBe(total <= LIMITS.totalBuckets);
        expect(codes(result.errors)).toEqual(total <= LIMITS.totalBuckets ? [] : ["too-many-buckets"]);
      }),
      { numRuns: 300 },
    );
  });

  it("never calls or evaluates anything in the input", () => {
    let called = false;
    const sneaky = {
      ...small(),
      get params() {
        called = true;
        return { color: "blue", size: "m" };
      },
      units: { toString: () => "userId", length: 1, 0: "userId" },
    };
    const result = validate(sneaky);
    expect(called).toBe(true); // a getter is read once, as a value
    expect(result.errors.map((p) => [p.pointer, p.code])).toEqual([
      ["/units", "invalid-value"],
      ["/units/toString", "not-json"],
    ]);
    const cyclic: any = small();
    cyclic.domain.layers[0].self = cyclic;
    expect(codes(validate(cyclic).errors)).toEqual(["not-json"]);
    expect(codes(validate({ ...small(), params: { color: new Date(0), size: () => 1 } }).errors)).toEqual(["not-json", "not-json"]);
    const throwing = new Proxy({}, { ownKeys: () => { throw new Error("nope"); } });
    expect(codes(validate(throwing).errors)).toEqual(["not-json"]);
    expect(codes(validate({ ...small(), params: { color: Number.NaN, size: 1n } }).errors)).toEqual(["not-json", "not-json"]);
  });
});
