/**
 * A store that retries failed saves (as `@strata/redis` does) may land a write long after its save
 * failed, and later tries may have failed meanwhile with other values. Its loads show only what is
 * stored, so the engine itself must recognise its own late writes: a bandit draw's trial is
 * counted once whichever of the unit's failed draws lands, and a conversion retried while its
 * record could not be written is counted once the first try's record lands.
 * @module
 */
import { defineSegmenter } from "@strata/segmenters";
import { describe, expect, it } from "vitest";
import { createEngine, MemoryAssignmentStore, type AssignmentStore } from "../src/index.ts";
import { config, layer } from "./support/configs.ts";
import { retryingStore } from "./support/retrying-store.ts";

/** A sticky plugin drawing the group the config prefers, logging the trials the engine counts. */
function preferring(trials: string[]) {
  return defineSegmenter({
    type: "preferring",
    options: { "~standard": { version: 1, vendor: "test", validate: (value: unknown) => ({ value: value as { prefer: string } }) } },
    create: ({ prefer }) => ({ groups: ["x", "y"], sticky: true, assign: () => prefer, trial: (unit, group) => void trials.push(`${unit}:${group}`) }),
  });
}

/** A config whose one layer holds the plugin's experiment `e`, drawing `prefer`. */
const preferConfig = (prefer: string) =>
  config({ h: "none" }, [layer("L", ["h"], [[0, 1000, { id: "e", status: "running", groups: [{ id: "x", params: { h: "x" } }, { id: "y", params: { h: "y" } }], segmenter: { type: "preferring", prefer } }]])]);

const bandit = config({ h: "none" }, [
  layer("L", ["h"], [[0, 1000, { id: "bandit", status: "running", groups: [{ id: "x", params: { h: "x" } }, { id: "y", params: { h: "y" } }], segmenter: { type: "feedback", groups: [{ id: "x" }, { id: "y" }] } }]]),
]);

/** Successes counted for the bandit. */
const successes = (engine: ReturnType<typeof createEngine>) => Object.values(engine.feedback.read("bandit")).reduce((sum, arm) => sum + arm.successes, 0);

describe("a bandit draw whose failed save lands later", () => {
  it("is counted when the unit next finds it stored, although a later draw's save failed too", async () => {
    const trials: string[] = [];
    const { store, writable, land } = retryingStore();
    const engine = createEngine(preferConfig("x"), { segmenters: [preferring(trials)], stores: { assignments: store }, onError: () => {} });
    const units = { userId: "u" };
    writable(false);
    expect((await engine.decideWithStore({ units })).get("h")).toBe("none"); // draws x, not saved, not shown
    engine.update(preferConfig("y"));
    expect((await engine.decideWithStore({ units })).get("h")).toBe("none"); // draws y, not saved either
    writable(true);
    land(); // the store's retry writes x, the first waiting group
    const after = await engine.decideWithStore({ units });
    expect([after.get("h"), after.assignments[0]?.source]).toEqual(["x", "stored"]);
    await engine.decideWithStore({ units });
    expect(trials).toEqual(["u:x"]);
  });

  it("is counted when a later save learns the store kept it (the retry landed just ahead), and shown at once", async () => {
    const trials: string[] = [];
    const { store, writable, landBeforeNextSave } = retryingStore();
    const engine = createEngine(preferConfig("x"), { segmenters: [preferring(trials)], stores: { assignments: store }, onError: () => {} });
    const units = { userId: "u" };
    writable(false);
    expect((await engine.decideWithStore({ units })).get("h")).toBe("none");
    writable(true);
    engine.update(preferConfig("y"));
    landBeforeNextSave(); // the next request loads nothing, draws y, and its save finds x written by the retry
    const decision = await engine.decideWithStore({ units });
    expect(decision.get("h")).toBe("x");
    await engine.decideWithStore({ units });
    expect(trials).toEqual(["u:x"]);
  });

  it("a later save that is written counts its own draw, and the earlier draw landing afterwards adds nothing", async () => {
    const trials: string[] = [];
    const { store, inner, writable, land } = retryingStore();
    const engine = createEngine(preferConfig("x"), { segmenters: [preferring(trials)], stores: { assignments: store }, onError: () => {} });
    const units = { userId: "u" };
    writable(false);
    await engine.decideWithStore({ units });
    writable(true);
    engine.update(preferConfig("y"));
    expect((await engine.decideWithStore({ units })).get("h")).toBe("y");
    land(); // too late: y is stored, x is not written
    expect(inner.load(units)).toEqual({ e: "y" });
    expect((await engine.decideWithStore({ units })).get("h")).toBe("y");
    expect(trials).toEqual(["u:y"]);
  });
});

