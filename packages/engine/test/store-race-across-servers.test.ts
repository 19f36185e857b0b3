/**
 * Two servers (two engines) sharing one assignment store decide the same new unit at the same
 * moment: the store keeps the first group saved, and a save that reports the group it kept lets
 * the other server show that group at once and leave the trial to the server whose save won.
 * @module
 */
import { defineSegmenter, MemoryFeedbackStats } from "@strata/segmenters";
import { describe, expect, it } from "vitest";
import { createEngine, MemoryAssignmentStore, type AssignmentStore, type ExposureEvent } from "../src/index.ts";
import { config, layer, users } from "./support/configs.ts";
import { failingSaves } from "./support/failing-saves.ts";

/** A sticky plugin that always draws its `prefer` group (two servers whose draws differ, as bandits' do on different snapshots); trials go to `log`. */
function preferring(log: string[]) {
  return defineSegmenter({
    type: "preferring",
    options: { "~standard": { version: 1, vendor: "test", validate: (value: unknown) => ({ value: value as { prefer: string } }) } },
    create: ({ prefer }) => ({
      groups: ["x", "y"],
      sticky: true,
      assign: (_unit, ctx) => {
        if (ctx.dryRun !== true) log.push(`assign-recorded:${prefer}`);
        return prefer;
      },
      trial: (unit, group) => log.push(`${unit}:${group}`),
    }),
  });
}

/** A config whose one layer holds the plugin's experiment, drawing `prefer`. */
const preferConfig = (prefer: string) =>
  config({ h: "none" }, [
    layer("L", ["h"], [[0, 1000, { id: "e", status: "running", groups: [{ id: "x", params: { h: "x" } }, { id: "y", params: { h: "y" } }], segmenter: { type: "preferring", prefer } }]]),
  ]);

/** A shared memory store answering after a macrotask, as Redis does. */
function sharedStore(): AssignmentStore {
  const inner = new MemoryAssignmentStore();
  const later = () => new Promise<void>((resolve) => setTimeout(resolve, 1));
  return {
    load: async (units) => (await later(), inner.load(units)),
    save: async (assignments) => (await later(), inner.save(assignments)),
  };
}

