/**
 * A sticky unit whose stored group was retired from its experiment: it gets one new group, the
 * store replaces the retired one once (compare-and-set, so concurrent servers agree), and the
 * unit keeps the new group afterwards.
 * @module
 */
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { createEngine, MemoryAssignmentStore, type AssignmentStore, type NewAssignment } from "../src/index.ts";
import { config, layer, percentExperiment } from "./support/configs.ts";

/** A feedback bandit over `groups` (sticky by nature: each request could draw another arm). */
const bandit = (groups: string[]) =>
  config({ h: "hello" }, [
    layer("L", ["h"], [[0, 1000, { id: "bandit", status: "running", groups: groups.map((id) => ({ id, params: { h: id } })), segmenter: { type: "feedback", groups: groups.map((id) => ({ id })) } }]]),
  ]);

/** A sticky percentage experiment with the given weights. */
const sticky = (weights: Record<string, number>) => config({ p: "d" }, [layer("L", ["p"], [[0, 1000, percentExperiment("e", "p", weights, { sticky: true })]])]);

/** A memory store whose saves are recorded. */
function recordingStore(): { store: AssignmentStore; inner: MemoryAssignmentStore; saves: NewAssignment[][] } {
  const inner = new MemoryAssignmentStore();
  const saves: NewAssignment[][] = [];
  const store: AssignmentStore = {
    load: (units) => inner.load(units),
    save: (assignments) => {
      saves.push([...assignments]);
      inner.save(assignments);
    },
  };
  return { store, inner, saves };
}

describe("a stored group that was retired", () => {
  it("is replaced once: the unit gets one new group, stored once, and keeps it on later requests", async () => {
    const { store, inner, saves } = recordingStore();
    const engine = createEngine(bandit(["x", "y"]), { stores: { assignments: store } });
    const first = (await engine.decideWithStore({ units: { userId: "u" } })).assignments[0]!.group;
    expect(saves).toHaveLength(1);
    const remaining = first === "x" ? ["y", "z"] : ["x", "z"];
    expect(engine.update(bandit(remaining)).ok).toBe(true);

    const groups = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const decision = await engine.decideWithStore({ units: { userId: "u" } });
      groups.add(decision.assignments[0]!.group);
      // Other visitors move the bandit, so a fresh draw for "u" could land anywhere.
      for (let j = 0; j < 10; j++) {
        const other = { userId: `other-${i}-${j}` };
        if (engine.decide({ units: other }).assignments[0]!.group === "z") engine.convert(other, "bandit");
      }
    }
    expect(groups.size).toBe(1);
    const [replacement] = [...groups];
    expect(remaining).toContain(replacement);
    expect(saves).toHaveLength(2);
    expect(saves[1]).toEqual([{ experiment: "bandit", group: replacement, unitType: "userId", unit: "u", replaces: first }]);
    expect(inner.load({ userId: "u" })).toEqual({ bandit: replacement });
    const later = await engine.decideWithStore({ units: { userId: "u" } });
    expect(later.assignments[0]!.source).toBe("stored");
    expect(later.toPersist).toEqual([]);
  });

  it("costs one load and at most one save per request while it is replaced", async () => {
    const inner = new MemoryAssignmentStore();
    inner.save([{ experiment: "e", group: "retired", unitType: "userId", unit: "u" }]);
    const store: AssignmentStore = { load: vi.fn((u) => inner.load(u)), save: vi.fn((a) => inner.save(a)) };
    const engine = createEngine(sticky({ a: 100 }), { stores: { assignments: store } });
    const decision = await engine.decideWithStore({ units: { userId: "u" } });
    expect(decision.get("p")).toBe("e:a");
    expect(decision.toPersist).toEqual([{ experiment: "e", group: "a", unitType: "userId", unit: "u", replaces: "retired" }]);
    expect(store.load).toHaveBeenCalledTimes(1);
    expect(store.save).toHaveBeenCalledTimes(1);
    await engine.decideWithStore({ units: { userId: "u" } });
    expect(store.load).toHaveBeenCalledTimes(2);
    expect(store.save).toHaveBeenCalledTimes(1);
    expect(inner.load({ userId: "u" })).toEqual({ e: "a" });
  });

  it("is replaced by one server only: two servers that both saw it agree on the first replacement", async () => {
    const shared = new MemoryAssignmentStore();
    shared.save([{ experiment: "e", group: "retired", unitType: "userId", unit: "u" }]);
    // Mid-rollout the two servers run different weights, so their fresh draws differ.
    const serverA = createEngine(sticky({ a: 100, b: 0 }), { stores: { assignments: shared } });
    const serverB = createEngine(sticky({ a: 0, b: 100 }), { stores: { assignments: shared } });
    const snapshotA = shared.load({ userId: "u" });
    const snapshotB = shared.load({ userId: "u" });
    const decidedA = serverA.decide({ units: { userId: "u" }, stored: snapshotA });
    const decidedB = serverB.decide({ units: { userId: "u" }, stored: snapshotB });
    shared.save(decidedA.toPersist);
    shared.save(decidedB.toPersist);
    expect(shared.load({ userId: "u" })).toEqual({ e: "a" });
    expect((await serverB.decideWithStore({ units: { userId: "u" } })).get("p")).toBe("e:a");
  });

  it("shows in explain as stored-group-missing, then as stored once replaced", async () => {
    const store = new MemoryAssignmentStore();
    store.save([{ experiment: "e", group: "retired", unitType: "userId", unit: "u" }]);
    const engine = createEngine(sticky({ a: 100 }), { stores: { assignments: store } });
    const before = engine.explain({ units: { userId: "u" }, stored: store.load({ userId: "u" }) });
    expect(before.layers[0]!.experiments.map((e) => e.outcome)).toEqual(["stored-group-missing", "in"]);
    await engine.decideWithStore({ units: { userId: "u" } });
    const after = engine.explain({ units: { userId: "u" }, stored: store.load({ userId: "u" }) });
    expect(after.layers[0]!.experiments).toEqual([expect.objectContaining({ outcome: "in", source: "stored", group: "a" })]);
  });
});

