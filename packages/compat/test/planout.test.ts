import { createSegmenter, createSegmenterContext, SegmenterOptionsError } from "@strata/segmenters";
import { testSegmenter } from "@strata/segmenters/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planout, type PlanOutBuild, type PlanOutOptions } from "../src/index.ts";
import { IDS, NON_ASCII } from "./support/ids.ts";
import { goOffline, type OfflineReport } from "./support/offline.ts";
import { planoutOracle } from "./support/oracles.ts";

const segmenterFor = (options: PlanOutOptions) => createSegmenter(planout, options, createSegmenterContext({ experimentId: "exp" }));
const request = { attributes: {}, now: 0 };

let stopGuard: () => OfflineReport;
beforeAll(() => {
  stopGuard = goOffline();
});
afterAll(() => expect(stopGuard()).toEqual({ network: [], console: 0 }));

const ids = (choices: readonly string[]) => choices.map((id) => ({ id }));

for (const build of ["default", "core-compatible"] as const satisfies readonly PlanOutBuild[]) {
  describe(`compat:planout matches planout.js (${build} build) on ${IDS.length} ids (${NON_ASCII} non-ASCII)`, () => {
    const sdk = planoutOracle(build);
    const check = (options: PlanOutOptions, answer: (id: string) => unknown, toGroup: (value: unknown) => string | null = (v) => v as string) => {
      const segmenter = segmenterFor({ build, ...options });
      return IDS.filter((id) => segmenter.assign(id, request) !== toGroup(answer(id)));
    };
    it("UniformChoice, 2 choices (50/50)", () => {
      const choices = ["control", "treatment"];
      expect(check({ op: "UniformChoice", experimentSalt: "exp1", paramSalt: "variation", groups: ids(choices) }, (id) => sdk.assign("exp1", "variation", "UniformChoice", { choices }, id))).toEqual([]);
    });
    it("UniformChoice, 3 choices (where the two builds disagree)", () => {
      const choices = ["a", "b", "c"];
      expect(check({ op: "UniformChoice", experimentSalt: "exp1", paramSalt: "color", groups: ids(choices) }, (id) => sdk.assign("exp1", "color", "UniformChoice", { choices }, id))).toEqual([]);
    });
    it("WeightedChoice 10/20/70", () => {
      const choices = ["a", "b", "c"];
      const weights = [10, 20, 70];
      expect(
        check({ op: "WeightedChoice", experimentSalt: "exp1", paramSalt: "w", groups: choices.map((id, i) => ({ id, weight: weights[i]! })) }, (id) =>
          sdk.assign("exp1", "w", "WeightedChoice", { choices, weights }, id),
        ),
      ).toEqual([]);
    });
    it("WeightedChoice 50/50 with a param salt that is not the name", () => {
      const choices = ["x", "y"];
      expect(
        check({ op: "WeightedChoice", experimentSalt: "exp2", paramSalt: "custom", groups: [{ id: "x", weight: 0.5 }, { id: "y", weight: 0.5 }] }, (id) =>
          sdk.assign("exp2", "p", "WeightedChoice", { choices, weights: [0.5, 0.5], salt: "custom" }, id),
        ),
      ).toEqual([]);
    });
    it("BernoulliTrial p = 0.3", () => {
      expect(
        check({ op: "BernoulliTrial", experimentSalt: "exp1", paramSalt: "on", p: 0.3, groups: [{ id: "yes", outcome: 1 }, { id: "no", outcome: 0 }] }, (id) => sdk.assign("exp1", "on", "BernoulliTrial", { p: 0.3 }, id), (v) => (v === 1 ? "yes" : "no")),
      ).toEqual([]);
    });
    it("BernoulliTrial as a rollout (outcome 0 is not in the experiment), with a full_salt", () => {
      expect(
        check({ op: "BernoulliTrial", fullSalt: "rollout-2024", p: 0.15, groups: [{ id: "on", outcome: 1 }] }, (id) => sdk.assign("any", "any", "BernoulliTrial", { p: 0.15, full_salt: "rollout-2024" }, id), (v) => (v === 1 ? "on" : null)),
      ).toEqual([]);
    });
    it("an Experiment subclass: the experiment salt is its name, the param salt the param name", () => {
      class Exp extends sdk.planout.Experiment {
        setup() {
          this.setName("button test");
        }
        assign(params: { set(name: string, value: unknown): void }, args: { userId: string }) {
          params.set("color", new sdk.planout.Ops.Random.UniformChoice({ choices: ["red", "green", "blue"], unit: args.userId }));
        }
        configureLogger() {}
        log() {}
        previouslyLogged() {
          return true;
        }
        getParamNames() {
          return ["color"];
        }
      }
      const segmenter = segmenterFor({ build, op: "UniformChoice", experimentSalt: "button-test", paramSalt: "color", groups: ids(["red", "green", "blue"]) });
      const Experiment = Exp as unknown as new (inputs: { userId: string }) => { get(param: string): unknown };
      expect(IDS.slice(0, 1500).filter((id) => segmenter.assign(id, request) !== new Experiment({ userId: id }).get("color"))).toEqual([]);
    });
  });
}

