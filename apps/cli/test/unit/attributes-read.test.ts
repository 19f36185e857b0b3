import { validate, type Condition, type ExperimentConfig } from "@strata/config";
import { describe, expect, it } from "vitest";
import { EXTRA_SEGMENTERS } from "../../src/segmenter-registry.ts";
import { attributesReadByLayer, conditionAttributes, segmenterAttributes } from "../../src/simulation/attributes-read.ts";

describe("conditionAttributes", () => {
  it("names every attribute a condition tests, through $and, $or and $not, but no operator", () => {
    const condition: Condition = {
      country: { $in: ["DE", "FR"] },
      $or: [{ plan: "pro" }, { $and: [{ age: { $gte: 18 } }, { $not: { beta: true } }] }],
      appVersion: { $semver: { $gte: "2.0.0" } },
      email: { $not: { $regex: "@example\\.com$" } },
    };
    expect([...conditionAttributes(condition)].sort()).toEqual(["age", "appVersion", "beta", "country", "email", "plan"]);
    expect(conditionAttributes(undefined).size).toBe(0);
  });
});

describe("segmenterAttributes", () => {
  const experiment = (segmenter: Record<string, unknown>): ExperimentConfig => ({ id: "e", status: "running", groups: [{ id: "x" }], segmenter: { type: "percentage", ...segmenter } });

  it("names a GrowthBook filter's attribute unless it is the hashed one, and Optimizely's bucketing id", () => {
    expect(segmenterAttributes(experiment({ type: "compat:growthbook", filters: [{ seed: "s", ranges: [], attribute: "company" }, { seed: "t", ranges: [] }] }))).toEqual(["company"]);
    expect(segmenterAttributes(experiment({ type: "compat:growthbook", hashAttribute: "deviceId", filters: [{ seed: "s", ranges: [] }] }))).toEqual(["id"]);
    expect(segmenterAttributes(experiment({ type: "compat:optimizely" }))).toEqual(["$opt_bucketing_id"]);
    expect(segmenterAttributes(experiment({ type: "percentage" }))).toEqual([]);
  });
});

describe("attributesReadByLayer", () => {
  it("gives each layer the attributes its experiments read, and a layer holding a nested domain those of the domain's experiments", () => {
    const halves = { type: "percentage", groups: [{ id: "x", weight: 50 }, { id: "y", weight: 50 }] };
    const experiment = (id: string, conditions?: unknown) => ({ id, status: "running", groups: [{ id: "x" }, { id: "y", params: { [`p_${id}`]: 2 } }], segmenter: halves, ...(conditions === undefined ? {} : { conditions }) });
    const result = validate(
      {
        version: 1,
        units: ["userId"],
        params: { p_a: 1, p_b: 1, p_c: 1 },
        domain: {
          id: "root",
          layers: [
            { id: "outer", params: ["p_a"], slots: [{ ranges: [[0, 1000]], domain: { id: "inner", layers: [{ id: "nested", params: ["p_a"], slots: [{ ranges: [[0, 1000]], experiment: experiment("a", { country: "DE" }) }] }] } }] },
            { id: "plain", params: ["p_b"], slots: [{ ranges: [[0, 1000]], experiment: experiment("b") }] },
            { id: "targeted", params: ["p_c"], slots: [{ ranges: [[0, 1000]], experiment: experiment("c", { $or: [{ plan: "pro" }, { beta: true }] }) }] },
          ],
        },
      },
      { segmenters: EXTRA_SEGMENTERS },
    );
    if (result.config === undefined) throw new Error(JSON.stringify(result.errors));
    const read = attributesReadByLayer(result.config);
    expect([...(read.get("nested") ?? [])]).toEqual(["country"]);
    expect([...(read.get("outer") ?? [])]).toEqual(["country"]);
    expect(read.has("plain")).toBe(false);
    expect([...(read.get("targeted") ?? [])].sort()).toEqual(["beta", "plan"]);
  });
});
