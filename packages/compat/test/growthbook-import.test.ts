import { LIMITS } from "@strata/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importGrowthBook, ImportError } from "../src/index.ts";
import { engineFor, validateImported } from "./support/engine.ts";
import { example, golden } from "./support/examples.ts";
import { IDS } from "./support/ids.ts";
import { goOffline, type OfflineReport } from "./support/offline.ts";
import { growthbookOracle } from "./support/oracles.ts";

const payload = example("growthbook-features.json");
const imported = importGrowthBook(payload);

let stopGuard: () => OfflineReport;
beforeAll(() => {
  stopGuard = goOffline();
});
afterAll(() => expect(stopGuard()).toEqual({ network: [], console: 0 }));

/** GrowthBook attributes for the i-th user: the id, a device id, and targeting attributes (some missing or null). */
function attributesOf(id: string, i: number): Record<string, unknown> {
  const attributes: Record<string, unknown> = { id };
  if (i % 9 !== 4) attributes.deviceId = `device-${IDS[(i * 7919) % IDS.length]}`;
  const country = ["US", "CA", "DE", undefined, null, "US"][i % 6];
  const age = [17, 18, 40, undefined, 65][(i >> 1) % 5];
  const beta = [true, false, undefined][(i >> 2) % 3];
  if (country !== undefined) attributes.country = country;
  if (age !== undefined) attributes.age = age;
  if (beta !== undefined) attributes.beta = beta;
  return attributes;
}

describe("importGrowthBook on the sample payload", () => {
  it("writes the config in examples/growthbook.strata.json", () => {
    expect(imported.config).toEqual(golden("growthbook.strata.json", imported.config));
  });

  it("lists what it cannot express, with pointers into the payload", () => {
    expect(imported.unsupported.map((issue) => issue.pointer)).toEqual([
      "/features/checkout-v3/rules/0/parentConditions",
      "/features/two-experiments",
      "/features/mobile-only/rules/0/condition/appVersion/$vgte",
    ]);
  });

  it("is a valid Strata config (@strata/config validate, compat segmenters registered)", () => {
    const result = validateImported(imported.config);
    expect(result.errors).toEqual([]);
  });

  it("validates with the compat:* type names themselves", () => {
    expect(validateImported(imported.config).ok).toBe(true);
  });

  it(`gives every imported feature evalFeature's value on ${IDS.length} users with varied attributes`, () => {
    const sdk = growthbookOracle(payload.features);
    const engine = engineFor(imported.config);
    const features = Object.keys(imported.config.params);
    const mismatches: string[] = [];
    const nonDefault: Record<string, number> = {};
    IDS.forEach((id, i) => {
      const attributes = attributesOf(id, i);
      const { params } = engine.decide({ units: { id, deviceId: attributes.deviceId as string | undefined }, attributes });
      for (const key of features) {
        const expected = JSON.stringify(sdk.feature(key, attributes));
        if (expected !== JSON.stringify(payload.features[key].defaultValue)) nonDefault[key] = (nonDefault[key] ?? 0) + 1;
        if (JSON.stringify(params[key]) !== expected) mismatches.push(`${key} ${JSON.stringify(attributes)}: strata ${JSON.stringify(params[key])}, growthbook ${expected}`);
      }
    });
    sdk.close();
    expect(mismatches.slice(0, 10)).toEqual([]);
    // Every imported feature gives non-default values to some users, so the comparison is not vacuous.
    expect(Object.keys(nonDefault).sort()).toEqual([...features].sort());
  });
});