describe("a store that reports a failed save's late writes", () => {
  it("has the trial counted when it reports the draw written, once, and not again when the unit finds the group stored", async () => {
    const trials: string[] = [];
    const { store, writable, land, waiting } = retryingStore({ reports: true });
    const engine = createEngine(preferConfig("x"), { segmenters: [preferring(trials)], stores: { assignments: store }, onError: () => {} });
    const units = { userId: "u" };
    writable(false);
    expect((await engine.decideWithStore({ units })).get("h")).toBe("none");
    engine.update(preferConfig("y"));
    expect((await engine.decideWithStore({ units })).get("h")).toBe("none");
    writable(true);
    const reports = waiting.map((w) => w.options?.onLateWrite);
    land(); // x written and reported; y kept out (x stands) and not reported
    expect(trials).toEqual(["u:x"]);
    reports[0]?.([{ experiment: "e", group: "x", unitType: "userId", unit: "u" }]); // a report repeated
    reports[1]?.([{ experiment: "e", group: "x", unitType: "userId", unit: "u" }]); // another draw's report naming a group it did not draw
    expect((await engine.decideWithStore({ units })).get("h")).toBe("x");
    expect(trials).toEqual(["u:x"]);
  });

  it("another server's write of the same group counts nothing here (no report came)", async () => {
    const trials: string[] = [];
    const { store, inner, writable } = retryingStore({ reports: true });
    const engine = createEngine(preferConfig("x"), { segmenters: [preferring(trials)], stores: { assignments: store }, onError: () => {} });
    const units = { userId: "u" };
    writable(false);
    await engine.decideWithStore({ units });
    writable(true);
    inner.save([{ experiment: "e", group: "x", unitType: "userId", unit: "u" }]); // another server drew x too and wrote it
    expect((await engine.decideWithStore({ units })).get("h")).toBe("x");
    expect(trials).toEqual([]);
  });
});

