import { describe, expect, it, vi } from "vitest";
import { createEngine, MemoryAssignmentStore, type AssignmentStore, type ExposureEvent } from "../src/index.ts";
import { config, layer, percentExperiment } from "./support/configs.ts";

const sticky = (weights: Record<string, number>) =>
  config({ p: "d", q: "d" }, [
    layer("L", ["p"], [[0, 1000, percentExperiment("e", "p", weights, { sticky: true })]]),
    layer("M", ["q"], [[0, 1000, percentExperiment("other", "q", { x: 100 })]]),
  ]);

describe("exposure", () => {
  it("is reported lazily, once per experiment, when a parameter it set is read", () => {
    const events: ExposureEvent[] = [];
    const engine = createEngine(sticky({ a: 100 }), { onExposure: (e) => events.push(e), now: () => 1000 });
    const d = engine.decide({ units: { userId: "u" } });
    expect(events).toEqual([]);
    d.get("p");
    d.get("p");
    expect(events).toEqual([{ experiment: "e", group: "a", layer: "L", unitType: "userId", unit: "u", param: "p", at: 1000 }]);
    d.get("q");
    expect(events.map((e) => e.experiment)).toEqual(["e", "other"]);
  });

  it("is reported for a control group that keeps the default, too", () => {
    const events: ExposureEvent[] = [];
    const cfg = config({ p: "d", q: "d" }, [
      layer("L", ["p"], [[0, 1000, { ...percentExperiment("e", "p", { control: 100 }), groups: [{ id: "control" }] }]]),
      layer("M", ["q"], [[0, 1000, percentExperiment("other", "q", { x: 100 })]]),
    ]);
    const d = createEngine(cfg, { onExposure: (e) => events.push(e) }).decide({ units: { userId: "u" } });
    expect(d.get("p")).toBe("d");
    expect(events.map((e) => `${e.experiment}:${e.group}`)).toEqual(["e:control"]);
  });

  it("is reported eagerly by option, and a failing sink never fails the request", () => {
    const onError = vi.fn();
    const engine = createEngine(sticky({ a: 100 }), {
      exposure: "eager",
      onExposure: () => {
        throw new Error("sink down");
      },
      onError,
    });
    const d = engine.decide({ units: { userId: "u" } });
    expect(d.get("p")).toBe("e:a");
    expect(onError).toHaveBeenCalled();
  });

  it("is reported eagerly once per assignment: reading parameters afterwards reports nothing more", () => {
    const events: ExposureEvent[] = [];
    const engine = createEngine(sticky({ a: 100 }), { exposure: "eager", onExposure: (e) => events.push(e), now: () => 1000 });
    const d = engine.decide({ units: { userId: "u" } });
    expect(events.map((e) => e.experiment)).toEqual(["e", "other"]);
    d.get("p");
    d.get("q");
    d.get("p");
    expect(events).toEqual([
      { experiment: "e", group: "a", layer: "L", unitType: "userId", unit: "u", at: 1000 },
      { experiment: "other", group: "x", layer: "M", unitType: "userId", unit: "u", at: 1000 },
    ]);
  });
});

describe("assignment stores", () => {
  it("stored assignments survive weight changes", async () => {
    const store = new MemoryAssignmentStore();
    const engine = createEngine(sticky({ a: 50, b: 50 }), { stores: { assignments: store } });
    const units = Array.from({ length: 200 }, (_, i) => `u-${i}`);
    const first = new Map<string, string>();
    for (const userId of units) first.set(userId, (await engine.decideWithStore({ units: { userId } })).get("p") as string);
    expect(new Set(first.values())).toEqual(new Set(["e:a", "e:b"]));
    expect(engine.update(sticky({ a: 10, b: 90 })).ok).toBe(true);
    for (const userId of units) {
      const d = await engine.decideWithStore({ units: { userId } });
      expect(d.get("p")).toBe(first.get(userId));
      expect(d.assignments[0]!.source).toBe("stored");
    }
  });

  it("costs one load and at most one save per request", async () => {
    const inner = new MemoryAssignmentStore();
    const store: AssignmentStore = { load: vi.fn((u) => inner.load(u)), save: vi.fn((a) => inner.save(a)) };
    const engine = createEngine(sticky({ a: 100 }), { stores: { assignments: store } });
    await engine.decideWithStore({ units: { userId: "u" } });
    await engine.decideWithStore({ units: { userId: "u" } });
    expect(store.load).toHaveBeenCalledTimes(2);
    expect(store.save).toHaveBeenCalledTimes(1);
    expect(store.save).toHaveBeenCalledWith([{ experiment: "e", group: "a", unitType: "userId", unit: "u" }]);
  });

  it("a failing store lets decisions go on by hashing alone, with the reason in explain", async () => {
    const onError = vi.fn();
    const broken: AssignmentStore = { load: () => Promise.reject(new Error("ECONNREFUSED")), save: () => Promise.reject(new Error("ECONNREFUSED")) };
    const engine = createEngine(sticky({ a: 100 }), { stores: { assignments: broken }, onError });
    const d = await engine.decideWithStore({ units: { userId: "u" } });
    expect(d.get("p")).toBe("e:a");
    expect(d.errors).toEqual(["stored assignments not loaded: ECONNREFUSED"]);
    expect(onError).toHaveBeenCalledTimes(2);
    expect(engine.explain({ units: { userId: "u" }, storeError: "ECONNREFUSED" }).notes).toContain("stored assignments not loaded: ECONNREFUSED");
  });
});