describe("lone surrogates", () => {
  it("are hashed as U+FFFD, where planout.js throws a URIError", () => {
    const sdk = planoutOracle("default");
    expect(() => sdk.assign("e", "p", "UniformChoice", { choices: ["a", "b"] }, "\ud800")).toThrow(URIError);
    const segmenter = segmenterFor({ op: "UniformChoice", experimentSalt: "e", paramSalt: "p", groups: ids(["a", "b"]) });
    expect(segmenter.assign("\ud800", request)).toBe(segmenter.assign("\ufffd", request));
  });
});

describe("options errors name the experiment, the option path and the fix", () => {
  it("a weight on a UniformChoice", () => {
    try {
      segmenterFor({ op: "UniformChoice", experimentSalt: "e", paramSalt: "p", groups: [{ id: "a", weight: 2 } as never] });
      throw new Error("expected an error");
    } catch (error) {
      expect(error).toBeInstanceOf(SegmenterOptionsError);
      expect((error as Error).message).toContain(`experiment "exp": groups[0].weight: unknown option`);
    }
  });
});

testSegmenter({
  name: `segmenter "compat:planout" (WeightedChoice, core-compatible)`,
  factory: planout,
  options: { op: "WeightedChoice", build: "core-compatible", experimentSalt: "exp1", paramSalt: "w", groups: [{ id: "a", weight: 1 }, { id: "b", weight: 2 }, { id: "c", weight: 7 }] },
  invalid: [
    { options: { op: "Sample", experimentSalt: "e", paramSalt: "p", groups: [{ id: "a" }] }, path: "op" },
    { options: { op: "UniformChoice", paramSalt: "p", groups: [{ id: "a" }] }, path: "experimentSalt" },
    { options: { op: "BernoulliTrial", experimentSalt: "e", paramSalt: "p", p: 2, groups: [{ id: "a", outcome: 1 }] }, path: "p" },
    { options: { op: "UniformChoice", fullSalt: "f", experimentSalt: "e", groups: [{ id: "a" }] }, path: "experimentSalt" },
  ],
});

testSegmenter({
  name: `segmenter "compat:planout" (UniformChoice, default build)`,
  factory: planout,
  options: { op: "UniformChoice", experimentSalt: "exp1", paramSalt: "variation", groups: ids(["a", "b", "c"]) },
  invalid: [{ options: { op: "UniformChoice", experimentSalt: "e", paramSalt: "p", build: "python", groups: [{ id: "a" }] }, path: "build" }],
});

testSegmenter({
  name: `segmenter "compat:planout" (BernoulliTrial)`,
  factory: planout,
  options: { op: "BernoulliTrial", experimentSalt: "exp1", paramSalt: "on", p: 0.3, groups: [{ id: "on", outcome: 1 }, { id: "off", outcome: 0 }] },
  invalid: [{ options: { op: "BernoulliTrial", experimentSalt: "e", paramSalt: "p", p: 0.5, groups: [{ id: "a", outcome: 1 }, { id: "b", outcome: 1 }] }, path: "groups[1].outcome" }],
});
