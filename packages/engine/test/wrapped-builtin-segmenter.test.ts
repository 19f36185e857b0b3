import { describe, expect, it } from "vitest";
import { defineSegmenter, percentage, rollout, type AssignContext, type Segmenter } from "@strata/segmenters";
import { createEngine } from "../src/index.ts";
import { config, layer, users } from "./support/configs.ts";

/** `inner`, with beta users (attribute `beta: true`) put in `group` ahead of its own assign: the obvious way to wrap a built-in. */
function betaFirst(inner: Segmenter, group: string): Segmenter {
  return { ...inner, assign: (unit: string, ctx: AssignContext) => (ctx.attributes.beta === true ? group : inner.assign(unit, ctx)) };
}

const betaPercentage = defineSegmenter({
  type: "beta-percentage",
  options: percentage.options,
  create: (options, ctx) => betaFirst(percentage.create(options, ctx), "treatment"),
});

const betaRollout = defineSegmenter({
  type: "beta-rollout",
  options: rollout.options,
  create: (options, ctx) => betaFirst(rollout.create(options, ctx), "on"),
});

/** A config with a percentage experiment and a rollout, under the given segmenter types. */
function bannerAndColor(percentageType: string, rolloutType: string) {
  return config({ color: "blue", banner: "off" }, [
    layer("colors", ["color"], [
      [0, 1000, {
        id: "color",
        status: "running",
        groups: [{ id: "control" }, { id: "treatment", params: { color: "green" } }],
        segmenter: { type: percentageType, groups: [{ id: "control", weight: 50 }, { id: "treatment", weight: 50 }] },
      }],
    ]),
    layer("banners", ["banner"], [
      [0, 1000, {
        id: "banner",
        status: "running",
        groups: [{ id: "on", params: { banner: "on" } }],
        segmenter: { type: rolloutType, groups: [{ id: "on", percent: 10 }] },
      }],
    ]),
  ]);
}

const wrapped = createEngine(bannerAndColor("beta-percentage", "beta-rollout"), { segmenters: [betaPercentage, betaRollout] });
const plain = createEngine(bannerAndColor("percentage", "rollout"));

describe("a plugin that spreads a built-in and replaces its assign", () => {
  const units = users(500);

  it("decides with the plugin's assign, not the built-in's groupAt fast path", () => {
    for (const userId of units) {
      const { params } = wrapped.decide({ units: { userId }, attributes: { beta: true } });
      expect(params, userId).toEqual({ color: "green", banner: "on" });
    }
  });

  it("gives everyone else the built-in's group", () => {
    for (const userId of units) {
      expect(wrapped.decide({ units: { userId } }).params, userId).toEqual(plain.decide({ units: { userId } }).params);
    }
    expect(new Set(units.map((userId) => plain.decide({ units: { userId } }).params.color))).toEqual(new Set(["blue", "green"]));
  });
});
