import { LIMITS } from "@strata/config";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importOptimizely, ImportError } from "../src/index.ts";
import { engineFor, validateImported } from "./support/engine.ts";
import { example, golden } from "./support/examples.ts";
import { IDS } from "./support/ids.ts";
import { goOffline, type OfflineReport } from "./support/offline.ts";
import { optimizelyOracle } from "./support/oracles.ts";
import { optimizelyDatafile, optimizelyExperiment } from "./support/optimizely-datafile.ts";

const datafile = example("optimizely-datafile.json");
const imported = importOptimizely(datafile);

let stopGuard: () => OfflineReport;
beforeAll(() => {
  stopGuard = goOffline();
});
afterAll(() => expect(stopGuard().network).toEqual([]));

/** Request attributes that exercise the audiences: matching, non-matching, missing and wrongly typed values. */
function attributesOf(i: number): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  const country = ["DE", "AT", "CH", "US", undefined, 7, null][i % 7];
  const plan = ["free", "pro", undefined, null, true][i % 5];
  const age = [17, 18, 40, "40", undefined, 2 ** 60, 18.5][i % 7 === 3 ? 2 : (i >> 2) % 7];
  if (country !== undefined) attributes.country = country;
  if (plan !== undefined) attributes.plan = plan;
  if (age !== undefined) attributes.age = age;
  if (i % 11 === 0) attributes.$opt_bucketing_id = `household-${i % 97}`;
  return attributes;
}

