import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { createEngine } from "../src/index.ts";
import { config, layer, percentExperiment } from "./support/configs.ts";

const JAN_2020 = Date.parse("2020-01-01T00:00:00Z");

/** An experiment that ended in 2020, one running since 2020 with no end, one without a schedule, one diverted by user-day. */
const cfg = config({ ended: "d", open: "d", always: "d", daily: "d" }, [
  layer("L1", ["ended"], [[0, 1000, percentExperiment("ended", "ended", { a: 100 }, { schedule: { start: "2020-01-01T00:00:00Z", end: "2020-02-01T00:00:00Z" } })]]),
  layer("L2", ["open"], [[0, 1000, percentExperiment("open", "open", { a: 100 }, { schedule: { start: "2020-01-01T00:00:00Z" } })]]),
  layer("L3", ["always"], [[0, 1000, percentExperiment("always", "always", { a: 100 })]]),
  layer("L4", ["daily"], [[0, 1000, percentExperiment("daily", "daily", { a: 100 }, { unit: "userId@day" })]]),
]);

const nullPrototype = Object.create(null) as object;
const badClocks: Array<[string, () => number]> = [
  ["throws an Error", () => {
    throw new Error("clock down");
  }],
  ["throws an object that cannot be printed", () => {
    throw nullPrototype;
  }],
  ["returns NaN", () => Number.NaN],
  ["returns Infinity", () => Number.POSITIVE_INFINITY],
  ["returns a time beyond what a Date holds", () => 1e20],
  ["returns a string", () => "1700000000000" as unknown as number],
  ["returns undefined", () => undefined as unknown as number],
];

describe("a clock that gives no valid time", () => {
  it.each(badClocks)("that %s: decide does not throw, scheduled experiments do not run, the others do, and errors say why", (_name, now) => {
    const onError = vi.fn();
    const engine = createEngine(cfg, { now, onError });
    const request = { units: { userId: "u" } };
    const d = engine.decide(request);
    expect(d.params).toEqual({ ended: "d", open: "d", always: "always:a", daily: "d" });
    expect(d.assignments.map((a) => a.experiment)).toEqual(["always"]);
    expect(d.errors).toHaveLength(1);
    expect(d.errors[0]).toMatch(/^the clock \(options\.now\) (threw|returned)/);
    expect(onError).toHaveBeenCalledWith(expect.any(Error), "decide");

    const x = engine.explain(request);
    expect(x.decision.assignments).toEqual(d.assignments);
    expect(x.decision.errors).toEqual(d.errors);
    for (const id of ["L1", "L2"]) {
      expect(x.layers.find((l) => l.layer === id)?.experiments[0]).toMatchObject({ outcome: "schedule", reason: expect.stringMatching(/no valid time/) });
    }
    expect(x.layers.find((l) => l.layer === "L4")?.buckets.find((b) => b.unitType === "userId@day")).toMatchObject({ reason: "no such unit in the request" });
  });

  it("a clock that fails only while catching another failure still gives a decision", () => {
    const engine = createEngine(cfg, {
      now: () => {
        throw new Error("clock down");
      },
    });
    const oddRequest = {
      get units(): never {
        throw new Error("odd request");
      },
    };
    const d = engine.decide(oddRequest);
    expect(d.errors).toEqual(["decision failed, defaults served: odd request"]);
    expect(d.get("always")).toBe("d");
  });

  it("a valid clock still runs schedules and user-day diversion", () => {
    const d = createEngine(cfg, { now: () => JAN_2020 + 86_400_000 }).decide({ units: { userId: "u" } });
    expect(d.params).toEqual({ ended: "ended:a", open: "open:a", always: "always:a", daily: "daily:a" });
    expect(d.errors).toEqual([]);
  });

  it("whatever the clock does, decide never throws and a scheduled experiment runs only at a valid time inside its schedule (fast-check)", () => {
    const clockOutcome = fc.oneof(
      fc.double(),
      fc.integer({ min: JAN_2020 - 1e11, max: JAN_2020 + 1e11 }),
      fc.anything({ withNullPrototype: true, withBigInt: true }),
      fc.anything({ withNullPrototype: true }).map((thrown) => ({ thrown })),
    );
    fc.assert(
      fc.property(clockOutcome, (outcome) => {
        const throws = outcome !== null && typeof outcome === "object" && Object.hasOwn(outcome, "thrown");
        const now = (): number => {
          if (throws) throw (outcome as { thrown: unknown }).thrown;
          return outcome as number;
        };
        const engine = createEngine(cfg, { now });
        const d = engine.decide({ units: { userId: "u" } });
        const valid = !throws && typeof outcome === "number" && Number.isFinite(outcome) && Math.abs(outcome) <= 8.64e15;
        expect(d.get("open")).toBe(valid && (outcome as number) >= JAN_2020 ? "open:a" : "d");
        expect(d.get("always")).toBe("always:a");
        expect(d.errors.length).toBe(valid ? 0 : 1);
        expect(engine.explain({ units: { userId: "u" } }).decision.errors).toEqual(d.errors);
      }),
      { numRuns: 400 },
    );
  });
});
