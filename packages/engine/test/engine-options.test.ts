import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defineSegmenter, MemoryFeedbackStats } from "@strata/segmenters";
import { createEngine, ENGINE_OPTION_NAMES, Engine, MemoryAssignmentStore, type ExposureEvent } from "../src/index.ts";
import { config, layer, percentExperiment } from "./support/configs.ts";

const cfg = config({ p: "d" }, [layer("L", ["p"], [[0, 1000, { ...percentExperiment("e", "p", { a: 100 }), sticky: true }]])]);
const KNOWN = ENGINE_OPTION_NAMES.join(", ");

/** The TypeError createEngine throws for `options` (fails the test when it does not throw one). */
function refusal(options: unknown): string {
  try {
    createEngine(cfg, options as never);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return (error as Error).message;
  }
  throw new Error(`createEngine accepted ${JSON.stringify(options)}`);
}

describe("createEngine's options: misspelt keys are refused, not ignored", () => {
  it.each([
    ["options.store", "stores", { store: { assignments: new MemoryAssignmentStore() } }],
    ["options.onexposure", "onExposure", { onexposure: () => undefined }],
    ["options.OnError", "onError", { OnError: () => undefined }],
    ["options.segmenter", "segmenters", { segmenter: [] }],
    ["options.exposures", "exposure", { exposures: "eager" }],
    ["options.stores.assignment", "assignments", { stores: { assignment: new MemoryAssignmentStore() } }],
    ["options.stores.Feedback", "feedback", { stores: { Feedback: new MemoryFeedbackStats() } }],
    ["options.stores.asignments", "assignments", { stores: { asignments: new MemoryAssignmentStore() } }],
  ])("refuses %s, naming it and suggesting %s", (key, meant, options) => {
    expect(refusal(options)).toContain(`${key} is not `);
    expect(refusal(options)).toContain(` — did you mean ${meant}? (the known ones are `);
  });

  it("names a key that is nothing like an option and lists the options", () => {
    expect(refusal({ colour: "red" })).toBe(`options.colour is not an option of createEngine; remove it (the known ones are ${KNOWN})`);
    expect(refusal({ "bad key": 1 })).toMatch(/^options\["bad key"\] is not an option of createEngine; remove it/);
  });

  it("refuses any key that is not an option, naming it (fast-check)", () => {
    const known: readonly string[] = ENGINE_OPTION_NAMES;
    fc.assert(
      fc.property(
        fc.string({ maxLength: 20 }).filter((key) => !known.includes(key) && key !== "__proto__"),
        (key) => {
          const message = refusal({ onError: () => undefined, [key]: true });
          expect(message.startsWith(`options.${key} is not`) || message.startsWith(`options[${JSON.stringify(key)}] is not`)).toBe(true);
        },
      ),
    );
  });

  it("suggests the option a key differs from only by case or by one typo (fast-check)", () => {
    const typo = fc.record({ name: fc.constantFrom(...ENGINE_OPTION_NAMES), at: fc.nat(), kind: fc.constantFrom("case", "drop", "double", "swap") });
    fc.assert(
      fc.property(typo, ({ name, at, kind }) => {
        const i = at % name.length;
        const key =
          kind === "case" ? name.toUpperCase()
          : kind === "drop" ? name.slice(0, i) + name.slice(i + 1)
          : kind === "double" ? name.slice(0, i) + name[i] + name.slice(i)
          : name.slice(0, i) + (name[i + 1] ?? "") + name[i] + name.slice(i + 2);
        fc.pre(key !== name);
        expect(refusal({ [key]: undefined })).toContain(`— did you mean ${name}?`);
      }),
    );
  });

  it("accepts a store bundle carrying members of its own (close, ready…), such as @strata/redis's", async () => {
    const assignments = new MemoryAssignmentStore();
    const stores = { assignments, feedback: new MemoryFeedbackStats(), connection: {}, ready: async () => true, status: () => ({}), close: async () => undefined };
    const engine = createEngine(cfg, { stores });
    await engine.decideWithStore({ units: { userId: "u" } });
    expect(assignments.load({ userId: "u" })).toEqual({ e: "a" });
  });
});

