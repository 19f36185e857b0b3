/**
 * `decideWithStore` within one engine: requests of a unit that arrive while one of its decisions
 * with the store is in flight wait for it, so a new unit gets one group and one trial however
 * many of its requests arrive together; other units never wait.
 * @module
 */
import { describe, expect, it } from "vitest";
import { createEngine, MemoryAssignmentStore, type AssignmentStore, type Units } from "../src/index.ts";
import { unitKeysOf, UnitFlights } from "../src/unit-flights.ts";
import { config, layer, users } from "./support/configs.ts";

/** A feedback bandit over three arms (sticky by nature). */
const bandit = config({ h: "hello" }, [
  layer("L", ["h"], [[0, 1000, { id: "bandit", status: "running", groups: ["x", "y", "z"].map((id) => ({ id, params: { h: id } })), segmenter: { type: "feedback", groups: [{ id: "x" }, { id: "y" }, { id: "z" }] } }]]),
]);

/** A memory store answering after a macrotask, as a remote store does; `loads` counts its reads. */
function slowStore(): AssignmentStore & { loads: number } {
  const inner = new MemoryAssignmentStore();
  const later = () => new Promise<void>((resolve) => setTimeout(resolve, 1));
  return {
    loads: 0,
    async load(units) {
      this.loads++;
      await later();
      return inner.load(units);
    },
    async save(assignments) {
      await later();
      inner.save(assignments);
    },
  };
}

/** Every trial counted for the bandit. */
function trials(engine: ReturnType<typeof createEngine>): number {
  return Object.values(engine.feedback.read("bandit")).reduce((sum, arm) => sum + arm.trials, 0);
}

describe("decideWithStore, two requests of a new unit at once", () => {
  it("gives both the same group and counts one trial per unit", async () => {
    const engine = createEngine(bandit, { stores: { assignments: slowStore() } });
    const ids = users(60);
    const pairs = await Promise.all(ids.map((userId) => Promise.all([engine.decideWithStore({ units: { userId } }), engine.decideWithStore({ units: { userId } })])));
    for (const [a, b] of pairs) expect(b.get("h")).toBe(a.get("h"));
    expect(trials(engine)).toBe(ids.length);
  });

  it("a burst of ten: one group, one trial, and the nine wait for the first only (they run side by side after it)", async () => {
    const store = slowStore();
    const engine = createEngine(bandit, { stores: { assignments: store } });
    const burst = await Promise.all(Array.from({ length: 10 }, () => engine.decideWithStore({ units: { userId: "u" } })));
    expect(new Set(burst.map((d) => d.get("h"))).size).toBe(1);
    expect(burst.filter((d) => d.assignments[0]?.source === "segmenter")).toHaveLength(1);
    expect(trials(engine)).toBe(1);
    expect(store.loads).toBe(10);
  });

  it("a request sharing any one unit (the cookie) with a request in flight waits for it", async () => {
    const engine = createEngine(config({ h: "hello" }, [...bandit.domain.layers], ["cookieId"]), { stores: { assignments: slowStore() } });
    const [anonymous, signedIn] = await Promise.all([engine.decideWithStore({ units: { cookieId: "c" } }), engine.decideWithStore({ units: { userId: "u", cookieId: "c" } })]);
    expect(signedIn.get("h")).toBe(anonymous.get("h"));
    expect(trials(engine)).toBe(1);
  });
});

describe("decideWithStore never holds up other units", () => {
  it("a unit whose load never answers does not delay another unit", async () => {
    const inner = new MemoryAssignmentStore();
    const store: AssignmentStore = {
      load: (units: Units) => (units.userId === "stuck" ? new Promise(() => {}) : inner.load(units)),
      save: (assignments) => inner.save(assignments),
    };
    const engine = createEngine(bandit, { stores: { assignments: store } });
    void engine.decideWithStore({ units: { userId: "stuck" } });
    const other = await engine.decideWithStore({ units: { userId: "free" } });
    expect(other.assignments).toHaveLength(1);
  });

  it("a leader whose load fails passes its error to the requests behind it, which do not load again; the next request loads", async () => {
    let loads = 0;
    const inner = new MemoryAssignmentStore();
    const store: AssignmentStore = {
      load: async (units) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (++loads === 1) throw new Error("ECONNRESET");
        return inner.load(units);
      },
      save: (assignments) => inner.save(assignments),
    };
    const errors: string[] = [];
    const engine = createEngine(bandit, { stores: { assignments: store }, onError: (_e, context) => errors.push(context) });
    const burst = await Promise.all([1, 2, 3].map(() => engine.decideWithStore({ units: { userId: "u" } })));
    expect(loads).toBe(1);
    for (const d of burst) {
      expect(d.errors).toEqual(["stored assignments not loaded: ECONNRESET"]);
      expect(d.assignments).toEqual([]);
    }
    expect(errors).toEqual(["assignment store load"]);
    const later = await engine.decideWithStore({ units: { userId: "u" } });
    expect(loads).toBe(2);
    expect(later.errors).toEqual([]);
    expect(later.assignments[0]?.source).toBe("segmenter");
  });

  it("a leader whose store never answers holds the unit up for LEADER_WAIT_MS once, then no more", async () => {
    let loads = 0;
    const inner = new MemoryAssignmentStore();
    const store: AssignmentStore = {
      load: (units) => (++loads === 1 ? new Promise(() => {}) : inner.load(units)),
      save: (assignments) => inner.save(assignments),
    };
    const engine = createEngine(bandit, { stores: { assignments: store } });
    void engine.decideWithStore({ units: { userId: "u" } });
    const follower = await engine.decideWithStore({ units: { userId: "u", cookieId: "c" } });
    expect(follower.assignments).toHaveLength(1);
    expect(loads).toBe(2);
    const flights = (engine as unknown as { flightsByStore: WeakMap<AssignmentStore, { leaders: Map<string, unknown> }> }).flightsByStore.get(store)!;
    expect([...flights.leaders.keys()]).toEqual([]);
  });
});

