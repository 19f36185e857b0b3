import { MemoryAssignmentStore, type AssignmentStore, type NewAssignment, type SaveOptions } from "../../src/index.ts";

/**
 * A store like `@strata/redis` while it cannot write: a save that fails keeps its writes for a
 * retry, loads show only what is stored, and `land()` applies the waiting writes in order (an
 * earlier waiting group wins over a later one, as a stored group does). `landBeforeNextSave()`
 * makes the retry land just ahead of the next save, as a retry queued first on the connection does.
 * With `reports`, it also says so on its failures (`reportsLateWrites`) and hands each failed
 * save's written assignments to that save's `onLateWrite` when they land, as `@strata/redis` does.
 */
export function retryingStore({ reports = false, inner = new MemoryAssignmentStore() } = {}) {
  const waiting: Array<{ readonly assignments: readonly NewAssignment[]; readonly options: SaveOptions | undefined }> = [];
  let canWrite = true;
  let landFirst = false;
  const land = () => {
    for (const { assignments, options } of waiting.splice(0, waiting.length)) {
      const kept = inner.save(assignments);
      if (reports) options?.onLateWrite?.(assignments.filter((a) => !Object.hasOwn(kept, a.experiment)));
    }
  };
  const store: AssignmentStore = {
    load: (units) => inner.load(units),
    save: async (assignments, options) => {
      await new Promise((resolve) => setTimeout(resolve, 1)); // a round trip, so saves of two requests overlap
      if (landFirst) (landFirst = false), land();
      if (canWrite) return inner.save(assignments);
      waiting.push({ assignments, options });
      throw Object.assign(new Error("NOREPLICAS Not enough good replicas to write"), { reportsLateWrites: reports });
    },
  };
  return {
    store,
    inner,
    waiting,
    writable: (value: boolean) => void (canWrite = value),
    land,
    landBeforeNextSave: () => void (landFirst = true),
  };
}
