/**
 * A conversion whose record the store reported as failed, although the write landed (a store that
 * retries failed saves, a reply lost after the write): the retry the failure asked for counts it,
 * once; other processes, and later repeats, still refuse it.
 * @module
 */
import { describe, expect, it } from "vitest";
import { createEngine, MemoryAssignmentStore, type AssignmentStore, type NewAssignment } from "../src/index.ts";
import { UncreditedClaims } from "../src/uncredited-claims.ts";
import { config, layer } from "./support/configs.ts";
import { failingSaves } from "./support/failing-saves.ts";

const bandit = config({ h: "none" }, [
  layer("L", ["h"], [[0, 1000, { id: "bandit", status: "running", groups: [{ id: "x", params: { h: "x" } }, { id: "y", params: { h: "y" } }], segmenter: { type: "feedback", groups: [{ id: "x" }, { id: "y" }] } }]]),
]);

/** Successes counted for the bandit. */
const successes = (engine: ReturnType<typeof createEngine>) => Object.values(engine.feedback.read("bandit")).reduce((sum, arm) => sum + arm.successes, 0);

describe("convertWithStore, when the store reports a failure but applied the write", () => {
  it("a save that rejects after writing: the retry counts the conversion, a third call does not", async () => {
    const { store, failNext } = failingSaves();
    const engine = createEngine(bandit, { stores: { assignments: store }, onError: () => {} });
    const units = { userId: "u" };
    await engine.decideWithStore({ units });
    failNext("no reply within 500 ms", true);
    const first = await engine.convertWithStore(units, "bandit");
    expect(first).toEqual({ ok: false, reason: expect.stringContaining("could not be recorded in the assignment store (no reply within 500 ms), so it was not counted — retry it") });
    expect(successes(engine)).toBe(0);
    expect(await engine.convertWithStore(units, "bandit")).toEqual({ ok: true, group: expect.any(String) });
    expect(successes(engine)).toBe(1);
    expect(await engine.convertWithStore(units, "bandit")).toEqual({ ok: false, reason: expect.stringContaining("was counted already") });
    expect(successes(engine)).toBe(1);
  });

  it("a read-back that fails after the write (a store that reports nothing): the retry counts it", async () => {
    const inner = new MemoryAssignmentStore();
    let loads = 0;
    let failLoad = -1;
    const store: AssignmentStore = {
      load: (units) => {
        if (++loads === failLoad) throw new Error("connection reset");
        return inner.load(units);
      },
      save: (assignments) => void inner.save(assignments),
    };
    const engine = createEngine(bandit, { stores: { assignments: store }, onError: () => {} });
    const units = { userId: "u" };
    await engine.decideWithStore({ units });
    failLoad = loads + 2; // the conversion's lookup succeeds, its read-back fails
    expect((await engine.convertWithStore(units, "bandit")).ok).toBe(false);
    expect(await engine.convertWithStore(units, "bandit")).toEqual({ ok: true, group: expect.any(String) });
    expect(successes(engine)).toBe(1);
  });

  it("another process finding the claim refuses it as a repeat", async () => {
    const { store: failing, inner, failNext } = failingSaves();
    const units = { userId: "u" };
    const here = createEngine(bandit, { stores: { assignments: failing }, onError: () => {} });
    await here.decideWithStore({ units });
    failNext("reply lost", true);
    expect((await here.convertWithStore(units, "bandit")).ok).toBe(false);
    const elsewhere = createEngine(bandit, { stores: { assignments: inner } });
    expect((await elsewhere.convertWithStore(units, "bandit")).ok).toBe(false);
  });
});

/** Like a Redis store whose loads show this process's failed writes still waiting for a retry: while not writable, saves fail and their writes wait. */
function overlayingStore() {
  const inner = new MemoryAssignmentStore();
  const waiting: NewAssignment[] = [];
  let canWrite = true;
  const store: AssignmentStore = {
    load: (units) => {
      const out: Record<string, string> = { ...inner.load(units) };
      for (const w of waiting) if (out[w.experiment] === undefined) out[w.experiment] = w.group;
      return out;
    },
    save: (assignments) => {
      if (!canWrite) {
        waiting.push(...assignments);
        throw new Error("NOREPLICAS");
      }
      return inner.save(assignments);
    },
  };
  return { store, inner, waiting, writable: (value: boolean) => void (canWrite = value) };
}

describe("convertWithStore, when the store shows a write of this process that never landed", () => {
  it("the retry writes its claim again and counts only if the store keeps it: another server's conversion in between wins", async () => {
    const { store, inner, waiting, writable } = overlayingStore();
    const here = createEngine(bandit, { stores: { assignments: store }, onError: () => {} });
    const elsewhere = createEngine(bandit, { stores: { assignments: inner } });
    const units = { userId: "u" };
    await here.decideWithStore({ units });
    writable(false);
    expect((await here.convertWithStore(units, "bandit")).ok).toBe(false);
    writable(true);
    expect((await elsewhere.convertWithStore(units, "bandit")).ok).toBe(true);
    waiting.length = 0;
    const retried = await here.convertWithStore(units, "bandit");
    expect(retried.ok).toBe(false);
    expect(successes(here) + successes(elsewhere)).toBe(1);
  });

  it("the retry counts when the store keeps the claim it writes again", async () => {
    const { store, writable } = overlayingStore();
    const engine = createEngine(bandit, { stores: { assignments: store }, onError: () => {} });
    const units = { userId: "u" };
    await engine.decideWithStore({ units });
    writable(false);
    expect((await engine.convertWithStore(units, "bandit")).ok).toBe(false);
    expect((await engine.convertWithStore(units, "bandit")).ok).toBe(false);
    writable(true);
    expect(await engine.convertWithStore(units, "bandit")).toEqual({ ok: true, group: expect.any(String) });
    expect(await engine.convertWithStore(units, "bandit")).toEqual({ ok: false, reason: expect.stringContaining("was counted already") });
    expect(successes(engine)).toBe(1);
  });
});

describe("UncreditedClaims", () => {
  it("gives a claim back once, only for its marker and unit, and forgets the oldest beyond its limit", () => {
    const claims = new UncreditedClaims();
    claims.add("e#converted", "userId", "u", "x#1");
    claims.add("e#converted", "userId", "u", ["x#2", "x#1"]);
    expect(claims.take("e#converted", "userId", "v")).toEqual([]);
    expect(claims.take("f#converted", "userId", "u")).toEqual([]);
    expect(claims.take("e#converted", "userId", "u")).toEqual(["x#1", "x#2"]);
    expect(claims.take("e#converted", "userId", "u")).toEqual([]);
    for (let i = 0; i <= 10_000; i++) claims.add("e#converted", "userId", `u${i}`, "x#1");
    expect(claims.size).toBe(10_000);
    expect(claims.take("e#converted", "userId", "u0")).toEqual([]);
    expect(claims.take("e#converted", "userId", "u10000")).toEqual(["x#1"]);
  });
});