describe("conditions: GrowthBook's loose semantics for typed and missing attributes", () => {
  const conditions: Record<string, unknown>[] = [
    { x: { $lt: 5 } },
    { x: { $gt: -2, $lt: 10 } },
    { x: 0 },
    { s: "null" },
    { s: { $in: ["US", null] } },
    { s: { $nin: ["US", "abc"] } },
    { s: { $regex: "^nu" } },
    { s: { $exists: true }, x: { $ne: null } },
    { $nor: [{ f: true }, { x: { $gte: 5 } }] },
    { $or: [{ f: false }, { $not: { s: { $regex: "b" } } }] },
    { s: { $not: { $in: ["abc"] } }, x: { $lte: 3 } },
    { s: { $gte: "b" } },
    { s: { $eq: null } },
    { f: false },
    { $and: [{ x: { $exists: false } }, { s: { $ne: "US" } }] },
  ];
  const features = Object.fromEntries(conditions.map((condition, i) => [`c${i}`, { defaultValue: "off", rules: [{ condition, force: "on" }] }]));
  const values = { x: [undefined, null, -1, 0, 3, 5, 10], s: [undefined, null, "", "abc", "null", "nullx", "US", "b"], f: [undefined, null, true, false] };

  it("match evalFeature on every combination of missing, null and typed values", () => {
    const sdk = growthbookOracle(features as never);
    const { config, unsupported } = importGrowthBook({ features });
    expect(unsupported).toEqual([]);
    const engine = engineFor(config);
    const mismatches: string[] = [];
    const on = conditions.map(() => 0);
    let combos = 0;
    for (const x of values.x) for (const s of values.s) for (const f of values.f) {
      const attributes = Object.fromEntries(Object.entries({ x, s, f }).filter(([, v]) => v !== undefined));
      const { params } = engine.decide({ units: { id: "u" }, attributes });
      combos++;
      conditions.forEach((condition, i) => {
        const expected = sdk.feature(`c${i}`, attributes);
        if (expected === "on") on[i]! += 1;
        if (params[`c${i}`] !== expected) mismatches.push(`${JSON.stringify(condition)} ${JSON.stringify(attributes)}: strata ${String(params[`c${i}`])}, growthbook ${String(expected)}`);
      });
    }
    sdk.close();
    expect(mismatches.slice(0, 10)).toEqual([]);
    expect(on.filter((count) => count === 0 || count === combos)).toEqual([]);
  });

  it(`notes that $regex reads values up to ${LIMITS.regexSubjectLength} characters, which is where it parts from GrowthBook`, () => {
    const regexFeatures = { r: { defaultValue: "off", rules: [{ condition: { s: { $regex: "b" } }, force: "on" }] }, e: { defaultValue: "off", rules: [{ condition: { s: "b" }, force: "on" }] } };
    const { config, notes } = importGrowthBook({ features: regexFeatures });
    expect(notes.find((note) => note.pointer === "/features/r/rules/0/condition")!.reason).toContain(`$regex reads string values up to ${LIMITS.regexSubjectLength} characters`);
    expect(notes.find((note) => note.pointer === "/features/e/rules/0/condition")!.reason).not.toContain("$regex");
    const sdk = growthbookOracle(regexFeatures as never);
    const engine = engineFor(config);
    const at = (s: string) => [engine.decide({ units: { id: "u" }, attributes: { s } }).params.r, sdk.feature("r", { s })];
    expect(at("b".repeat(LIMITS.regexSubjectLength))).toEqual(["on", "on"]);
    expect(at("b".repeat(LIMITS.regexSubjectLength + 1))).toEqual(["off", "on"]); // the documented difference
    sdk.close();
  });

  it("lists operators without a Strata equivalent", () => {
    const { unsupported } = importGrowthBook({ features: { f: { defaultValue: 1, rules: [{ condition: { tags: { $elemMatch: { $eq: "a" } } }, force: 2 }] } } });
    expect(unsupported).toEqual([{ pointer: "/features/f/rules/0/condition/tags/$elemMatch", reason: `feature "f" is not imported: its condition cannot be expressed: the GrowthBook operator $elemMatch has no exact Strata equivalent` }]);
  });
});

describe("weights GrowthBook accepts although some lie outside [0, 1]", () => {
  const rule = (key: string, weights: number[], extra: Record<string, unknown> = {}) => ({
    defaultValue: "default",
    rules: [{ key, variations: weights.map((_, i) => `v${i}`), weights, hashVersion: 2, ...extra }],
  });
  const features = {
    "first-over": rule("first-over", [1.2, -0.2]),
    "middle-negative": rule("middle-negative", [0.6, -0.2, 0.6], { coverage: 0.7 }),
    "first-negative": rule("first-negative", [-0.5, 1.5]),
    "sum-1005": rule("sum-1005", [1.005, 0], { hashVersion: 1 }),
    ignored: rule("ignored", [1.5, 0.5]),
  };

  it(`are imported as the ranges GrowthBook computes from them: evalFeature's values on ${IDS.length} users`, () => {
    const { config, unsupported, notes } = importGrowthBook({ features });
    expect(unsupported).toEqual([]);
    expect(validateImported(config).errors).toEqual([]);
    // Only the weights summing to 2 are ignored (equal weights), and only they are said to be.
    expect(notes.filter((note) => note.reason.includes("ignores these weights")).map((note) => note.pointer)).toEqual(["/features/ignored/rules/0/weights"]);
    const sdk = growthbookOracle(features as never);
    const engine = engineFor(config);
    const mismatches: string[] = [];
    const seen = new Set<string>();
    for (const id of IDS) {
      const { params } = engine.decide({ units: { id }, attributes: { id } });
      // The SDK logs an error for each evaluation of ignored weights; equal weights are checked elsewhere.
      for (const key of Object.keys(features).filter((name) => name !== "ignored")) {
        const expected = sdk.feature(key, { id });
        seen.add(`${key}=${String(expected)}`);
        if (params[key] !== expected) mismatches.push(`${key} ${id}: strata ${String(params[key])}, growthbook ${String(expected)}`);
      }
    }
    sdk.close();
    expect(mismatches.slice(0, 10)).toEqual([]);
    // [1.2, -0.2] puts everyone in v0; [0.6, -0.2, 0.6] at coverage 0.7 uses v0, v2 and nobody.
    expect([...seen].filter((value) => value.startsWith("first-over") || value.startsWith("middle-negative")).sort()).toEqual([
      "first-over=v0",
      "middle-negative=default",
      "middle-negative=v0",
      "middle-negative=v2",
    ]);
  });
});

