import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bucket } from "@strata/hash";
import { createEngine } from "../src/index.ts";
import { config, layer, percentExperiment } from "./support/configs.ts";

describe("the bucket → slot lookup", () => {
  it("finds the slot whose range holds the layer bucket, for any layout of up to 41 slots, with and without gaps (fast-check)", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 999 }), { minLength: 1, maxLength: 40 }), fc.boolean(), (cuts, leaveGaps) => {
        const bounds = [0, ...[...cuts].sort((a, b) => a - b), 1000];
        const slots: Array<[number, number, ReturnType<typeof percentExperiment>]> = [];
        for (let i = 0; i + 1 < bounds.length; i++) {
          // With gaps, every other range stays empty.
          if (leaveGaps && i % 2 === 1) continue;
          slots.push([bounds[i]!, bounds[i + 1]!, percentExperiment(`e${i}`, "p", { on: 100 })]);
        }
        const engine = createEngine(config({ p: "d" }, [layer("L", ["p"], slots)]));
        for (let u = 0; u < 300; u++) {
          const userId = `u-${u}`;
          const b = bucket(userId, "L", 1000);
          const expected = slots.find(([start, end]) => b >= start && b < end)?.[2].id;
          expect(engine.decide({ units: { userId } }).assignments[0]?.experiment).toBe(expected);
        }
      }),
      { numRuns: 60 },
    );
  });
});
