/**
 * A sticky experiment whose diversion changed (cookie to user id, say) while groups stored under
 * the former unit type remain: a store that loads per unit type (`loadByUnit`) lets the engine
 * leave those groups out, so a signed-in user gets one group on all their devices, and their
 * conversions are credited to it.
 * @module
 */
import { describe, expect, it } from "vitest";
import { createEngine, MemoryAssignmentStore, type AssignmentStore, type Engine } from "../src/index.ts";
import { mergeStoredByUnit } from "../src/stored-by-unit.ts";
import { config, layer, percentExperiment, users } from "./support/configs.ts";

/** One sticky 50/50 experiment `checkout` diverted by `unit`. */
function stickyConfig(unit: "cookieId" | "userId") {
  return config({ p: "-" }, [layer("L", ["p"], [[0, 1000, percentExperiment("checkout", "p", { a: 50, b: 50 }, { unit, sticky: true })]])]);
}

/** The group `engine` gives `units` (decided with its store). */
async function groupOf(engine: Engine, units: Record<string, string>): Promise<string | undefined> {
  return (await engine.decideWithStore({ units })).assignments.find((a) => a.experiment === "checkout")?.group;
}

/** The same store seen through `load` and `save` only, as a store without `loadByUnit` is. */
function mergedOnly(store: AssignmentStore): AssignmentStore {
  return { load: (units) => store.load(units), save: (assignments) => store.save(assignments) };
}

/** Two devices (cookies) whose stored cookie groups differ, and a user id whose own group differs from the first device's. */
async function devicesAfterSwitch(store: MemoryAssignmentStore) {
  const byCookie = createEngine(stickyConfig("cookieId"), { stores: { assignments: store } });
  const cookies = users(100, "device-");
  const groups = new Map<string, string | undefined>();
  for (const cookieId of cookies) groups.set(cookieId, await groupOf(byCookie, { cookieId }));
  const first = cookies.find((c) => groups.get(c) === "a") as string;
  const second = cookies.find((c) => groups.get(c) === "b") as string;
  const byUser = createEngine(stickyConfig("userId"));
  const userId = users(100).find((u) => byUser.decide({ units: { userId: u } }).assignments[0]?.group === "b") as string;
  return { first, second, userId };
}

describe("a sticky experiment whose diversion changed from cookie to user id", () => {
  it("gives a signed-in user one group on every device: groups stored under the cookie are left out", async () => {
    const store = new MemoryAssignmentStore();
    const { first, second, userId } = await devicesAfterSwitch(store);
    const engine = createEngine(stickyConfig("userId"), { stores: { assignments: store } });
    // The first device has "a" stored under its cookie; the user id's own draw is "b", saved under the user id.
    expect(await groupOf(engine, { userId, cookieId: first })).toBe("b");
    expect(await groupOf(engine, { userId, cookieId: second })).toBe("b");
    expect(await groupOf(engine, { userId, cookieId: first })).toBe("b");
    expect(store.loadByUnit({ userId })).toEqual({ userId: { checkout: "b" } });
  });

  it("credits a conversion to the group stored under the user id, not the one stored under the cookie", async () => {
    const bandit = (unit: string) =>
      config({ h: "-" }, [layer("B", ["h"], [[0, 1000, { id: "headline", unit, status: "running", groups: ["x", "y"].map((id) => ({ id, params: { h: id } })), segmenter: { type: "feedback", groups: [{ id: "x" }, { id: "y" }] } }]])]);
    const store = new MemoryAssignmentStore();
    // Shown "x" on this device while the bandit diverted by cookie, and "y" (on another device) since it diverts by user id.
    store.save([
      { experiment: "headline", group: "x", unitType: "cookieId", unit: "device-1" },
      { experiment: "headline", group: "y", unitType: "userId", unit: "u-1" },
    ]);
    const engine = createEngine(bandit("userId"), { stores: { assignments: store } });
    expect(await engine.convertWithStore({ userId: "u-1", cookieId: "device-1" }, "headline")).toEqual({ ok: true, group: "y" });
    expect(engine.feedback.read("headline")).toEqual({ y: expect.objectContaining({ successes: 1 }) });
  });

  it("with a store that only merges (no loadByUnit), the cookie's group still wins: the reason loadByUnit exists", async () => {
    const store = new MemoryAssignmentStore();
    const { first, userId } = await devicesAfterSwitch(store);
    const engine = createEngine(stickyConfig("userId"), { stores: { assignments: mergedOnly(store) } });
    expect(await groupOf(engine, { userId, cookieId: first })).toBe("a");
  });

  it("storedOf merges a per-unit load over the current config, and follows engine.update", () => {
    const engine = createEngine(stickyConfig("cookieId"));
    const byUnit = { userId: { checkout: "b" }, cookieId: { checkout: "a", "checkout#converted": "a#1", gone: "x" } };
    expect({ ...engine.storedOf(byUnit) }).toEqual({ checkout: "a", "checkout#converted": "a#1", gone: "x" });
    expect(engine.update(stickyConfig("userId"))).toEqual({ ok: true });
    expect({ ...engine.storedOf(byUnit) }).toEqual({ checkout: "b", gone: "x" });
  });
});

describe("mergeStoredByUnit", () => {
  it("keeps each key under its experiment's unit type, unknown keys under any, the later unit type winning", () => {
    const diversion = (id: string) => ({ e: "userId", f: "cookieId" })[id];
    const merged = mergeStoredByUnit({ userId: { e: "1", f: "2", "e#converted": "1#x", u: "first" }, cookieId: { e: "3", f: "4", "f#converted": "4#y", u: "later" } }, diversion);
    expect({ ...merged }).toEqual({ e: "1", "e#converted": "1#x", f: "4", "f#converted": "4#y", u: "later" });
  });

  it("takes a load that found nothing (undefined or null) as empty, as for load", async () => {
    for (const nothing of [undefined, null]) {
      expect({ ...mergeStoredByUnit(nothing as never, () => undefined) }).toEqual({});
      const store: AssignmentStore = { load: () => ({}), loadByUnit: () => nothing as never, save: () => undefined };
      const decision = await createEngine(stickyConfig("userId"), { stores: { assignments: store } }).decideWithStore({ units: { userId: "u-1" } });
      expect(decision.errors).toEqual([]);
      expect(decision.assignments).toHaveLength(1);
    }
  });

  it("skips a unit type whose entry is not an object, and takes no prototype from a __proto__ key", () => {
    const merged = mergeStoredByUnit({ userId: null as never, cookieId: JSON.parse('{"__proto__": "x", "e": "1"}') as Record<string, string> }, () => undefined);
    expect(Object.getPrototypeOf(merged)).toBeNull();
    expect(merged.e).toBe("1");
    expect(Object.keys(merged).sort()).toEqual(["__proto__", "e"]);
  });
});