describe("two servers deciding one new unit at once", () => {
  it("show it the group the store kept and count one trial, by the server whose save won", async () => {
    const store = sharedStore();
    const log: string[] = [];
    const events: ExposureEvent[] = [];
    const options = { segmenters: [preferring(log)], stores: { assignments: store }, exposure: "eager" as const, onExposure: (e: ExposureEvent) => events.push(e) };
    const a = createEngine(preferConfig("x"), options);
    const b = createEngine(preferConfig("y"), options);
    const ids = users(40);
    for (const userId of ids) {
      const [da, db] = await Promise.all([a.decideWithStore({ units: { userId } }), b.decideWithStore({ units: { userId } })]);
      expect(db.get("h"), userId).toBe(da.get("h"));
      const kept = (await store.load({ userId })).e;
      expect(da.get("h")).toBe(kept);
      expect(log.filter((entry) => entry.startsWith(`${userId}:`))).toEqual([`${userId}:${kept}`]);
      expect(events.filter((e) => e.unit === userId).map((e) => e.group)).toEqual([kept, kept]);
    }
    expect(log.filter((entry) => entry.startsWith("assign-recorded"))).toEqual([]);
  });

  it("a feedback bandit on a shared statistics store counts one trial per unit", async () => {
    const store = sharedStore();
    const feedback = new MemoryFeedbackStats();
    const bandit = config({ h: "none" }, [
      layer("L", ["h"], [[0, 1000, { id: "bandit", status: "running", groups: [{ id: "x", params: { h: "x" } }, { id: "y", params: { h: "y" } }], segmenter: { type: "feedback", groups: [{ id: "x" }, { id: "y" }] } }]]),
    ]);
    const a = createEngine(bandit, { stores: { assignments: store, feedback } });
    const b = createEngine(bandit, { stores: { assignments: store, feedback } });
    const ids = users(60);
    for (const userId of ids) await Promise.all([a.decideWithStore({ units: { userId } }), b.decideWithStore({ units: { userId } })]);
    expect(Object.values(feedback.read("bandit")).reduce((sum, arm) => sum + arm.trials, 0)).toBe(ids.length);
  });

  it("a store that reports nothing is taken to have written everything (each server counts its own trial)", async () => {
    const inner = new MemoryAssignmentStore();
    const quiet: AssignmentStore = { load: (units) => inner.load(units), save: (assignments) => void inner.save(assignments) };
    const log: string[] = [];
    const engine = createEngine(preferConfig("x"), { segmenters: [preferring(log)], stores: { assignments: quiet } });
    expect((await engine.decideWithStore({ units: { userId: "u" } })).get("h")).toBe("x");
    // The second request's write dropped the first draw's pending trial (whichever write the
    // store keeps, its writer counts), so the late first write's trial goes uncounted: known,
    // and rarer than counting it twice.
    expect(log.length).toBeLessThanOrEqual(1);
  });

  it("a plain decide counts the trial at once, and a throwing trial is reported without failing the decision", () => {
    const log: string[] = [];
    const errors: string[] = [];
    const engine = createEngine(preferConfig("y"), { segmenters: [preferring(log)] });
    expect(engine.decide({ units: { userId: "u" } }).get("h")).toBe("y");
    expect(log).toEqual(["u:y"]);
    engine.explain({ units: { userId: "u" } });
    expect(log).toEqual(["u:y"]);
    const throwing = defineSegmenter({
      type: "preferring",
      options: { "~standard": { version: 1, vendor: "test", validate: (value: unknown) => ({ value: value as { prefer: string } }) } },
      create: ({ prefer }) => ({
        groups: ["x", "y"],
        assign: () => prefer,
        trial: () => {
          throw new Error("stats down");
        },
      }),
    });
    const failing = createEngine(preferConfig("x"), { segmenters: [throwing], onError: (error, context) => errors.push(`${context}: ${String(error)}`) });
    expect(failing.decide({ units: { userId: "u" } }).get("h")).toBe("x");
    expect(errors).toEqual(["trial of e: Error: stats down"]);
  });
});

describe("a save that keeps a group the re-decision cannot show", () => {
  /** The bandit over `groups`; `old` may be among them. */
  const banditOf = (experiments: Array<{ id: string; groups: string[] }>) =>
    config(
      experiments.length > 1 ? { h: "none", z: "none" } : { h: "none" },
      experiments.map(({ id, groups }, i) =>
        layer(`L${i}`, [i === 0 ? "h" : "z"], [[0, 1000, { id, status: "running", groups: groups.map((g) => ({ id: g, params: { [i === 0 ? "h" : "z"]: g } })), segmenter: { type: "feedback", groups: groups.map((g) => ({ id: g })) } }]]),
      ),
    );

  /** A memory store where, just before the first save, another server saves X = `race()` for unit u. */
  function racedStore(race: () => string): { store: AssignmentStore; inner: MemoryAssignmentStore } {
    const inner = new MemoryAssignmentStore();
    let raced = false;
    const store: AssignmentStore = {
      load: (units) => inner.load(units),
      save: (assignments) => {
        if (!raced) {
          raced = true;
          inner.save([{ experiment: "X", group: race(), unitType: "userId", unit: "u" }]);
        }
        return inner.save(assignments);
      },
    };
    return { store, inner };
  }

  it("a kept group retired here (another server on an older config saved it): the unit is drawn again, that draw saved, one trial", async () => {
    const { store, inner } = racedStore(() => "old");
    const engine = createEngine(banditOf([{ id: "X", groups: ["a", "b"] }]), { stores: { assignments: store } });
    const decision = await engine.decideWithStore({ units: { userId: "u" } });
    const stored = inner.load({ userId: "u" }).X;
    expect(["a", "b"]).toContain(stored);
    expect(decision.get("h")).toBe(stored);
    await engine.decideWithStore({ units: { userId: "u" } });
    expect(Object.values(engine.feedback.read("X")).reduce((sum, arm) => sum + arm.trials, 0)).toBe(1);
  });

  it("a config updated between the load and the save: the re-decision's new bandit is saved, one trial", async () => {
    const v2 = banditOf([
      { id: "X", groups: ["a", "b"] },
      { id: "Z", groups: ["p", "q"] },
    ]);
    let engine: ReturnType<typeof createEngine> | undefined;
    const { store, inner } = racedStore(() => {
      expect(engine?.update(v2)).toEqual({ ok: true });
      return "b";
    });
    engine = createEngine(banditOf([{ id: "X", groups: ["a", "b"] }]), { stores: { assignments: store } });
    const decision = await engine.decideWithStore({ units: { userId: "u" } });
    expect(decision.get("h")).toBe("b");
    expect(inner.load({ userId: "u" }).Z).toBe(decision.get("z"));
    await engine.decideWithStore({ units: { userId: "u" } });
    expect(Object.values(engine.feedback.read("Z")).reduce((sum, arm) => sum + arm.trials, 0)).toBe(1);
    expect(Object.values(engine.feedback.read("X")).reduce((sum, arm) => sum + arm.trials, 0)).toBe(0);
  });
});