describe("UnitFlights", () => {
  it("runs a follower only after the leader has finished, and forgets a unit once it is idle", async () => {
    const flights = new UnitFlights<void>(() => undefined);
    const order: string[] = [];
    let release = () => {};
    const leader = flights.run(["userId:u"], () => new Promise<void>((resolve) => (release = () => (order.push("leader"), resolve()))));
    const follower = flights.run(["userId:u"], async () => void order.push("follower"));
    const stranger = flights.run(["userId:v"], async () => void order.push("stranger"));
    await stranger;
    expect(order).toEqual(["stranger"]);
    release();
    await Promise.all([leader, follower]);
    expect(order).toEqual(["stranger", "leader", "follower"]);
    expect((flights as unknown as { leaders: Map<string, unknown> }).leaders.size).toBe(0);
  });

  it("passes a task's rejection to its caller only", async () => {
    const flights = new UnitFlights<string>(() => undefined);
    const failing = flights.run(["k"], () => Promise.reject(new Error("boom")));
    const next = flights.run(["k"], async () => "ran");
    await expect(failing).rejects.toThrow("boom");
    await expect(next).resolves.toBe("ran");
  });

  it("gives up a leader that has not ended within its wait: the follower runs, hearing nothing, and the unit is free again", async () => {
    const flights = new UnitFlights<string, string>((note) => note, 5);
    const stuck = flights.run(["k"], () => new Promise<string>(() => {}));
    const heard: Array<string | undefined> = [];
    await flights.run(["k"], async (note) => (heard.push(note), "follower"));
    expect(heard).toEqual([undefined]);
    expect((flights as unknown as { leaders: Map<string, unknown> }).leaders.size).toBe(0);
    void stuck;
  });

  it("passes the note a finished leader leaves to the tasks waiting for it, and none to later tasks", async () => {
    const flights = new UnitFlights<string, string>((result) => (result === "failed" ? "store down" : undefined));
    let release = () => {};
    const leader = flights.run(["k"], () => new Promise<string>((resolve) => (release = () => resolve("failed"))));
    const heard: Array<string | undefined> = [];
    const follower = flights.run(["k", "other"], async (note) => (heard.push(note), "ok"));
    release();
    await Promise.all([leader, follower]);
    await flights.run(["k"], async (note) => (heard.push(note), "ok"));
    expect(heard).toEqual(["store down", undefined]);
  });

  it("keys units as the store loads them: each unit type and id, odd values left out", () => {
    expect(unitKeysOf({ userId: "u", cookieId: 7, empty: "", none: null, nan: Number.NaN, obj: {} })).toEqual(["userId:u", "cookieId:7"]);
    expect(unitKeysOf(null)).toEqual([]);
    const throwing = Object.defineProperty({ userId: "u" }, "later", {
      enumerable: true,
      get() {
        throw new Error("getter");
      },
    });
    expect(unitKeysOf(throwing)).toEqual(["userId:u"]);
  });
});

describe("decideWithStore with two stores", () => {
  const sticky = config({ p: "d" }, [layer("L", ["p"], [[0, 1000, { id: "e", status: "running", sticky: true, groups: ["a", "b"].map((id) => ({ id, params: { p: id } })), segmenter: { type: "percentage", groups: [{ id: "a", weight: 50 }, { id: "b", weight: 50 }] } }]])]);

  it("does not hand one store's load error to a request of the same unit on another store", async () => {
    const engine = createEngine(sticky, { onError: () => undefined });
    const failing: AssignmentStore = {
      load: () => new Promise((_, reject) => setTimeout(() => reject(new Error("A is down")), 20)),
      save: () => undefined,
    };
    const healthy = slowStore();
    const units = { userId: "u1" };
    const hashed = engine.decide({ units }).assignments[0]!.group;
    const other = hashed === "a" ? "b" : "a";
    await healthy.save([{ experiment: "e", group: other, unitType: "userId", unit: "u1" }]);
    const [onFailing, onHealthy] = await Promise.all([engine.decideWithStore({ units }, failing), engine.decideWithStore({ units }, healthy)]);
    expect(onFailing.errors.join()).toMatch(/A is down/);
    expect(healthy.loads).toBe(1);
    expect(onHealthy.errors).toEqual([]);
    expect(onHealthy.assignments[0]).toMatchObject({ group: other, source: "stored" });
  });

  it("tells the observer what the decision took from the load, and survives an observer that throws", async () => {
    const errors: string[] = [];
    const engine = createEngine(sticky, { onError: (_error, context) => void errors.push(context) });
    const store = new MemoryAssignmentStore();
    store.save([{ experiment: "e", group: "b", unitType: "userId", unit: "u1" }]);
    const seen: unknown[] = [];
    const decision = await engine.decideWithStore({ units: { userId: "u1" } }, store, { onLoad: (snapshot) => void seen.push(snapshot) });
    expect(seen).toEqual([{ e: "b" }]);
    expect(decision.assignments[0]).toMatchObject({ group: "b", source: "stored" });
    const again = await engine.decideWithStore({ units: { userId: "u1" } }, store, {
      onLoad: () => {
        throw new Error("observer bug");
      },
    });
    expect(again.assignments[0]).toMatchObject({ group: "b", source: "stored" });
    expect(errors).toEqual(["decideWithStore onLoad"]);
  });
});