describe("rule shapes", () => {
  it("drops rules GrowthBook can never match, with a note", () => {
    const { config, notes } = importGrowthBook({
      features: {
        f: {
          defaultValue: "a",
          rules: [{ key: "one", variations: ["x"] }, { force: "b", coverage: 0 }, { force: "c" }, { key: "late", variations: ["a", "z"] }],
        },
      },
    });
    expect(notes.map((n) => n.pointer)).toEqual(["/features/f/rules/0", "/features/f/rules/1", "/features/f/rules/3"]);
    expect(config.domain.layers.map((l) => [l.id, l.slots.length])).toEqual([["f.launch", 1], ["growthbook.defaults", 0]]);
  });

  it("lists values Strata documents may not hold, and renames hash attributes that are not unit names", () => {
    const { config, unsupported, notes } = importGrowthBook({
      features: {
        bad: { defaultValue: JSON.parse(`{ "__proto__": { "x": 1 } }`) },
        dotted: { defaultValue: 0, rules: [{ key: "d", hashAttribute: "user.id", variations: [1, 2], hashVersion: 2 }] },
      },
    });
    expect(unsupported).toEqual([{ pointer: "/features/bad/defaultValue", reason: `feature "bad" is not imported: the value holds the key "__proto__", which Strata documents may not contain` }]);
    expect(config.units).toEqual(["id", "user_id"]);
    expect(notes).toContainEqual({ pointer: "/features/dotted/rules/0", reason: `hash attribute "user.id" is the unit type "user_id": pass its value as units.user_id` });
    expect(validateImported(config).errors).toEqual([]);
  });

  it("accepts the bare features map as well as the payload", () => {
    expect(importGrowthBook({ f: { defaultValue: 1 } }).config.params).toEqual({ f: 1 });
    expect(importGrowthBook({ f: { rules: [{ force: 2 }] } }).unsupported).toEqual([]);
    expect(() => importGrowthBook({ encryptedFeatures: "abc" })).toThrow(ImportError);
  });

  it("says a document with a version and experiments looks like an Optimizely datafile", () => {
    expect(() => importGrowthBook(example("optimizely-datafile.json"))).toThrow(/\(got undefined\); it has "\/version" and "\/experiments", as an Optimizely datafile has: import it as one$/);
  });

  it("drops an experiment rule with coverage 0, which takes nobody, with a note, so the experiment after it is imported: evalFeature's values", () => {
    const features = {
      "cta-text": { defaultValue: "Buy", rules: [{ key: "cta-old", variations: ["Buy", "Order"], coverage: 0, hashVersion: 2 }, { key: "cta-new", variations: ["Buy", "Get it"], hashVersion: 2 }] },
      "null-coverage": { defaultValue: "a", rules: [{ key: "nul", variations: ["b", "c"], coverage: null, hashVersion: 2 }] },
      "odd-weights": { defaultValue: "a", rules: [{ key: "odd", variations: ["b", "c"], weights: [1.2, -0.2], coverage: 0 }, { key: "next", variations: ["e", "f"] }] },
    };
    const { config, unsupported, notes } = importGrowthBook({ features });
    expect(unsupported).toEqual([]);
    expect(validateImported(config).errors).toEqual([]);
    const dropped = notes.filter((note) => note.reason.includes("puts nobody in the experiment"));
    expect(dropped.map((note) => note.pointer)).toEqual(["/features/cta-text/rules/0", "/features/null-coverage/rules/0", "/features/odd-weights/rules/0"]);
    expect(dropped[0]!.reason).toBe("coverage 0 puts nobody in the experiment (every variation's range is empty); not imported");
    expect(config.domain.layers.map((layer) => layer.id)).toEqual(["cta-text.layer", "odd-weights.layer", "growthbook.defaults"]);
    const sdk = growthbookOracle(features as never);
    const engine = engineFor(config);
    const mismatches: string[] = [];
    const seen = new Set<string>();
    for (const id of IDS) {
      const { params } = engine.decide({ units: { id }, attributes: { id } });
      for (const key of Object.keys(features)) {
        const expected = sdk.feature(key, { id });
        seen.add(`${key}=${String(expected)}`);
        if (params[key] !== expected) mismatches.push(`${key} ${id}: strata ${String(params[key])}, growthbook ${String(expected)}`);
      }
    }
    sdk.close();
    expect(mismatches.slice(0, 10)).toEqual([]);
    expect([...seen].sort()).toEqual(["cta-text=Buy", "cta-text=Get it", "null-coverage=a", "odd-weights=e", "odd-weights=f"]);
    // A negative coverage is 0 to GrowthBook too (it clamps it, and logs an error on every evaluation, so the SDK is not asked here).
    const negative = importGrowthBook({ features: { f: { defaultValue: "a", rules: [{ key: "neg", variations: ["b", "c"], coverage: -0.5 }, { force: "d", coverage: 0.5 }] } } });
    expect(negative.notes.map((note) => `${note.pointer}: ${note.reason}`)).toEqual(["/features/f/rules/0: coverage -0.5 is 0 to GrowthBook, which then puts nobody in the experiment (every variation's range is empty); not imported"]);
    expect(negative.config.domain.layers.map((layer) => layer.id)).toEqual(["f.launch", "growthbook.defaults"]);
  });
});