describe("importOptimizely on the sample datafile", () => {
  it("writes the config in examples/optimizely.strata.json", () => {
    expect(imported.config).toEqual(golden("optimizely.strata.json", imported.config));
  });

  it("lists what it cannot express, with pointers into the datafile", () => {
    expect(imported.unsupported.map((issue) => issue.pointer)).toEqual(["/experiments/4", "/featureFlags/0", "/rollouts/0"]);
    expect(imported.unsupported[0]!.reason).toMatch(/app_upsell.*\/typedAudiences\/2\/conditions\/1.*semver_ge/);
  });

  it("notes renamed ids, ignored forced variations and translated audiences", () => {
    const notes = imported.notes.map((note) => `${note.pointer}: ${note.reason}`).join("\n");
    expect(notes).toContain(`/experiments/0/forcedVariations/qa-bob: forced variation "no-such-variation" does not exist`);
    expect(notes).toContain(`/experiments/1: experiment "pricing_page": audiences translated`);
    expect(notes).toContain(`/experiments/1/variations/2/key: experiment "pricing_page": variation "annual discount" is the group "annual_discount" in Strata`);
    expect(imported.config.domain.layers.find((l) => l.id === "pricing_page.layer")!.slots[0]!.experiment!.groups[2]).toEqual({
      id: "annual_discount",
      description: `Optimizely variation "annual discount"`,
      params: { pricing_page: "annual discount" },
    });
  });

  it("is a valid Strata config (@strata/config validate, compat segmenters registered)", () => {
    const result = validateImported(imported.config);
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("validates with the compat:* type names themselves", () => {
    expect(validateImported(imported.config).ok).toBe(true);
  });

  it(`decides like getVariation for every imported experiment on ${IDS.length} users with varied attributes`, () => {
    const sdk = optimizelyOracle(datafile);
    const engine = engineFor(imported.config);
    const experiments = imported.config.domain.layers.map((layer) => layer.params[0]!);
    const users = [...IDS, "qa-anna", "qa-bob"];
    const mismatches: string[] = [];
    const inExperiment: Record<string, number> = {};
    users.forEach((userId, i) => {
      const attributes = attributesOf(i);
      const { params } = engine.decide({ units: { userId }, attributes });
      for (const key of experiments) {
        const expected = sdk.variation(key, userId, attributes);
        if (expected !== null) inExperiment[key] = (inExperiment[key] ?? 0) + 1;
        if (params[key] !== expected) mismatches.push(`${key} ${JSON.stringify(userId)} ${JSON.stringify(attributes)}: strata ${String(params[key])}, optimizely ${expected}`);
      }
    });
    sdk.close();
    expect(mismatches.slice(0, 10)).toEqual([]);
    // Every running experiment took units (the paused one none), so the comparison is not vacuous.
    expect(Object.keys(inExperiment).sort()).toEqual(["checkout_flow", "font_size", "hero_banner", "onboarding", "pricing_page", "search_ranking"]);
  });
});

describe("audiences: Optimizely's three-valued logic as Strata conditions", () => {
  const leaf = (name: string, match: string | undefined, value: unknown) => ({ type: "custom_attribute", name, ...(match ? { match } : {}), value });
  const audiences = [
    { id: "a1", conditions: ["and", leaf("n", "gt", 5), ["not", leaf("s", "substring", "x.y")]] },
    { id: "a2", conditions: ["or", ["not", leaf("b", "exact", true)], leaf("n", "le", 2)] },
    { id: "a3", conditions: ["not", ["or", leaf("s", undefined, "abc"), leaf("e", "exists", null)]] },
    { id: "a4", conditions: ["and", leaf("n", "exact", 3), leaf("m", "unknown_match", 1)] },
    { id: "a5", conditions: ["or", leaf("n", "lt", 2 ** 60), leaf("s", "exact", null), ["or"], ["and", ["and"], leaf("n", "lt", 3)]] },
  ];
  const trees: unknown[] = [["or", "a1"], ["and", "a2", ["not", "a3"]], ["not", "a4"], ["or", "a5", "missing-audience"], ["not", ["or", "a1", "a3"]], ["a2", "a3"]];
  const experiments = trees.map((tree, i) => optimizelyExperiment(`${900 + i}`, `aud_${i}`, [["on", 10000]], { audienceConditions: tree, audienceIds: [] }));
  const file = optimizelyDatafile(experiments, [], { typedAudiences: audiences });
  const values = { n: [undefined, null, 1, 2, 3, 5, 6, "6", 2 ** 54, Number.NaN], s: [undefined, "abc", "ax.yb", "axyb", 4], b: [undefined, true, false, "true"], e: [undefined, null, 0, ""], m: [undefined, 1] };

  it("match the SDK on every combination of missing, wrongly typed, matching and failing attributes", () => {
    const sdk = optimizelyOracle(file);
    const { config, unsupported } = importOptimizely(file);
    expect(unsupported).toEqual([]);
    const engine = engineFor(config);
    const mismatches: string[] = [];
    let combos = 0;
    const admitted = trees.map(() => 0);
    for (const n of values.n) for (const s of values.s) for (const b of values.b) for (const e of values.e) for (const m of values.m) {
      const attributes = Object.fromEntries(Object.entries({ n, s, b, e, m }).filter(([, v]) => v !== undefined));
      const { params } = engine.decide({ units: { userId: "u" }, attributes });
      combos++;
      trees.forEach((_, i) => {
        const expected = sdk.variation(`aud_${i}`, "u", attributes);
        if (expected !== null) admitted[i]! += 1;
        if (params[`aud_${i}`] !== expected) mismatches.push(`aud_${i} ${JSON.stringify(attributes)}: strata ${String(params[`aud_${i}`])}, optimizely ${expected}`);
      });
    }
    sdk.close();
    expect(combos).toBe(1600);
    // Each tree admits some combinations and rejects others.
    expect(admitted.filter((count) => count === 0 || count === combos)).toEqual([]);
    expect(mismatches.slice(0, 10)).toEqual([]);
  });
});

describe("audience lists whose first element is not an operator, read as the SDK's condition_tree_evaluator reads them", () => {
  const leaf = (name: string, value: unknown) => ({ type: "custom_attribute", name, match: "exact", value });
  const audiences = [
    // A leaf first: it is skipped, the rest is an "or".
    { id: "skips-leaf", conditions: [leaf("country", "DE"), leaf("plan", "pro")] },
    // A nested list first: skipped too.
    { id: "skips-list", conditions: [["or", leaf("country", "DE")], leaf("plan", "pro"), leaf("beta", true)] },
    // A single leaf in a list: nothing is left, an empty "or" is false.
    { id: "empty-or", conditions: [leaf("country", "DE")] },
    // A string first that is no operator: an implicit "or" of everything.
    { id: "implicit-or", conditions: ["any", leaf("country", "DE"), leaf("plan", "pro")] },
  ];
  // The experiments' own trees follow the same rules: ["skips-leaf"] is an implicit "or", a list first is skipped.
  const trees: unknown[] = [["skips-leaf"], ["skips-list"], ["or", "empty-or", "implicit-or"], [["skips-leaf"], "implicit-or"], ["not", "skips-leaf"]];
  const file = optimizelyDatafile(
    trees.map((tree, i) => optimizelyExperiment(`${800 + i}`, `first_${i}`, [["on", 10000]], { audienceConditions: tree, audienceIds: [] })),
    [],
    { typedAudiences: audiences },
  );

  it("match getVariation on every combination of the attributes (the reviewer's case: country DE, plan free is not admitted)", () => {
    const sdk = optimizelyOracle(file);
    const { config, unsupported } = importOptimizely(file);
    expect(unsupported).toEqual([]);
    const engine = engineFor(config);
    const mismatches: string[] = [];
    for (const country of [undefined, "DE", "FR", 3]) for (const plan of [undefined, "pro", "free"]) for (const beta of [undefined, true, false]) {
      const attributes = Object.fromEntries(Object.entries({ country, plan, beta }).filter(([, v]) => v !== undefined));
      const { params } = engine.decide({ units: { userId: "u" }, attributes });
      trees.forEach((_, i) => {
        const expected = sdk.variation(`first_${i}`, "u", attributes);
        if (params[`first_${i}`] !== expected) mismatches.push(`first_${i} ${JSON.stringify(attributes)}: strata ${String(params[`first_${i}`])}, optimizely ${expected}`);
      });
    }
    expect(sdk.variation("first_0", "u", { country: "DE", plan: "free" })).toBeNull();
    sdk.close();
    expect(mismatches.slice(0, 10)).toEqual([]);
  });
});

describe("traffic allocations the SDK reads in its own way", () => {
  it("an experiment whose allocation gives no variation traffic is listed, and declares no parameter", () => {
    const file = optimizelyDatafile([
      optimizelyExperiment("1", "live", [["a", 5000], ["b", 10000]]),
      optimizelyExperiment("2", "not_started", [["a", 10000]], { status: "Not started", trafficAllocation: [] }),
    ]);
    const { config, unsupported } = importOptimizely(file);
    expect(unsupported).toEqual([{ pointer: "/experiments/1", reason: `experiment "not_started" is not imported: it gives no variation any traffic (nobody is bucketed into it) and whitelists no user; nothing to import` }]);
    expect(config.params).toEqual({ live: null });
    expect(validateImported(config).errors).toEqual([]);
    expect(() => engineFor(config)).not.toThrow();
  });

  for (const [name, trafficAllocation] of [
    ["an empty allocation", []],
    ["only ranges without a variation", [{ entityId: "", endOfRange: 10000 }]],
  ] as const) {
    it(`a running experiment with ${name} and a whitelist gives whitelisted users their variation and nobody else one, as getVariation`, () => {
      const experiment = optimizelyExperiment("501", "new_checkout", [["control", 0], ["treatment", 0]], {
        trafficAllocation,
        forcedVariations: { "qa-anna": "treatment", "qa-ben": "control", "qa-carl": "no-such-variation" },
      });
      const file = optimizelyDatafile([experiment]);
      const { config, unsupported, notes } = importOptimizely(file);
      expect(unsupported).toEqual([]);
      expect(notes.map((note) => note.pointer)).toContain("/experiments/0");
      expect(validateImported(config).errors).toEqual([]);
      expect(config.domain.layers[0]!.slots[0]!.experiment!.segmenter).toMatchObject({ trafficAllocation: [{ group: "control", endOfRange: 0 }] });
      const sdk = optimizelyOracle(file);
      const engine = engineFor(config);
      const users = [...IDS.slice(0, 2000), "qa-anna", "qa-ben", "qa-carl"];
      const decided = users.map((userId) => [userId, engine.decide({ units: { userId } }).params.new_checkout]);
      expect(decided).toEqual(users.map((userId) => [userId, sdk.variation("new_checkout", userId)]));
      expect(decided.slice(-3)).toEqual([["qa-anna", "treatment"], ["qa-ben", "control"], ["qa-carl", null]]);
      sdk.close();
    });
  }

  it("an experiment without traffic whose whitelist names no existing variation is listed, as one without a whitelist", () => {
    const file = optimizelyDatafile([
      optimizelyExperiment("1", "live", [["a", 5000], ["b", 10000]]),
      optimizelyExperiment("2", "qa_only", [["a", 10000]], { trafficAllocation: [], forcedVariations: { "qa-1": "missing" } }),
    ]);
    const { config, unsupported } = importOptimizely(file);
    expect(unsupported).toEqual([{ pointer: "/experiments/1", reason: `experiment "qa_only" is not imported: it gives no variation any traffic (nobody is bucketed into it) and whitelists no user; nothing to import` }]);
    expect(config.params).toEqual({ live: null });
  });

  it("a random group with an empty allocation lets nobody in, except whitelisted users, as getVariation", () => {
    const member = optimizelyExperiment("1", "in_group", [["a", 10000]], { forcedVariations: { "qa-1": "a" } });
    const file = optimizelyDatafile([], [{ id: "77", policy: "random", trafficAllocation: [], experiments: [member] }]);
    const { config, unsupported, notes } = importOptimizely(file);
    expect(unsupported).toEqual([]);
    expect(notes.map((note) => note.pointer)).toContain("/groups/0/experiments/0");
    expect(validateImported(config).errors).toEqual([]);
    const sdk = optimizelyOracle(file);
    const engine = engineFor(config);
    const users = [...IDS.slice(0, 2000), "qa-1"];
    const decided = users.map((userId) => [userId, engine.decide({ units: { userId } }).params.in_group]);
    expect(decided).toEqual(users.map((userId) => [userId, sdk.variation("in_group", userId)]));
    expect(decided.at(-1)).toEqual(["qa-1", "a"]);
    sdk.close();
  });

  it("endOfRange values that are not whole numbers from 0 to 10000 select the buckets the SDK selects", () => {
    const experiment = optimizelyExperiment("5", "odd_ranges", [["a", 0], ["b", 0], ["c", 0]], {
      trafficAllocation: [
        { entityId: "5-a", endOfRange: -20 },
        { entityId: "5-b", endOfRange: 3333.3 },
        { entityId: "5-c", endOfRange: 12000.5 },
      ],
    });
    const file = optimizelyDatafile([experiment]);
    const { config, unsupported } = importOptimizely(file);
    expect(unsupported).toEqual([]);
    expect(validateImported(config).errors).toEqual([]);
    const sdk = optimizelyOracle(file);
    const engine = engineFor(config);
    const mismatches = IDS.filter((userId) => engine.decide({ units: { userId } }).params.odd_ranges !== sdk.variation("odd_ranges", userId));
    sdk.close();
    expect(mismatches.slice(0, 10)).toEqual([]);
  });
});

describe("substring audiences and Strata's $regex limits", () => {
  const substring = (name: string, value: string) => ({ type: "custom_attribute", name, match: "substring", value });
  const exact = (name: string, value: unknown) => ({ type: "custom_attribute", name, match: "exact", value });
  /** One experiment per audience, all with a 50/50 split. */
  const fileOf = (conditions: unknown[]) =>
    optimizelyDatafile(
      conditions.map((_, i) => optimizelyExperiment(`${700 + i}`, `sub_${i}`, [["a", 5000], ["b", 10000]], { audienceIds: [`s${i}`] })),
      [],
      { typedAudiences: conditions.map((tree, i) => ({ id: `s${i}`, name: `s${i}`, conditions: tree })) },
    );

  it("lists an experiment whose substring is too long for a Strata pattern as unsupported, and imports the others", () => {
    // "." escapes to "\.": 128 dots are a 256-character pattern (the limit), 129 dots one too many.
    const file = fileOf([
      ["and", ["or", ["or", substring("ua", ".".repeat(129))]]],
      ["and", ["or", ["or", substring("ua", ".".repeat(128))]]],
      ["or", exact("plan", "pro")],
    ]);
    const { config, unsupported } = importOptimizely(file);
    expect(unsupported).toHaveLength(1);
    expect(unsupported[0]!.pointer).toBe("/experiments/0");
    expect(unsupported[0]!.reason).toContain(`experiment "sub_0" is not imported: its audience at /typedAudiences/0/conditions/1/1/1 cannot be expressed`);
    expect(unsupported[0]!.reason).toContain(`${LIMITS.regexLength} pattern characters`);
    expect(config.domain.layers.map((layer) => layer.params[0])).toEqual(["sub_1", "sub_2"]);
    expect(validateImported(config).errors).toEqual([]);
  });

  it("lists an experiment whose translated audience breaks another Strata limit (exact strings, nesting)", () => {
    let deep: unknown = exact("plan", "pro");
    for (let i = 0; i < LIMITS.conditionDepth + 2; i++) deep = ["and", ["not", deep], exact("n", i)];
    const file = fileOf([["or", exact("plan", "x".repeat(LIMITS.stringLength + 1))], deep, ["or", exact("plan", "pro")]]);
    const { config, unsupported } = importOptimizely(file);
    expect(unsupported.map((issue) => issue.pointer)).toEqual(["/experiments/0", "/experiments/1"]);
    expect(unsupported[0]!.reason).toContain(`/typedAudiences/0/conditions/1 cannot be expressed — the value is ${LIMITS.stringLength + 1} characters long`);
    expect(unsupported[1]!.reason).toMatch(/Strata rejects the translated condition at .*nested more than 16 deep/);
    expect(validateImported(config).errors).toEqual([]);
  });

  it("the import of the CLI's repro datafile keeps the unrelated experiment", () => {
    const file = optimizelyDatafile(
      [
        optimizelyExperiment("100", "exp", [["a", 5000], ["b", 10000]], { audienceIds: ["aud1"], audienceConditions: ["or", "aud1"] }),
        optimizelyExperiment("200", "other", [["a", 5000], ["b", 10000]]),
      ],
      [],
      { typedAudiences: [{ id: "aud1", name: "ua", conditions: ["and", ["or", ["or", substring("ua", "(Windows NT 10.0; Win64; x64) ".repeat(10))]]] }] },
    );
    const { config, unsupported } = importOptimizely(file);
    expect(unsupported.map((issue) => issue.pointer)).toEqual(["/experiments/0"]);
    expect(config.domain.layers.map((layer) => layer.params[0])).toEqual(["other"]);
    expect(validateImported(config).ok).toBe(true);
  });

  const limit = LIMITS.regexSubjectLength;
  const needles = ["Mobile", "a.b*c(", "", "\\d+"];
  const trees: unknown[] = [
    ["or", substring("ua", needles[0]!)],
    ["not", substring("ua", needles[0]!)],
    ["and", substring("ua", needles[1]!), ["not", substring("ua", needles[3]!)]],
    ["or", ["not", substring("ua", needles[1]!)], exact("plan", "pro")],
    ["or", substring("ua", needles[2]!)],
    ["not", substring("ua", needles[2]!)],
  ];
  const file = fileOf(trees);

  it(`notes the ${limit}-character limit on substring matches, with its consequence`, () => {
    const { notes, unsupported } = importOptimizely(file);
    expect(unsupported).toEqual([]);
    const note = notes.find((n) => n.pointer === "/experiments/0")!.reason;
    expect(note).toContain(`a substring match on a value longer than ${limit} characters is unknown`);
    expect(note).not.toContain("2,048");
  });

  it(`decide like getVariation for values up to ${limit} characters, and never admit a user the SDK rejects beyond`, () => {
    const sdk = optimizelyOracle(file);
    const engine = engineFor(importOptimizely(file).config);
    const length = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: limit - 12, max: limit + 12 }), fc.integer({ min: limit + 13, max: 3 * limit }));
    const value = fc
      .record({ length, needle: fc.constantFrom(...needles, "none"), at: fc.double({ min: 0, max: 1, noNaN: true }), filler: fc.constantFrom("x", "é", ".", "\n") })
      .map(({ length: n, needle, at, filler }) => {
        const padding = filler.repeat(n).slice(0, Math.max(0, n - (needle === "none" ? 0 : needle.length)));
        if (needle === "none") return padding;
        const cut = Math.floor(at * padding.length);
        return padding.slice(0, cut) + needle + padding.slice(cut);
      });
    let beyondAdmittedBySdk = 0;
    fc.assert(
      fc.property(value, fc.constantFrom("pro", "free", undefined), fc.constantFrom("u1", "u2", "user-42", "ü"), (ua, plan, userId) => {
        const attributes = plan === undefined ? { ua } : { ua, plan };
        const { params } = engine.decide({ units: { userId }, attributes });
        trees.forEach((_, i) => {
          const expected = sdk.variation(`sub_${i}`, userId, attributes);
          const strata = params[`sub_${i}`];
          if (ua.length <= limit) expect([i, ua.length, strata]).toEqual([i, ua.length, expected]);
          else {
            // Beyond the limit a substring leaf is unknown: Strata may leave out a user the SDK admits, never the reverse.
            if (expected !== null) beyondAdmittedBySdk++;
            if (strata !== null) expect([i, ua.length, strata]).toEqual([i, ua.length, expected]);
          }
        });
      }),
      { numRuns: 400 },
    );
    sdk.close();
    expect(beyondAdmittedBySdk).toBeGreaterThan(0);
  });

  it("an empty substring matches every string of any length, as in the SDK", () => {
    const sdk = optimizelyOracle(file);
    const engine = engineFor(importOptimizely(file).config);
    for (const ua of ["", "a", "x".repeat(limit + 1), "x".repeat(4 * limit)]) {
      expect([ua.length, engine.decide({ units: { userId: "u" }, attributes: { ua } }).params.sub_4]).toEqual([ua.length, sdk.variation("sub_4", "u", { ua })]);
      expect(engine.decide({ units: { userId: "u" }, attributes: { ua } }).params.sub_5).toBeNull();
      expect(sdk.variation("sub_5", "u", { ua })).toBeNull();
    }
    sdk.close();
  });
});

