import type { StandardSchemaV1 } from "@standard-schema/spec";
import { defineSegmenter, type Segmenter } from "@strata/segmenters";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validate, type Problem } from "../src/index.ts";
import { codes, exp, shop, small } from "./fixtures.ts";

const found = (problems: readonly Problem[]) => problems.map((p) => [p.pointer, p.code]);
const errors = (json: unknown) => found(validate(json).errors);
const main = (config: any) => config.domain.layers[0].slots[2].domain;

describe("semantic rules", () => {
  it("unique ids across domains, layers and experiments; unique groups, units and layer params", () => {
    const config = shop();
    main(config).layers[1].slots[0].experiment.id = "size"; // a layer's id
    main(config).layers[1].slots[0].experiment.salt = "button-color";
    main(config).layers[2].slots[0].experiment.groups[1].id = "control";
    main(config).layers[2].slots[0].experiment.segmenter.groups[1].id = "control-2";
    main(config).layers[3].params.push("checkout");
    expect(errors(config)).toEqual([
      ["/domain/layers/0/slots/2/domain/layers/2/id", "duplicate-id"],
      ["/domain/layers/0/slots/2/domain/layers/2/slots/0/experiment/groups/1/id", "duplicate-group"],
      ["/domain/layers/0/slots/2/domain/layers/2/slots/0/experiment/segmenter/groups/1/id", "segmenter-group"],
      ["/domain/layers/0/slots/2/domain/layers/3/params/2", "duplicate-param"],
    ]);
    expect(validate(config).errors[0]!.message).toBe(
      `the id "size" is already used by the experiment at /domain/layers/0/slots/2/domain/layers/1/slots/0/experiment — ids of domains, layers and experiments must be unique; rename one of them`,
    );
  });

  it("bucket ranges stay inside the layer's space, non-empty, not overlapping within a slot", () => {
    const config = small([
      { ranges: [[0, 100], [50, 150]], experiment: { id: "a" } },
      { ranges: [[300, 200]], experiment: { id: "b", salt: "b2" } },
      { ranges: [[900, 1001]], experiment: { id: "c" } },
    ]);
    expect(errors(config)).toEqual([
      ["/domain/layers/0/slots/0/ranges/1", "overlapping-ranges"],
      ["/domain/layers/0/slots/1/ranges/0", "empty-range"],
      ["/domain/layers/0/slots/2/ranges/0", "range-outside-layer"],
    ]);
    config.domain.layers[0].buckets = 2000;
    expect(errors(config)).not.toContainEqual(["/domain/layers/0/slots/2/ranges/0", "range-outside-layer"]);
  });

  it("suggests the reversed range the other way round, and reports an overlap in a range that also runs past the layer", () => {
    const messages = (ranges: [number, number][]) => validate(small([{ ranges, experiment: { id: "a" } }])).errors.map((p) => `${p.pointer}: ${p.message}`);
    expect(messages([[500, 0]])).toEqual([`/domain/layers/0/slots/0/ranges/0: the range [500, 0) is empty or reversed — write [start, end) with start < end, e.g. [0, 500]`]);
    expect(messages([[7, 7]])).toEqual([`/domain/layers/0/slots/0/ranges/0: the range [7, 7) is empty or reversed — write [start, end) with start < end, e.g. [7, 8]`]);
    expect(messages([[1000, 1000]])).toEqual([`/domain/layers/0/slots/0/ranges/0: the range [1000, 1000) is empty or reversed — write [start, end) with start < end, e.g. [999, 1000]`]);
    expect(messages([[0, 500], [400, 1200]])).toEqual([
      `/domain/layers/0/slots/0/ranges/1: the range [400, 1200) runs past the layer's bucket space: the layer has the default 1000 buckets, so ranges must stay within [0, 1000)`,
      `/domain/layers/0/slots/0/ranges/1: the range [400, 1200) overlaps [0, 500) of the same slot (/domain/layers/0/slots/0/ranges/0) — merge them into one range`,
    ]);
  });

  it("slots of one layer are disjoint unless their experiments' conditions provably are", () => {
    const config = small([
      { ranges: [[0, 100]], experiment: { id: "de", conditions: { country: "DE" } } },
      { ranges: [[50, 150]], experiment: { id: "fr", conditions: { country: { $in: ["FR", "NL"] } } } },
      { ranges: [[140, 200]], experiment: { id: "any" } },
    ]);
    const result = validate(config);
    expect(found(result.errors)).toEqual([["/domain/layers/0/slots/2/ranges", "slot-overlap"]]);
    expect(result.errors[0]!.message).toContain(`buckets [140, 150) of this slot are also in slot 1 (experiment "fr")`);
    config.domain.layers[0].slots[2].ranges = [[150, 200]];
    expect(validate(config).ok).toBe(true);
    config.domain.layers[0].slots[1].experiment.conditions = { country: { $in: ["FR", "DE"] } };
    expect(errors(config)).toEqual([["/domain/layers/0/slots/1/ranges", "slot-overlap"]]);
  });

  it("every parameter is owned by exactly one normal layer at the root and at most one launch layer per domain", () => {
    const config = shop();
    config.params.extra = 1;
    main(config).layers.push({ id: "launch-2", launch: true, params: ["free_shipping_banner"], slots: [] });
    main(config).layers.push({ id: "color-2", params: ["button_color"], slots: [] });
    const result = validate(config);
    expect(found(result.errors)).toEqual([
      ["/params/extra", "param-unowned"],
      ["/domain/layers/0/slots/2/domain/layers/4/params/0", "param-owned-twice"],
      ["/domain/layers/0/slots/2/domain/layers/5/params/0", "param-owned-twice"],
    ]);
    expect(result.errors[1]!.message).toContain(`already owned by the launch layer "launches"`);
    expect(result.errors[2]!.message).toContain(`already owned by the normal layer "color"`);
  });

  it("a parameter has at most one launch layer on a path: not one at the root and another in a nested domain", () => {
    const config = shop();
    // The root gets a launch layer for the banner, which the nested domain "main" already launches.
    config.domain.layers.push({ id: "root-launch", launch: true, params: ["free_shipping_banner"], slots: [] });
    const result = validate(config);
    expect(found(result.errors)).toEqual([["/domain/layers/0/slots/2/domain/layers/0/params/0", "param-owned-twice"]]);
    expect(result.errors[0]!.message).toContain(`already owned by the launch layer "root-launch" (/domain/layers/1/params/0) of the enclosing domain "root"`);
    expect(result.errors[0]!.message).toContain(`"launches", at /domain/layers/0/slots/2/domain/layers/0/params/0`);
    expect(result.errors[0]!.message).toContain(`remove it from the "params" of one of the two`);
    // Launch layers in sibling domains never meet on one path.
    config.domain.layers.pop();
    config.domain.layers[0].slots[0].domain.layers.push({ id: "redesign-launch", launch: true, params: ["free_shipping_banner"], slots: [] });
    expect(validate(config).ok).toBe(true);
  });

  it("a parameter has one normal layer on a path: not one at the root and another in a domain held by a launch layer", () => {
    const launched = (id: string, value: string) => ({
      id,
      status: "running",
      groups: [{ id: "t", params: { p: value } }],
      segmenter: { type: "percentage", groups: [{ id: "t", weight: 100 }] },
    });
    // Units in D reach both N (through the launch layer's slot) and the root's normal layer: two experiments setting p.
    const config = {
      version: 1,
      units: ["userId"],
      params: { p: "default" },
      domain: {
        id: "root",
        layers: [
          { id: "L_launch", launch: true, params: ["p"], slots: [{ ranges: [[0, 1000]], domain: { id: "D", layers: [
            { id: "N", params: ["p"], slots: [{ ranges: [[0, 1000]], experiment: launched("E_nested", "nested") }] },
          ] } }] },
          { id: "L_normal", params: ["p"], slots: [{ ranges: [[0, 1000]], experiment: launched("E_root", "root") }] },
        ],
      },
    };
    const result = validate(config);
    expect(found(result.errors)).toEqual([["/domain/layers/0/slots/0/domain/layers/0/params/0", "param-owned-twice"]]);
    expect(result.errors[0]!.message).toBe(
      `"p" is already owned by the normal layer "L_normal" (/domain/layers/1/params/0) of the enclosing domain "root", ` +
        `and this layer's domain is reached through a slot of the launch layer "L_launch" (/domain/layers/0), ` +
        `so units are in an experiment of both normal layers setting it (this one, "N", at /domain/layers/0/slots/0/domain/layers/0/params/0) — ` +
        `a parameter belongs to exactly one normal layer on any path through nested domains; remove it from this layer's "params" and set it in "L_normal", ` +
        `or move the domain into a slot of "L_normal"`,
    );
    // Below a normal layer's slot, the walk up stops there: R hands p to A, whose launch layer holds N's domain.
    const nested = {
      ...config,
      domain: { id: "root", layers: [{ id: "R", params: ["p"], slots: [{ ranges: [[0, 1000]], domain: { id: "A", layers: [config.domain.layers[0]] } }] }] },
    } as any;
    expect(validate(nested).ok).toBe(true);
    // …unless A has a normal layer for p besides the launch layer: units in B reach it and N.
    nested.domain.layers[0].slots[0].domain.layers.push(config.domain.layers[1]);
    expect(found(validate(nested).errors)).toEqual([["/domain/layers/0/slots/0/domain/layers/0/slots/0/domain/layers/0/params/0", "param-owned-twice"]]);
    expect(validate(nested).errors[0]!.message).toContain(`already owned by the normal layer "L_normal" (/domain/layers/0/slots/0/domain/layers/1/params/0) of the enclosing domain "A"`);
    // Moved into a slot of the normal layer, the nested domain takes the parameter over from it: one normal layer per path.
    const moved = structuredClone(config) as any;
    moved.domain.layers = [{ id: "L_normal", params: ["p"], slots: [{ ranges: [[0, 1000]], domain: moved.domain.layers[0].slots[0].domain }] }];
    expect(validate(moved).ok).toBe(true);
    // The shop's nested normal layers ("color" under "traffic") and its launch layer stay valid.
    expect(validate(shop()).ok).toBe(true);
  });

  it("the layers of a nested domain own only their parent layer's parameters", () => {
    const config = shop();
    config.domain.layers[0].params = ["button_color", "button_size", "checkout", "headline"];
    config.domain.layers.push({ id: "banner", params: ["free_shipping_banner"], slots: [] });
    expect(errors(config)).toEqual([
      ["/domain/layers/0/slots/0/domain/layers/0/params/4", "param-outside-parent"],
      ["/domain/layers/0/slots/2/domain/layers/0/params/0", "param-outside-parent"],
    ]);
  });

  it("a group only sets parameters of its own layer, and referenced parameters exist", () => {
    const config = shop();
    main(config).layers[1].slots[0].experiment.groups[1].params.button_size = "xl";
    main(config).layers[1].slots[0].experiment.groups[1].params.button_colour = "red";
    main(config).layers[2].params.push("font");
    const result = validate(config);
    expect(found(result.errors)).toEqual([
      ["/domain/layers/0/slots/2/domain/layers/1/slots/0/experiment/groups/1/params/button_size", "param-not-in-layer"],
      ["/domain/layers/0/slots/2/domain/layers/1/slots/0/experiment/groups/1/params/button_colour", "unknown-param"],
      ["/domain/layers/0/slots/2/domain/layers/2/params/1", "unknown-param"],
    ]);
    expect(result.errors[0]!.message).toContain(`it belongs to the layer "size"`);
    expect(result.errors[1]!.message).toContain(`did you mean "button_color"?`);
  });

  it("units exist: a unit type, <unit>@day or random", () => {
    const config = small([
      { ranges: [[0, 100]], experiment: { id: "a", unit: "deviceId" } },
      { ranges: [[100, 200]], experiment: { id: "b", unit: "cookieId@day" } },
      { ranges: [[200, 300]], experiment: { id: "c", unit: "random" } },
      { ranges: [[300, 400]], experiment: { id: "d", unit: "userid@day" } },
    ]);
    const result = validate(config);
    expect(found(result.errors)).toEqual([
      ["/domain/layers/0/slots/0/experiment/unit", "unknown-unit"],
      ["/domain/layers/0/slots/3/experiment/unit", "unknown-unit"],
    ]);
    expect(result.errors[1]!.message).toContain(`did you mean "userId"?`);
  });

  it("sticky experiments divert by a plain unit type, where the engine can store their groups", () => {
    const bandit = { type: "feedback", groups: [{ id: "control" }, { id: "treatment" }] } as const;
    const config = small([
      { ranges: [[0, 100]], experiment: { id: "a", unit: "userId@day", sticky: true } },
      { ranges: [[100, 200]], experiment: { id: "b", unit: "random", segmenter: bandit } },
      { ranges: [[200, 300]], experiment: { id: "c", unit: "cookieId@day", sticky: true, segmenter: bandit } },
      { ranges: [[300, 400]], experiment: { id: "d", unit: "userId@day" } }, // not sticky: a new group every day is the point
      { ranges: [[400, 500]], experiment: { id: "e", unit: "random", sticky: false } },
      { ranges: [[500, 600]], experiment: { id: "f", unit: "cookieId", sticky: true, segmenter: bandit } },
      { ranges: [[600, 700]], experiment: { id: "g", sticky: true } }, // the config's first unit type
    ]);
    const result = validate(config);
    expect(found(result.errors)).toEqual([
      ["/domain/layers/0/slots/0/experiment/unit", "sticky-diversion"],
      ["/domain/layers/0/slots/1/experiment/unit", "sticky-diversion"],
      ["/domain/layers/0/slots/2/experiment/unit", "sticky-diversion"],
    ]);
    const [day, random, both] = result.errors.map((problem) => problem.message);
    expect(day).toBe(
      `"userId@day" gives each unit a new id every day, but "sticky": true keeps each unit's first group, which the engine stores only per unit type: ` +
        `it would never store this experiment's groups nor credit its conversions (a bandit would count trials and no successes) — ` +
        `divert by "userId" instead, or remove "sticky": true`,
    );
    expect(random).toContain(`"random" picks anew on every request, but the feedback segmenter, which is sticky, keeps each unit's first group`);
    expect(random).toContain(`divert by a unit type such as "userId" instead, or use a segmenter that is not sticky, such as percentage`);
    expect(both).toContain(`but "sticky": true and the feedback segmenter, which is sticky, keep each unit's first group`);
    expect(both).toContain(`divert by "cookieId" instead, or remove "sticky": true and use a segmenter that is not sticky`);
  });

  it("a sticky segmenter is recognised as the engine creates it, third-party ones included", () => {
    const keeper = defineSegmenter({
      type: "keeper",
      options: { "~standard": { version: 1, vendor: "test", validate: (value: unknown) => ({ value }) } } as StandardSchemaV1<unknown, Record<string, unknown>>,
      create: (): Segmenter => ({ groups: ["control", "treatment"], sticky: true, assign: () => "control" }),
    });
    const config = small([{ ranges: [[0, 100]], experiment: { id: "a", unit: "userId@day", segmenter: { type: "keeper" } } }]);
    expect(found(validate(config, { segmenters: [keeper] }).errors)).toEqual([["/domain/layers/0/slots/0/experiment/unit", "sticky-diversion"]]);
    expect(validate(config, { segmenters: [keeper] }).errors[0]!.message).toContain("the keeper segmenter, which is sticky");
  });

  it("segmenter types exist and their options pass the segmenter's own schema", () => {
    const config = small([
      { ranges: [[0, 100]], experiment: { id: "a", segmenter: { type: "percentag", groups: [] } } },
      { ranges: [[100, 200]], experiment: { id: "b", segmenter: { type: "percentage", groups: [{ id: "control", weight: 50 }, { id: "treatment", weight: 40 }] } } },
      { ranges: [[200, 300]], experiment: { id: "c", segmenter: { type: "percentage", groups: [{ id: "control", weight: 50 }, { id: "treatment", weight: 150 }], colour: 1 } } },
    ]);
    const result = validate(config);
    expect(found(result.errors)).toEqual([
      ["/domain/layers/0/slots/0/experiment/segmenter/type", "unknown-segmenter"],
      ["/domain/layers/0/slots/1/experiment/segmenter/groups", "segmenter-options"],
      ["/domain/layers/0/slots/2/experiment/segmenter/groups/1/weight", "segmenter-options"],
      ["/domain/layers/0/slots/2/experiment/segmenter/colour", "segmenter-options"],
    ]);
    expect(result.errors[0]!.message).toContain(`did you mean "percentage"?`);
    expect(result.errors[1]!.message).toContain("not 100%");
  });

  it("third-party segmenters registered by the caller are validated by their own schema", () => {
    const options: StandardSchemaV1<unknown, { map: Record<string, string> }> = {
      "~standard": {
        version: 1,
        vendor: "test",
        validate: (value: unknown) => {
          const map = (value as { map?: unknown }).map;
          return typeof map === "object" && map !== null
            ? { value: value as { map: Record<string, string> } }
            : { issues: [{ message: "must map countries to groups", path: ["map"] }] };
        },
      },
    };
    const byCountry = defineSegmenter({
      type: "by-country",
      options,
      create: (checked): Segmenter => ({ groups: [...new Set(Object.values(checked.map))], assign: () => null }),
    });
    const config = small([{ ranges: [[0, 100]], experiment: { id: "a", segmenter: { type: "by-country", map: { DE: "treatment", FR: "control" } } } }]);
    expect(errors(config)).toEqual([["/domain/layers/0/slots/0/experiment/segmenter/type", "unknown-segmenter"]]);
    expect(validate(config, { segmenters: [byCountry] }).ok).toBe(true);
    config.domain.layers[0].slots[0].experiment.segmenter = { type: "by-country", mapping: {} };
    expect(found(validate(config, { segmenters: [byCountry] }).errors)).toEqual([["/domain/layers/0/slots/0/experiment/segmenter/map", "segmenter-options"]]);
    config.domain.layers[0].slots[0].experiment.segmenter = { type: "by-country", map: { DE: "variant" } };
    expect(found(validate(config, { segmenters: [byCountry] }).errors)).toEqual([["/domain/layers/0/slots/0/experiment/segmenter", "segmenter-group"]]);
  });

  it("two places sharing a salt are an error (dependent assignment)", () => {
    const config = small([
      { ranges: [[0, 100]], experiment: { id: "a", salt: "main" } },
      { ranges: [[100, 200]], experiment: { id: "b", salt: "shared" } },
      { ranges: [[200, 300]], experiment: { id: "c", salt: "shared" } },
      { ranges: [[300, 400]], experiment: { id: "d" } },
    ]);
    config.domain.layers.push({ id: "other", salt: "d", params: [], slots: [] });
    const result = validate(config);
    expect(found(result.errors)).toEqual([
      ["/domain/layers/0/slots/0/experiment/salt", "shared-salt"],
      ["/domain/layers/0/slots/2/experiment/salt", "shared-salt"],
      ["/domain/layers/1/salt", "shared-salt"],
    ]);
    expect(result.errors[0]!.message).toContain(`also used by the layer "main" (/domain/layers/0)`);
    expect(result.errors[0]!.message).toContain("dependent assignment");
    expect(validate(small([{ ranges: [[0, 1]], experiment: { id: "a", salt: "with:colon" } }])).errors[0]!.message).toContain(`without ":"`);
  });

  it("salts are compared as the hash reads them: lone surrogates are U+FFFD in UTF-8", () => {
    const config = small();
    config.domain.layers[0].salt = "s\uD800";
    config.domain.layers.push({ id: "other", salt: "s\uDBFF", params: [], slots: [] });
    const result = validate(config);
    expect(found(result.errors)).toEqual([["/domain/layers/1/salt", "shared-salt"]]);
    expect(result.errors[0]!.message).toBe(
      `the salt "s\\udbff" hashes as the same UTF-8 bytes as the salt "s\\ud800" of the layer "main" (/domain/layers/0) ` +
        `(a lone surrogate is encoded as U+FFFD, so both are "s\uFFFD"): two places with one salt assign the same units together, ` +
        `so their experiments are not independent (dependent assignment) — give this layer a salt of its own`,
    );
    // A surrogate pair is one character, distinct from U+FFFD and from its halves.
    config.domain.layers[0].salt = "s\u{1F600}";
    config.domain.layers[1].salt = "s\uD83D";
    expect(validate(config).ok).toBe(true);
  });

  it("two salts are shared exactly when their UTF-8 bytes are equal", () => {
    const piece = fc.constantFrom("s", "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uFFFD", "\uD83D", "\uDE00", "\u{1F600}");
    const salt = fc.array(piece, { minLength: 1, maxLength: 4 }).map((pieces) => pieces.join(""));
    const bytes = (text: string) => [...new TextEncoder().encode(text)].join(",");
    fc.assert(
      fc.property(salt, salt, (a, b) => {
        const config = small();
        config.domain.layers[0].salt = a;
        config.domain.layers.push({ id: "other", salt: b, params: [], slots: [] });
        expect(codes(validate(config).errors)).toEqual(bytes(a) === bytes(b) ? ["shared-salt"] : []);
      }),
      { numRuns: 500 },
    );
  });

  it("schedules end after they start, on real dates", () => {
    const config = small([
      { ranges: [[0, 100]], experiment: { id: "a", schedule: { start: "2025-03-01T00:00:00Z", end: "2025-02-01T00:00:00Z" } } },
      { ranges: [[100, 200]], experiment: { id: "b", schedule: { start: "2025-03-01T01:00:00+01:00", end: "2025-03-01T00:00:00Z" } } },
      { ranges: [[200, 300]], experiment: { id: "c", schedule: { start: "2025-02-30T00:00:00Z" }, stoppedAt: "2025-01-01T25:00:00Z" } },
      { ranges: [[300, 400]], experiment: { id: "d", schedule: { start: "2025-03-01T00:00:00Z", end: "2025-03-02T00:00:00Z" } } },
    ]);
    expect(errors(config)).toEqual([
      ["/domain/layers/0/slots/0/experiment/schedule/end", "schedule-order"],
      ["/domain/layers/0/slots/1/experiment/schedule/end", "schedule-order"],
      ["/domain/layers/0/slots/2/experiment/schedule/start", "invalid-date"],
      ["/domain/layers/0/slots/2/experiment/stoppedAt", "invalid-date"],
    ]);
  });

  it("condition regexes that can backtrack catastrophically are rejected, with the other condition problems", () => {
    const config = small([{ ranges: [[0, 100]], experiment: { id: "a", conditions: { ua: { $regex: "^(\\w+\\s?)*$" }, plan: { $inn: ["pro"] } } } }]);
    const result = validate(config);
    expect(found(result.errors)).toEqual([
      ["/domain/layers/0/slots/0/experiment/conditions/ua/$regex", "unsafe-regex"],
      ["/domain/layers/0/slots/0/experiment/conditions/plan/$inn", "unknown-operator"],
    ]);
  });

  it("forced units name the experiment's groups, once each", () => {
    const config = small([{ ranges: [[0, 100]], experiment: { id: "a", forced: { treatment: ["qa-1", "qa-2"], control: ["qa-1"], treatmnt: ["x"] } } }]);
    expect(errors(config)).toEqual([
      ["/domain/layers/0/slots/0/experiment/forced/control/0", "forced-twice"],
      ["/domain/layers/0/slots/0/experiment/forced/treatmnt", "unknown-group"],
    ]);
  });

  it("a slot holds exactly one of experiment and domain; a domain without layers is a holdout", () => {
    const config = small([{ ranges: [[0, 100]] }]);
    expect(errors(config)).toEqual([["/domain/layers/0/slots/0", "invalid-value"]]);
    config.domain.layers[0].slots[0] = { ranges: [[0, 100]], domain: { id: "holdout", layers: [] } };
    expect(validate(config).ok).toBe(true);
  });

  it("an experiment may sit in a slot without buckets (waiting for allocation)", () => {
    expect(validate(small([{ ranges: [], experiment: { id: "draft", status: "draft" } as never }])).ok).toBe(true);
    expect(exp({ id: "x" }).status).toBe("running");
  });
});