describe("a conversion retried while its record cannot be written", () => {
  /** A unit shown a bandit arm, whose first conversion then fails: the store keeps its record for a retry. */
  async function failedConversion() {
    const retrying = retryingStore();
    const engine = createEngine(bandit, { stores: { assignments: retrying.store }, onError: () => {} });
    const units = { userId: "u" };
    await engine.decideWithStore({ units });
    retrying.writable(false);
    expect((await engine.convertWithStore(units, "bandit")).ok).toBe(false);
    const convert = () => engine.convertWithStore(units, "bandit");
    return { ...retrying, convert, successes: () => successes(engine) };
  }

  it("writes the first try's claim again, so the retry after the store is back counts it once", async () => {
    const { convert, successes, writable, land } = await failedConversion();
    expect((await convert()).ok).toBe(false);
    writable(true);
    land(); // the store's retry writes the first try's claim
    expect(await convert()).toEqual({ ok: true, group: expect.any(String) });
    expect(await convert()).toEqual({ ok: false, reason: expect.stringContaining("was counted already") });
    expect(successes()).toBe(1);
  });

  it("counts when its save finds its own earlier claim landed just ahead", async () => {
    const { convert, successes, writable, landBeforeNextSave } = await failedConversion();
    writable(true);
    landBeforeNextSave();
    expect(await convert()).toEqual({ ok: true, group: expect.any(String) });
    expect(successes()).toBe(1);
  });

  it("two retries at once count once", async () => {
    const { convert, successes, writable, land } = await failedConversion();
    writable(true);
    land();
    const both = await Promise.all([convert(), convert()]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(successes()).toBe(1);
  });
});

describe("conversions with a store that reports late writes", () => {
  /** Two engines on one reporting store; a unit shown a bandit arm, whose conversion on `here` fails while the store cannot write. */
  async function failedReportedConversion() {
    const reporting = retryingStore({ reports: true });
    const here = createEngine(bandit, { stores: { assignments: reporting.store }, onError: () => {} });
    const elsewhere = createEngine(bandit, { stores: { assignments: reporting.store }, onError: () => {} });
    const units = { userId: "u" };
    await here.decideWithStore({ units });
    reporting.writable(false);
    const first = await here.convertWithStore(units, "bandit");
    return { ...reporting, here, elsewhere, units, first };
  }

  it("counts the conversion once the store writes its claim, and says no retry is needed", async () => {
    const { here, elsewhere, units, first, writable, land } = await failedReportedConversion();
    expect(first).toEqual({ ok: false, reason: expect.stringContaining("it is counted once written, so it needs no retry") });
    expect((await elsewhere.convertWithStore(units, "bandit")).ok).toBe(false); // a retry on another server during the outage
    writable(true);
    land();
    expect(successes(here) + successes(elsewhere)).toBe(1);
    expect(await elsewhere.convertWithStore(units, "bandit")).toEqual({ ok: false, reason: expect.stringContaining("was counted already") });
    expect(await here.convertWithStore(units, "bandit")).toEqual({ ok: false, reason: expect.stringContaining("was counted already") });
    expect(successes(here) + successes(elsewhere)).toBe(1);
  });
});

describe("a conversion tried twice at once while its record cannot be written", () => {
  it("is counted once by a retry after the store is back, whichever of the two claims landed", async () => {
    const { store, writable, land } = retryingStore();
    const engine = createEngine(bandit, { stores: { assignments: store }, onError: () => {} });
    const units = { userId: "u" };
    await engine.decideWithStore({ units });
    writable(false);
    const both = await Promise.all([engine.convertWithStore(units, "bandit"), engine.convertWithStore(units, "bandit")]);
    expect(both.map((r) => r.ok)).toEqual([false, false]);
    writable(true);
    land(); // the first claim lands; the second is kept out
    expect(await engine.convertWithStore(units, "bandit")).toEqual({ ok: true, group: expect.any(String) });
    expect((await engine.convertWithStore(units, "bandit")).ok).toBe(false);
    expect(successes(engine)).toBe(1);
  });
});

describe("a failed save whose store reported some draws written but does not promise the rest", () => {
  it("watches only for the draws not reported: each trial counted once", async () => {
    const trials: string[] = [];
    const inner = new MemoryAssignmentStore();
    const twoUnits = config(
      { h: "none", k: "none" },
      [
      layer("L", ["h"], [[0, 1000, { id: "e", status: "running", groups: [{ id: "x", params: { h: "x" } }, { id: "y", params: { h: "y" } }], segmenter: { type: "preferring", prefer: "x" } }]]),
      layer("M", ["k"], [[0, 1000, { id: "f", status: "running", unit: "deviceId", groups: [{ id: "x", params: { k: "x" } }, { id: "y", params: { k: "y" } }], segmenter: { type: "preferring", prefer: "x" } }]]),
      ],
      ["userId", "deviceId"],
    );
    let fail = true;
    const store: AssignmentStore = {
      load: (units) => inner.load(units),
      save: (assignments, options) => {
        if (!fail) return inner.save(assignments);
        // The userId write lands and is reported; the deviceId write's reply was lost (it may land), and nothing more will be reported.
        const [userWrite, deviceWrite] = [assignments.find((a) => a.unitType === "userId")!, assignments.find((a) => a.unitType === "deviceId")!];
        inner.save([userWrite, deviceWrite]);
        options?.onLateWrite?.([userWrite]);
        throw Object.assign(new Error("Socket closed unexpectedly"), { reportsLateWrites: false });
      },
    };
    const engine = createEngine(twoUnits, { segmenters: [preferring(trials)], stores: { assignments: store }, onError: () => {} });
    const units = { userId: "u", deviceId: "d" };
    await engine.decideWithStore({ units });
    expect(trials).toEqual(["u:x"]);
    fail = false;
    await engine.decideWithStore({ units }); // finds both stored: only the unreported draw's trial is counted now
    await engine.decideWithStore({ units });
    expect(trials.sort()).toEqual(["d:x", "u:x"]);
  });
});