describe("experiment keys that are not parameter names", () => {
  it("note the parameter's name whenever it differs from the key, also when the experiment id keeps the key", () => {
    const file = optimizelyDatafile([
      optimizelyExperiment("8001", "2024_holiday_banner", [["control", 5000], ["snow", 10000]]),
      optimizelyExperiment("8002", "spring sale", [["control", 5000], ["snow", 10000]]),
      optimizelyExperiment("8003", "plain", [["control", 5000], ["snow", 10000]]),
      optimizelyExperiment("8004", "plain", [["control", 5000], ["snow", 10000]]),
    ]);
    const { config, notes } = importOptimizely(file);
    expect(Object.keys(config.params)).toEqual(["_2024_holiday_banner", "spring_sale", "plain", "plain-2"]);
    expect(config.domain.layers[0]!.slots[0]!.experiment!.id).toBe("2024_holiday_banner");
    const paramNotes = notes.filter((note) => note.reason.includes("parameter"));
    expect(paramNotes).toEqual([
      { pointer: "/experiments/0", reason: `experiment "2024_holiday_banner" is the parameter "_2024_holiday_banner", not "2024_holiday_banner" (parameter names start with a letter or "_" and hold only letters, digits, "_", "." and "-"): read its variation with get("_2024_holiday_banner")` },
      { pointer: "/experiments/1", reason: `experiment "spring sale" is the parameter "spring_sale", not "spring sale" (parameter names start with a letter or "_" and hold only letters, digits, "_", "." and "-"): read its variation with get("spring_sale")` },
      { pointer: "/experiments/3", reason: `experiment "plain" is the parameter "plain-2", not "plain" ("plain" is already taken): read its variation with get("plain-2")` },
    ]);
  });
});

