/**
 * `HeadlineRecords` over a store that refuses writes for a while and keeps none of the refused
 * ones (as when `@strata/redis` drops waiting writes beyond its `retryLimit`): the server that
 * showed the page writes the record again itself, on a buy and on its own within seconds.
 * @module
 */
import { MemoryAssignmentStore, type Assignment, type AssignmentStore } from "@strata/engine";
import { describe, expect, it } from "vitest";
import { HeadlineRecords, shownMarker } from "../src/headline-shown.ts";

/** A memory store whose writes fail while `paused`, and are then lost; `saves` counts the save calls. */
function pausingStore() {
  const memory = new MemoryAssignmentStore();
  const store = {
    paused: true,
    saves: 0,
    load: (units: Parameters<AssignmentStore["load"]>[0]) => memory.load(units),
    save(assignments: Parameters<AssignmentStore["save"]>[0]) {
      store.saves++;
      if (store.paused) return Promise.reject(new Error("NOREPLICAS Not enough good replicas to write."));
      return memory.save(assignments);
    },
  };
  return store;
}

const shown = (unit: string): Assignment => ({ experiment: "headline-bandit", group: "deals", layer: "headlines", launch: false, unitType: "cookieId", unit, bucket: 7, source: "segmenter" });

/** Another server's records over `store`, once they show `unit`'s record (or after 5 s). */
async function seenByAnotherServer(store: AssignmentStore, unit: string): Promise<HeadlineRecords> {
  const other = new HeadlineRecords(store);
  const deadline = Date.now() + 5_000;
  while (!(await other.wasShown({ cookieId: unit }, "headline-bandit")).shown && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  return other;
}

describe("HeadlineRecords while the store refuses writes", () => {
  it("says the record is not saved yet, then writes it on the buy once the store takes writes", async () => {
    const store = pausingStore();
    const records = new HeadlineRecords(store);
    await expect(records.recordShown(shown("c-1"))).rejects.toThrow("NOREPLICAS");
    expect(await records.wasShown({ cookieId: "c-1" }, "headline-bandit")).toEqual({ shown: false, unsavedRecord: "NOREPLICAS Not enough good replicas to write." });
    expect(await records.wasShown({ cookieId: "c-2" }, "headline-bandit")).toEqual({ shown: false });
    store.paused = false;
    expect(await records.wasShown({ cookieId: "c-1" }, "headline-bandit")).toEqual({ shown: true });
    expect(store.load({ cookieId: "c-1" })[shownMarker("headline-bandit")]).toBe("deals");
  });

  it("writes refused records again on its own within seconds, so other servers see them", async () => {
    const store = pausingStore();
    const records = new HeadlineRecords(store);
    await expect(records.recordShown(shown("c-1"))).rejects.toThrow("NOREPLICAS");
    await expect(records.recordShown(shown("c-2"))).rejects.toThrow("NOREPLICAS");
    store.paused = false;
    const other = await seenByAnotherServer(store, "c-2");
    expect(await other.wasShown({ cookieId: "c-1" }, "headline-bandit")).toEqual({ shown: true });
    expect(await other.wasShown({ cookieId: "c-2" }, "headline-bandit")).toEqual({ shown: true });
    // Nothing more is written once they are stored.
    const saves = store.saves;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(store.saves).toBe(saves);
  });

  it("writes each refused record on its own, so one the store refuses for good holds back none of the others", async () => {
    const store = pausingStore();
    // After the pause, the store still refuses c-2's record (its key holds another type in Redis, say).
    const save = store.save;
    store.save = (assignments) => (!store.paused && assignments.some((a) => a.unit === "c-2") ? Promise.reject(new Error("WRONGTYPE")) : save(assignments));
    const records = new HeadlineRecords(store);
    for (const unit of ["c-1", "c-2", "c-3"]) await expect(records.recordShown(shown(unit))).rejects.toThrow("NOREPLICAS");
    store.paused = false;
    const other = await seenByAnotherServer(store, "c-3");
    expect(await other.wasShown({ cookieId: "c-1" }, "headline-bandit")).toEqual({ shown: true });
    expect(await other.wasShown({ cookieId: "c-3" }, "headline-bandit")).toEqual({ shown: true });
    expect(await records.wasShown({ cookieId: "c-2" }, "headline-bandit")).toEqual({ shown: false, unsavedRecord: "WRONGTYPE" });
  });
});