describe("createEngine's options: wrong values are refused", () => {
  it.each([
    [null, /^options must be an object such as \{ onExposure \}, or left out; got null$/],
    ["eager", /^options must be an object .*; got "eager"$/],
    [[], /^options must be an object .*; got an array$/],
    [{ exposure: "Eager" }, /^options\.exposure must be "lazy" or "eager"; got "Eager" — did you mean "eager"\?$/],
    [{ exposure: "eagre" }, /^options\.exposure must be "lazy" or "eager"; got "eagre" — did you mean "eager"\?$/],
    [{ exposure: true }, /^options\.exposure must be "lazy" or "eager"; got true$/],
    [{ onExposure: "log" }, /^options\.onExposure must be a function \(event\) => void; got "log"$/],
    [{ onError: {} }, /^options\.onError must be a function \(error, context\) => void; got an object$/],
    [{ now: 1_700_000_000_000 }, /^options\.now must be a function \(\) => milliseconds since the epoch, e\.g\. Date\.now; got 1700000000000$/],
    [{ random: 0.5 }, /^options\.random must be a function .*; got 0\.5$/],
    [{ stores: "redis://localhost" }, /^options\.stores must be an object such as \{ assignments: new MemoryAssignmentStore\(\) \}, or left out; got "redis:\/\/localhost"$/],
    [{ stores: { assignments: {} } }, /^options\.stores\.assignments must be an object with load\(\) and save\(\) methods, e\.g\. new MemoryAssignmentStore\(\); its load is undefined$/],
    [{ stores: { assignments: { load: () => ({}) } } }, /^options\.stores\.assignments must be .*; its save is undefined$/],
    [{ stores: { assignments: new Map() } }, /^options\.stores\.assignments must be .*; its load is undefined$/],
    [{ stores: { assignments: { load: () => ({}), save: () => undefined, loadByUnit: true } } }, /^options\.stores\.assignments\.loadByUnit must be a function \(units\) => stored assignments per unit type, or left out; got true$/],
    [{ stores: { feedback: { read: () => ({}) } } }, /^options\.stores\.feedback must be an object with read\(\) and increment\(\) methods, e\.g\. new MemoryFeedbackStats\(\); its increment is undefined$/],
    [{ stores: { feedback: 5 } }, /^options\.stores\.feedback must be .*; got 5$/],
    [{ segmenters: {} }, /^options\.segmenters must be an array of segmenter factories \(from defineSegmenter\), or left out; got an object$/],
    [{ segmenters: [null] }, /^options\.segmenters\[0\] must be a segmenter factory \{ type, options, create \} made with defineSegmenter; got null$/],
    [{ segmenters: [{ type: "mine" }] }, /^options\.segmenters\[0\] must be a segmenter factory/],
  ])("refuses %j with an error naming the option and the fix", (options, message) => {
    expect(refusal(options)).toMatch(message);
  });

  it("takes every option with a right value, undefined ones and no options at all", () => {
    const events: ExposureEvent[] = [];
    const mine = defineSegmenter({
      type: "mine",
      options: { "~standard": { version: 1, vendor: "test", validate: (value: unknown) => ({ value: value as Record<string, never> }) } },
      create: () => ({ groups: ["a"], assign: () => "a" }),
    });
    const engine = createEngine(cfg, {
      segmenters: [mine],
      stores: { assignments: new MemoryAssignmentStore(), feedback: new MemoryFeedbackStats() },
      onExposure: (event) => events.push(event),
      exposure: "eager",
      onError: () => undefined,
      now: () => 1000,
      random: Math.random,
    });
    engine.decide({ units: { userId: "u" } });
    expect(events).toMatchObject([{ experiment: "e", group: "a", at: 1000 }]);
    expect(createEngine(cfg, { stores: undefined, onExposure: undefined, exposure: undefined, segmenters: undefined })).toBeInstanceOf(Engine);
    expect(createEngine(cfg, undefined)).toBeInstanceOf(Engine);
    expect(new Engine(cfg)).toBeInstanceOf(Engine);
  });
});

describe("exposureReporting", () => {
  it("says the engine's exposure mode and whether it has a sink", () => {
    const cfg = config({ p: "d" }, [layer("L", ["p"], [[0, 1000, percentExperiment("e", "p", { a: 100 })]])]);
    expect(createEngine(cfg).exposureReporting).toEqual({ mode: "lazy", sink: false });
    expect(createEngine(cfg, { exposure: "eager", onExposure: () => undefined }).exposureReporting).toEqual({ mode: "eager", sink: true });
  });
});