describe("inputs the SDK refuses before bucketing (the README's documented difference)", () => {
  const audience = { id: "a1", name: "pro", conditions: ["and", { type: "custom_attribute", name: "plan", match: "exists" }] };
  const file = optimizelyDatafile([optimizelyExperiment("501", "checkout", [["control", 5000], ["treatment", 10000]], { audienceConditions: ["not", "a1"], forcedVariations: { undefined: "treatment" } })], [], { typedAudiences: [audience] });

  it("Strata keeps assigning a user id \"undefined\" and reads an attribute holding undefined as a missing one, where getVariation gives null", () => {
    const sdk = optimizelyOracle(file);
    const engine = engineFor(importOptimizely(file).config);
    const strata = (userId: string, attributes: Record<string, unknown>) => engine.decide({ units: { userId }, attributes }).params.checkout;
    expect([sdk.variation("checkout", "undefined"), strata("undefined", {})]).toEqual([null, "treatment"]);
    for (const userId of IDS.slice(0, 200)) {
      const missing = sdk.variation("checkout", userId, {});
      expect(missing).not.toBeNull();
      expect([sdk.variation("checkout", userId, { plan: undefined }), strata(userId, { plan: undefined })]).toEqual([null, missing]);
      expect([sdk.variation("checkout", userId, { other: undefined }), strata(userId, { other: undefined })]).toEqual([null, missing]);
    }
    sdk.close();
  });
});