describe("documents that are not an SDK payload", () => {
  it("lists keys of a feature that the SDK does not read, each with its pointer, and imports the rest of the feature", () => {
    const { config, unsupported } = importGrowthBook({ features: { f: { defaultValue: 1, status: "active", environments: { production: {} } }, g: { defaultValue: 2 } } });
    expect(unsupported).toEqual([
      { pointer: "/features/f/status", reason: `feature "f": "status" is not a key of a GrowthBook SDK feature (it has "defaultValue", "rules" and "metadata"), so neither the SDK nor the import reads it` },
      {
        pointer: "/features/f/environments",
        reason: `feature "f": "environments" is not a key of a GrowthBook SDK feature (it has "defaultValue", "rules" and "metadata"), so neither the SDK nor the import reads it — this looks like GrowthBook's REST API answer: import the SDK payload (GET /api/features/<client key>) instead`,
      },
    ]);
    expect(config.params).toEqual({ f: 1, g: 2 });
  });

  it("imports a payload whose features and rules carry metadata (project, tags), as the SDK endpoint sends it, with nothing unsupported", () => {
    const payload = {
      status: 200,
      features: {
        "checkout-button": {
          defaultValue: "blue",
          metadata: { projects: ["shop"], tags: ["ui"], customFields: { owner: "team-a" } },
          rules: [{ key: "checkout-test", variations: ["blue", "green"], weights: [0.5, 0.5], metadata: { experimentName: "Checkout test" } }],
        },
      },
      experiments: [],
      dateUpdated: "2026-11-01T00:00:00Z",
    };
    const { config, unsupported } = importGrowthBook(payload);
    expect(unsupported).toEqual([]);
    expect(config.params).toEqual({ "checkout-button": "blue" });
  });

  it("GrowthBook's REST answer for one feature is not read as a feature without rules: its environments are listed", () => {
    const rest = { feature: { id: "dark-mode", valueType: "boolean", defaultValue: "false", environments: { production: { enabled: true, rules: [{ type: "rollout", value: "true", coverage: 0.5 }] } } } };
    const { unsupported } = importGrowthBook(rest);
    expect(unsupported.map((issue) => issue.pointer)).toEqual(["/feature/id", "/feature/valueType", "/feature/environments"]);
  });

  it("refuses an entry of a bare features map with neither defaultValue nor rules, saying where the features may be", () => {
    const wrapped = { payload: { status: 200, features: { "dark-mode": { defaultValue: false, rules: [{ force: true, coverage: 0.5, hashVersion: 2 }] } } } };
    const { config, unsupported } = importGrowthBook(wrapped);
    expect(unsupported).toEqual([
      {
        pointer: "/payload",
        reason: `feature "payload" is not imported: it has neither "defaultValue" nor "rules", so it is not a feature — it holds "features" at "/payload/features": import the object at "/payload" (an SDK payload { "features": … }) instead`,
      },
    ]);
    expect(config.params).toEqual({});
    expect(importGrowthBook({ settings: { theme: "dark" }, f: { defaultValue: 1 } }).unsupported).toEqual([
      {
        pointer: "/settings",
        reason: `feature "settings" is not imported: it has neither "defaultValue" nor "rules", so it is not a feature — is this document an SDK payload { "features": { … } } or its features map?`,
      },
    ]);
    // In a payload a feature without either is valid: its value is null.
    expect(importGrowthBook({ features: { f: {} } })).toMatchObject({ config: { params: { f: null } }, unsupported: [] });
  });
});