describe("conversions", () => {
  it("convertWithStore credits the group the unit has in the store", async () => {
    const store = new MemoryAssignmentStore();
    const engine = createEngine(config({ h: "hello" }, [layer("L", ["h"], [[0, 1000, {
      id: "bandit",
      status: "running",
      groups: [{ id: "x", params: { h: "x" } }, { id: "y", params: { h: "y" } }],
      segmenter: { type: "feedback", groups: [{ id: "x" }, { id: "y" }] },
    }]])]), { stores: { assignments: store } });
    const first = (await engine.decideWithStore({ units: { userId: "u" } })).assignments[0]!.group;
    store.save([]);
    const other = first === "x" ? "y" : "x";
    // Pretend the store says otherwise: the conversion follows the store, not a fresh draw.
    const pinned = new MemoryAssignmentStore();
    pinned.save([{ experiment: "bandit", group: other, unitType: "userId", unit: "u" }]);
    expect(await engine.convertWithStore({ userId: "u" }, "bandit", {}, pinned)).toEqual({ ok: true, group: other });
    expect(await engine.convertWithStore({ userId: "u" }, "bandit")).toEqual({ ok: true, group: first });
  });

  const banditConfig = () =>
    config({ h: "hello" }, [layer("L", ["h"], [[0, 1000, {
      id: "bandit",
      status: "running",
      groups: [{ id: "x", params: { h: "x" } }, { id: "y", params: { h: "y" } }],
      segmenter: { type: "feedback", groups: [{ id: "x" }, { id: "y" }] },
    }]])]);
  const successes = (engine: ReturnType<typeof createEngine>) => Object.values(engine.feedback.read("bandit")).reduce((n, arm) => n + arm.successes, 0);

  it("with an assignment store, convert never credits a sticky group drawn afresh: it reports the problem and points to convertWithStore", async () => {
    const onError = vi.fn();
    const store = new MemoryAssignmentStore();
    const engine = createEngine(banditConfig(), { stores: { assignments: store }, onError });
    const shown = (await engine.decideWithStore({ units: { userId: "u" } })).assignments[0]!.group;

    const bare = engine.convert({ userId: "u" }, "bandit", { name: "buy" });
    expect(bare).toMatchObject({ ok: false, reason: expect.stringContaining('use await engine.convertWithStore(units, "bandit", conversion)') });
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: bare.reason }), "convert bandit");
    // The stored snapshot lacks this unit: its group would be a fresh draw too.
    expect(engine.convert({ userId: "v" }, "bandit", {}, { stored: store.load({ userId: "v" }) })).toMatchObject({ ok: false, reason: expect.stringContaining("pass { group }") });
    expect(successes(engine)).toBe(0);

    expect(engine.convert({ userId: "u" }, "bandit", {}, { stored: store.load({ userId: "u" }) })).toEqual({ ok: true, group: shown });
    expect(await engine.convertWithStore({ userId: "u" }, "bandit")).toEqual({ ok: true, group: shown });
    expect(engine.convert({ userId: "v" }, "bandit", {}, { group: "y" })).toEqual({ ok: true, group: "y" });
    expect(successes(engine)).toBe(3);
  });

  it("convertWithStore counts one conversion per unit of a sticky experiment, on every engine sharing the store", async () => {
    const store = new MemoryAssignmentStore();
    const engine = createEngine(banditConfig(), { stores: { assignments: store } });
    const other = createEngine(banditConfig(), { stores: { assignments: store } });
    const shown = (await engine.decideWithStore({ units: { userId: "u" } })).assignments[0]!.group;
    expect(await engine.convertWithStore({ userId: "u" }, "bandit", { name: "buy" })).toEqual({ ok: true, group: shown });
    // The visitor buys again, here and on another server: one trial, so one success.
    for (const again of [engine, engine, other]) {
      expect(await again.convertWithStore({ userId: "u" }, "bandit", { name: "buy" })).toMatchObject({ ok: false, reason: expect.stringContaining("counted already") });
    }
    expect(successes(engine)).toBe(1);
    expect(successes(other)).toBe(0);
    // The record is in the unit's stored assignments, where no experiment id can collide with it.
    // Its value is a claim: the group, "#" and a random id.
    expect(store.load({ userId: "u" })).toEqual({ bandit: shown, "bandit#converted": expect.stringMatching(new RegExp(`^${shown}#[0-9a-f]{32}$`)) });
    // Decisions are unaffected by it.
    expect((await engine.decideWithStore({ units: { userId: "u" } })).assignments.map((a) => a.group)).toEqual([shown]);
    const v = (await engine.decideWithStore({ units: { userId: "v" } })).assignments[0]!.group;
    expect(await engine.convertWithStore({ userId: "v" }, "bandit")).toEqual({ ok: true, group: v });
    expect(successes(engine)).toBe(2);
  });

  it("convertWithStore counts nothing when its record cannot be saved (a retry then counts it), and reports that", async () => {
    const onError = vi.fn();
    const memory = new MemoryAssignmentStore();
    let saves = 0;
    const failingSave: AssignmentStore = { load: (units) => memory.load(units), save: (entries) => (++saves === 1 ? Promise.reject(new Error("READONLY")) : memory.save(entries)) };
    const engine = createEngine(banditConfig(), { stores: { assignments: failingSave }, onError });
    memory.save([{ experiment: "bandit", group: "y", unitType: "userId", unit: "u" }]);
    expect(await engine.convertWithStore({ userId: "u" }, "bandit")).toMatchObject({ ok: false, reason: expect.stringMatching(/could not be recorded .*READONLY.*not counted — retry it/) });
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: "READONLY" }), "assignment store save");
    expect(successes(engine)).toBe(0);
    expect(await engine.convertWithStore({ userId: "u" }, "bandit")).toEqual({ ok: true, group: "y" });
    expect(successes(engine)).toBe(1);
  });

  it("convertWithStore counts one of two conversions of a unit made at once, on one engine or two (a double click)", async () => {
    const store = new MemoryAssignmentStore();
    const engine = createEngine(banditConfig(), { stores: { assignments: store } });
    const other = createEngine(banditConfig(), { stores: { assignments: store } });
    for (const userId of ["a", "b", "c", "d"]) {
      await engine.decideWithStore({ units: { userId } });
      const results = await Promise.all([engine.convertWithStore({ userId }, "bandit"), (userId < "c" ? engine : other).convertWithStore({ userId }, "bandit")]);
      expect(results.filter((result) => result.ok)).toHaveLength(1);
    }
    expect(successes(engine) + successes(other)).toBe(4);
  });

  it("convertWithStore counts a unit's conversion on its new group after its old one was retired", async () => {
    const store = new MemoryAssignmentStore();
    const engine = createEngine(banditConfig(), { stores: { assignments: store } });
    store.save([{ experiment: "bandit", group: "gone", unitType: "userId", unit: "u" }, { experiment: "bandit#converted", group: "gone", unitType: "userId", unit: "u" }]);
    const now = (await engine.decideWithStore({ units: { userId: "u" } })).assignments[0]!.group;
    expect(now).not.toBe("gone");
    expect(await engine.convertWithStore({ userId: "u" }, "bandit")).toEqual({ ok: true, group: now });
    expect(await engine.convertWithStore({ userId: "u" }, "bandit")).toMatchObject({ ok: false, reason: expect.stringContaining("counted already") });
    expect(successes(engine)).toBe(1);
  });

  it("convertWithStore counts nothing when the store cannot be read, and says why", async () => {
    const onError = vi.fn();
    const broken: AssignmentStore = { load: () => Promise.reject(new Error("ECONNREFUSED")), save: () => undefined };
    const engine = createEngine(banditConfig(), { stores: { assignments: broken }, onError });
    expect(await engine.convertWithStore({ userId: "u" }, "bandit")).toMatchObject({ ok: false, reason: expect.stringMatching(/^stored assignments not loaded: ECONNREFUSED; the conversion .* was not counted/) });
    expect(onError).toHaveBeenCalledWith(expect.any(Error), "assignment store load");
    expect(successes(engine)).toBe(0);
  });

  it("are routed to feedback segmenters and counted in their statistics", () => {
    const engine = createEngine(config({ h: "hello" }, [layer("L", ["h"], [[0, 1000, {
      id: "bandit",
      status: "running",
      groups: [{ id: "x", params: { h: "x" } }, { id: "y", params: { h: "y" } }],
      segmenter: { type: "feedback", groups: [{ id: "x" }, { id: "y" }] },
    }]])]));
    const d = engine.decide({ units: { userId: "u" } });
    const group = d.assignments[0]!.group;
    expect(engine.convert({ userId: "u" }, "bandit", { name: "buy" })).toEqual({ ok: true, group });
    const stats = engine.feedback.read("bandit");
    expect(stats[group]!.successes).toBe(1);
    // Only the decision counted a trial: explain and the conversion's lookup are dry runs.
    engine.explain({ units: { userId: "u" } });
    const trials = Object.values(engine.feedback.read("bandit")).reduce((n, arm) => n + arm.trials, 0);
    expect(trials).toBe(1);
    expect(engine.convert({ userId: "u" }, "nope")).toMatchObject({ ok: false, reason: 'unknown experiment "nope"' });
  });
});