describe("a stored value that is no group id at all (odd request input)", () => {
  it("is assigned afresh as a first assignment, which replaces nothing", () => {
    const engine = createEngine(sticky({ a: 100 }));
    const decision = engine.decide({ units: { userId: "u" }, stored: { e: 7 } as unknown as Record<string, string> });
    expect(decision.get("p")).toBe("e:a");
    expect(decision.toPersist).toEqual([{ experiment: "e", group: "a", unitType: "userId", unit: "u" }]);
  });
});

describe("MemoryAssignmentStore.save", () => {
  const groupArb = fc.constantFrom("a", "b", "c");
  const saveArb = fc.record({ experiment: fc.constantFrom("e1", "e2"), group: groupArb, unitType: fc.constant("userId"), unit: fc.constantFrom("u1", "u2"), replaces: fc.option(groupArb, { nil: undefined }) }).map(
    ({ replaces, ...rest }): NewAssignment => (replaces === undefined ? rest : { ...rest, replaces }),
  );

  it("writes a group only where none is stored or where the stored one is the group it replaces (fast-check)", () => {
    fc.assert(
      fc.property(fc.array(saveArb, { maxLength: 40 }), (saves) => {
        const store = new MemoryAssignmentStore();
        for (const a of saves) {
          const before = store.load({ [a.unitType]: a.unit })[a.experiment];
          store.save([a]);
          const after = store.load({ [a.unitType]: a.unit })[a.experiment];
          const writes = before === undefined || (a.replaces !== undefined && before === a.replaces);
          expect(after).toBe(writes ? a.group : before);
        }
      }),
    );
  });

  it("never overwrites a stored group with a first assignment", () => {
    const store = new MemoryAssignmentStore();
    store.save([{ experiment: "e", group: "first", unitType: "userId", unit: "u" }]);
    store.save([{ experiment: "e", group: "second", unitType: "userId", unit: "u" }]);
    expect(store.load({ userId: "u" })).toEqual({ e: "first" });
  });
});