describe("decideWithStore after a failed save", () => {
  const bandit = config({ h: "none" }, [
    layer("L", ["h"], [[0, 1000, { id: "X", status: "running", groups: [{ id: "a", params: { h: "a" } }, { id: "b", params: { h: "b" } }], segmenter: { type: "feedback", groups: [{ id: "a" }, { id: "b" }] } }]]),
  ]);
  /** Trials counted for X. */
  const trials = (engine: ReturnType<typeof createEngine>) => Object.values(engine.feedback.read("X")).reduce((sum, arm) => sum + arm.trials, 0);

  it("a save that times out but lands later: the bandit's draw is not shown, and its trial is counted when the unit finds it stored", async () => {
    const { store, inner, failNext } = failingSaves();
    failNext("no reply within 500 ms", true);
    const engine = createEngine(bandit, { stores: { assignments: store }, onError: () => {} });
    const first = await engine.decideWithStore({ units: { userId: "u" } });
    expect(first.get("h")).toBe("none");
    expect(first.errors).toEqual(["new sticky assignments not saved: no reply within 500 ms; a bandit's draw is shown once the store holds it"]);
    expect(trials(engine)).toBe(0);
    const second = await engine.decideWithStore({ units: { userId: "u" } });
    expect(second.get("h")).toBe(inner.load({ userId: "u" }).X);
    expect(second.assignments[0]?.source).toBe("stored");
    expect(trials(engine)).toBe(1);
    await engine.decideWithStore({ units: { userId: "u" } });
    expect(trials(engine)).toBe(1);
  });

  it("two servers, the first one's save timing out while the other's lands: no server shows a group that does not stand, one trial", async () => {
    const inner = new MemoryAssignmentStore();
    const feedback = new MemoryFeedbackStats();
    const log: string[] = [];
    const timingOut: AssignmentStore = {
      load: (units) => inner.load(units),
      save: () => {
        // The other server's save lands first, with the other group.
        inner.save([{ experiment: "e", group: "y", unitType: "userId", unit: "u" }]);
        throw new Error("no reply within 500 ms");
      },
    };
    const a = createEngine(preferConfig("x"), { segmenters: [preferring(log)], stores: { assignments: timingOut, feedback }, onError: () => {} });
    const shown = await a.decideWithStore({ units: { userId: "u" } });
    expect(shown.get("h")).toBe("none");
    expect(log).toEqual([]);
    const b = createEngine(preferConfig("y"), { segmenters: [preferring(log)], stores: { assignments: inner, feedback } });
    expect((await b.decideWithStore({ units: { userId: "u" } })).get("h")).toBe("y");
    const again = await a.decideWithStore({ units: { userId: "u" } });
    expect(again.get("h")).toBe("y");
    expect(log).toEqual([]);
  });

  it("two failed saves in a row, the first landing late: the unit sees the group stored, and no trial is counted twice", async () => {
    const inner = new MemoryAssignmentStore();
    const log: string[] = [];
    let saves = 0;
    const store: AssignmentStore = {
      load: (units) => inner.load(units),
      save: () => {
        saves++;
        // The first save's write lands after the second request has loaded (a late retry).
        if (saves === 2) inner.save([{ experiment: "e", group: "x", unitType: "userId", unit: "u" }]);
        throw new Error("no reply within 500 ms");
      },
    };
    let prefer = "x";
    const drawing = defineSegmenter({
      type: "preferring",
      options: { "~standard": { version: 1, vendor: "test", validate: (value: unknown) => ({ value: value as { prefer: string } }) } },
      create: () => ({ groups: ["x", "y"], sticky: true, assign: () => prefer, trial: (unit, group) => log.push(`${unit}:${group}`) }),
    });
    const engine = createEngine(preferConfig("x"), { segmenters: [drawing], stores: { assignments: store }, onError: () => {} });
    expect((await engine.decideWithStore({ units: { userId: "u" } })).get("h")).toBe("none");
    prefer = "y";
    expect((await engine.decideWithStore({ units: { userId: "u" } })).get("h")).toBe("none");
    expect((await engine.decideWithStore({ units: { userId: "u" } })).get("h")).toBe("x");
    // The second request's write dropped the first draw's pending trial (whichever write the
    // store keeps, its writer counts), so the late first write's trial goes uncounted: known,
    // and rarer than counting it twice.
    expect(log.length).toBeLessThanOrEqual(1);
  });

  it("after a failed save that never landed, two requests of the unit side by side: the one whose save is written counts the trial, the other none", async () => {
    const inner = new MemoryAssignmentStore();
    const log: string[] = [];
    let saves = 0;
    const tick = () => new Promise((resolve) => setTimeout(resolve, 1));
    const store: AssignmentStore = {
      load: async (units) => (await tick(), inner.load(units)),
      save: async (assignments) => {
        const n = ++saves;
        if (n === 1) throw new Error("no reply within 500 ms");
        const kept = inner.save(assignments);
        // The written save answers last, after the other request has loaded its group.
        await new Promise((resolve) => setTimeout(resolve, n === 2 ? 30 : 1));
        return kept;
      },
    };
    const engine = createEngine(preferConfig("x"), { segmenters: [preferring(log)], stores: { assignments: store }, onError: () => {} });
    const units = { userId: "u" };
    const shown = await Promise.all([engine.decideWithStore({ units }), engine.decideWithStore({ units }), engine.decideWithStore({ units })]);
    expect(shown.map((d) => d.get("h"))).toEqual(["none", "x", "x"]);
    expect(log).toEqual(["u:x"]);
  });

  it("a save whose write never lands: the next request draws again and counts that trial once", async () => {
    const { store, failNext } = failingSaves();
    failNext("connection reset", false);
    const engine = createEngine(bandit, { stores: { assignments: store }, onError: () => {} });
    expect((await engine.decideWithStore({ units: { userId: "u" } })).get("h")).toBe("none");
    const second = await engine.decideWithStore({ units: { userId: "u" } });
    expect(["a", "b"]).toContain(second.get("h"));
    await engine.decideWithStore({ units: { userId: "u" } });
    expect(trials(engine)).toBe(1);
  });
});

describe("decideWithStore after a failed load", () => {
  it("does not wait for the save, so a request waits on a failing store once", async () => {
    let saved = false;
    const store: AssignmentStore = {
      load: () => Promise.reject(new Error("timeout")),
      save: () => new Promise<void>(() => void (saved = true)),
    };
    const sticky = config({ p: "d" }, [layer("L", ["p"], [[0, 1000, { id: "s", status: "running", sticky: true, groups: [{ id: "a", params: { p: "a" } }], segmenter: { type: "percentage", groups: [{ id: "a", weight: 100 }] } }]])]);
    const engine = createEngine(sticky, { stores: { assignments: store }, onError: () => {} });
    const outcome = await Promise.race([engine.decideWithStore({ units: { userId: "u" } }), new Promise((resolve) => setTimeout(() => resolve("still waiting"), 1000))]);
    expect(outcome).not.toBe("still waiting");
    expect(saved).toBe(true);
  });
});