describe("audiences that can never match", () => {
  it("import as conditions no request meets, and the config validates", () => {
    const file = optimizelyDatafile([optimizelyExperiment("1", "never", [["on", 10000]], { audienceConditions: ["or"] })]);
    const { config } = importOptimizely(file);
    expect(config.domain.layers[0]!.slots[0]!.experiment!.conditions).toEqual({ $not: {} });
    expect(validateImported(config).errors).toEqual([]);
    expect(engineFor(config).decide({ units: { userId: "u" } }).params.never).toBeNull();
  });
});

describe("bad input", () => {
  it("throws ImportError for something that is not a datafile", () => {
    expect(() => importOptimizely("{")).toThrow(ImportError);
    expect(() => importOptimizely({ version: "1" })).toThrow(/unsupported Optimizely datafile version "1"/);
  });

  it("says the version is missing, and that a document with features looks like a GrowthBook payload", () => {
    expect(() => importOptimizely({ experiments: [] })).toThrow(`the Optimizely datafile has no "/version" (the SDK reads versions 2, 3 and 4)`);
    expect(() => importOptimizely(example("growthbook-features.json"))).toThrow(
      `the Optimizely datafile has no "/version" (the SDK reads versions 2, 3 and 4); it has "/features", as a GrowthBook SDK payload has: import it as one`,
    );
  });
});
