import type { ExperimentConfig, StrataConfig } from "@strata/config";
import { createSegmenter, createSegmenterContext, type SegmenterFactory } from "@strata/segmenters";
import { describe, expect, it } from "vitest";
import { compatSegmenters } from "../src/index.ts";
import { engineFor, validateImported } from "./support/engine.ts";
import { IDS } from "./support/ids.ts";

/** One experiment per compat segmenter, each in a slot of a shared layer (the layer hash splits traffic between them). */
const experiments: ExperimentConfig[] = [
  { id: "opt", status: "running", groups: [{ id: "a" }, { id: "b" }], segmenter: { type: "compat:optimizely", experimentId: "123", trafficAllocation: [{ group: "a", endOfRange: 5000 }, { group: "b", endOfRange: 10000 }] } },
  { id: "gb", status: "running", groups: [{ id: "0" }, { id: "1" }, { id: "2" }], segmenter: { type: "compat:growthbook", seed: "gb", hashVersion: 2, groups: [{ id: "0", weight: 0.1 }, { id: "1", weight: 0.2 }, { id: "2", weight: 0.7 }] } },
  { id: "unl", status: "running", groups: [{ id: "on" }], segmenter: { type: "compat:unleash", groupId: "unl", rollout: 50, groups: [{ id: "on" }] } },
  { id: "po", status: "running", groups: [{ id: "x" }, { id: "y" }], segmenter: { type: "compat:planout", op: "UniformChoice", experimentSalt: "po", paramSalt: "p", groups: [{ id: "x" }, { id: "y" }] } },
  { id: "ver", status: "running", groups: [{ id: "c" }, { id: "t" }], segmenter: { type: "compat:verdict", groups: [{ id: "c", percentage: 50 }, { id: "t", percentage: "rest" }] } },
  { id: "md5", status: "running", groups: [{ id: "m" }, { id: "n" }], segmenter: { type: "compat:md5-prefix", groups: [{ id: "m", weight: 1 }, { id: "n", weight: 1 }] } },
];
const config: StrataConfig = {
  version: 1,
  units: ["userId"],
  params: { shared: null },
  domain: {
    id: "root",
    layers: [
      {
        id: "migrated",
        params: ["shared"],
        slots: experiments.map((experiment, i) => ({
          ranges: [[i * 160, (i + 1) * 160]],
          experiment: { ...experiment, groups: experiment.groups.map((g) => ({ ...g, params: { shared: `${experiment.id}:${g.id}` } })) },
        })),
      },
    ],
  },
};

describe("a layer of the engine holds the compat segmenters", () => {
  it("the config validates with the compat segmenters registered", () => {
    expect(validateImported(config).errors).toEqual([]);
  });

  it("with the compat:* type names themselves", () => {
    expect(validateImported(config).ok).toBe(true);
  });

  it("each unit gets, from the experiment of its slot, exactly the segmenter's group", () => {
    const engine = engineFor(config);
    const segmenters = new Map(
      experiments.map((e) => {
        const { type, ...options } = e.segmenter;
        const factory = compatSegmenters.find((f) => f.type === type)! as SegmenterFactory<any>;
        return [e.id, createSegmenter(factory, options, createSegmenterContext({ experimentId: e.id }))] as const;
      }),
    );
    const seen = new Set<string>();
    const outside: string[] = [];
    for (const userId of IDS) {
      const decision = engine.decide({ units: { userId } });
      const assignment = decision.assignments[0];
      if (assignment === undefined) {
        const explained = engine.explain({ units: { userId } }).layers[0]!;
        const slot = explained.buckets[0]?.slot;
        // Either the bucket is past the six slots, or the slot's segmenter says null.
        if (slot !== undefined && segmenters.get(experiments[slot]!.id)!.assign(userId, { attributes: {}, now: 0 }) !== null) outside.push(userId);
        continue;
      }
      seen.add(assignment.experiment);
      expect(assignment.group).toBe(segmenters.get(assignment.experiment)!.assign(userId, { attributes: {}, now: 0 }));
      expect(decision.params.shared).toBe(`${assignment.experiment}:${assignment.group}`);
    }
    expect(outside).toEqual([]);
    expect([...seen].sort()).toEqual(experiments.map((e) => e.id).sort());
  });
});
