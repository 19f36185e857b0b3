/**
 * While the assignment store cannot be read, a sticky experiment whose segmenter draws (a bandit)
 * leaves the unit out: a fresh draw could show another arm than the stored one on every request
 * and count a trial each time. Sticky experiments that hash keep deciding by the hash.
 * @module
 */
import { describe, expect, it } from "vitest";
import { createEngine, MemoryAssignmentStore, storeErrorOf, type AssignmentStore } from "../src/index.ts";
import { config, layer, percentExperiment, users } from "./support/configs.ts";

/** A bandit in one layer, a sticky percentage experiment in another, a plain one in a third. */
const cfg = config({ h: "hello", p: "d", q: "d" }, [
  layer("B", ["h"], [[0, 1000, { id: "bandit", status: "running", groups: ["x", "y"].map((id) => ({ id, params: { h: id } })), segmenter: { type: "feedback", groups: [{ id: "x" }, { id: "y" }] } }]]),
  layer("S", ["p"], [[0, 1000, percentExperiment("sticky", "p", { a: 50, b: 50 }, { sticky: true })]]),
  layer("P", ["q"], [[0, 1000, percentExperiment("plain", "q", { c: 50, d: 50 })]]),
]);

/** A store that cannot be read; `saves` counts the writes it was asked for. */
function downStore(): AssignmentStore & { saves: number } {
  return {
    saves: 0,
    load: () => Promise.reject(new Error("ECONNREFUSED")),
    save() {
      this.saves++;
    },
  };
}

describe("a store that cannot be read", () => {
  it("leaves a unit out of a sticky bandit: its defaults, no trial, nothing saved of it; hashing experiments decide as usual", async () => {
    const store = downStore();
    const errors: string[] = [];
    const engine = createEngine(cfg, { stores: { assignments: store }, onError: (_e, context) => errors.push(context) });
    const healthy = createEngine(cfg, { stores: { assignments: new MemoryAssignmentStore() } });
    for (const userId of users(40)) {
      const d = await engine.decideWithStore({ units: { userId } });
      const h = await healthy.decideWithStore({ units: { userId } });
      expect(d.get("h")).toBe("hello");
      expect(d.assignments.map((a) => a.experiment)).toEqual(["sticky", "plain"]);
      expect(d.get("p")).toBe(h.get("p"));
      expect(d.get("q")).toBe(h.get("q"));
      expect(d.toPersist.map((a) => a.experiment)).toEqual(["sticky"]);
      expect(d.errors).toEqual(["stored assignments not loaded: ECONNREFUSED"]);
    }
    expect(engine.feedback.read("bandit")).toEqual({});
    expect(errors).toHaveLength(40);
  });

  it("explain names the reason, and decide given the same storeError agrees", () => {
    const engine = createEngine(cfg);
    const request = { units: { userId: "u" }, storeError: "ECONNREFUSED" };
    const explained = engine.explain(request);
    expect(explained.layers[0]?.experiments).toEqual([
      expect.objectContaining({ experiment: "bandit", outcome: "store-unavailable", reason: expect.stringMatching(/^sticky, its stored group could not be loaded/) }),
    ]);
    expect(engine.decide(request).assignments.map((a) => a.experiment)).toEqual(explained.decision.assignments.map((a) => a.experiment));
    expect(engine.feedback.read("bandit")).toEqual({});
  });

  it("after a failed save, explain says the save failed, not that the store could not be read", async () => {
    const engine = createEngine(cfg, { stores: { assignments: { load: () => ({}), save: () => Promise.reject(new Error("NOREPLICAS")) } }, onError: () => {} });
    const decision = await engine.decideWithStore({ units: { userId: "u" } });
    const storeError = storeErrorOf(decision.errors);
    expect(storeError).toMatch(/^new sticky assignments not saved: NOREPLICAS/);
    const [bandit] = engine.explain({ units: { userId: "u" }, storeError }).layers[0]?.experiments ?? [];
    expect(bandit).toMatchObject({ experiment: "bandit", outcome: "store-unavailable" });
    expect(bandit?.reason).toMatch(/^sticky, this request's save of new sticky assignments failed/);
    expect(bandit?.reason).not.toContain("could not be loaded");
  });

  it("a stored group given with the request still counts, store error or not", () => {
    const engine = createEngine(cfg);
    const d = engine.decide({ units: { userId: "u" }, stored: { bandit: "y" }, storeError: "ECONNREFUSED" });
    expect(d.get("h")).toBe("y");
    expect(d.assignments[0]?.source).toBe("stored");
  });

  it("once the store answers again, the unit is drawn and counted once", async () => {
    const inner = new MemoryAssignmentStore();
    let down = true;
    const store: AssignmentStore = { load: (units) => (down ? Promise.reject(new Error("down")) : inner.load(units)), save: (a) => inner.save(a) };
    const engine = createEngine(cfg, { stores: { assignments: store }, onError: () => {} });
    for (let i = 0; i < 5; i++) expect((await engine.decideWithStore({ units: { userId: "u" } })).get("h")).toBe("hello");
    down = false;
    const groups = new Set<string>();
    for (let i = 0; i < 5; i++) groups.add((await engine.decideWithStore({ units: { userId: "u" } })).get("h") as string);
    expect(groups.size).toBe(1);
    expect(Object.values(engine.feedback.read("bandit")).reduce((sum, arm) => sum + arm.trials, 0)).toBe(1);
  });
});

describe("storeErrorOf", () => {
  it("gives the store error behind a decision's errors, to explain it again", () => {
    expect(storeErrorOf(["stored assignments not loaded: ECONNREFUSED"])).toBe("ECONNREFUSED");
    expect(storeErrorOf(["x", "new sticky assignments not saved: timeout; a bandit's draw is shown once the store holds it"])).toBe(
      "new sticky assignments not saved: timeout; a bandit's draw is shown once the store holds it",
    );
    expect(storeErrorOf(["experiment e: segmenter threw: boom"])).toBeUndefined();
    const engine = createEngine(cfg);
    const unsaved = "new sticky assignments not saved: timeout; a bandit's draw is shown once the store holds it";
    expect(engine.explain({ units: { userId: "u" }, storeError: unsaved }).notes).toContain(unsaved);
    expect(engine.decide({ units: { userId: "u" }, storeError: unsaved }).errors).toEqual([unsaved]);
  });
});
