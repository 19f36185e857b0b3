import { readFileSync } from "node:fs";
import { validate, type StrataConfig } from "@strata/config";
import { describe, expect, it } from "vitest";
import { trafficModel } from "../../src/model/traffic-model.ts";
import { summarizeModel } from "../../src/model/summary.ts";
import { SHOP } from "../support/cli.ts";

const shop = validate(JSON.parse(readFileSync(SHOP, "utf8"))).config as StrataConfig;

describe("trafficModel", () => {
  const model = trafficModel(shop);

  it("lists every domain, layer and experiment of the example", () => {
    expect(model.domains.map((domain) => domain.id)).toEqual(["root", "redesign-domain", "holdout", "main"]);
    expect(model.layers.map((layer) => layer.id)).toEqual(["traffic", "redesign-layer", "launches", "color", "size", "checkout-layer"]);
    expect(model.experiments.map((experiment) => experiment.id)).toEqual(["full-redesign", "free-shipping-launch", "button-color", "button-size", "new-checkout", "headline-bandit"]);
    expect(summarizeModel(model)).toBe("6 experiments in 6 layers (1 launch) across 4 domains (1 holdout)");
  });

  it("computes shares of the layer and of all traffic through nested domains", () => {
    const byId = new Map(model.experiments.map((experiment) => [experiment.id, experiment]));
    expect(byId.get("full-redesign")?.share).toBeCloseTo(0.1, 12);
    expect(byId.get("button-color")?.slot.share).toBeCloseTo(0.5, 12);
    expect(byId.get("button-color")?.share).toBeCloseTo(0.425, 12);
    expect(model.domains.find((domain) => domain.id === "holdout")?.holdout).toBe(true);
    expect(model.layers.find((layer) => layer.id === "checkout-layer")?.freeShare).toBeCloseTo(0.4, 12);
  });

  it("reads each group's expected share from its segmenter", () => {
    const rollout = model.experiments.find((experiment) => experiment.id === "new-checkout");
    expect(rollout?.groups.map((group) => group.expectedShare)).toEqual([0.2]);
    const bandit = model.experiments.find((experiment) => experiment.id === "headline-bandit");
    expect(bandit?.groups.map((group) => group.expectedShare)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });
});
