import { MemoryAssignmentStore, type AssignmentStore, type NewAssignment } from "../../src/index.ts";

/**
 * A store like `@strata/redis` while it cannot write: a save that fails keeps its writes for a
 * retry, loads show only what is stored, and `land()` applies the waiting writes in order (an
 * earlier waiting group wins over a later one, as a stored group does). `landBeforeNextSave()`
 * makes the retry land just ahead of the next save, as a retry queued first on the connection does.
 */
export function retryingStore(inner = new MemoryAssignmentStore()) {
  const waiting: NewAssignment[] = [];
  let canWrite = true;
  let landFirst = false;
  const land = () => void inner.save(waiting.splice(0, waiting.length));
  const store: AssignmentStore = {
    load: (units) => inner.load(units),
    save: async (assignments) => {
      await new Promise((resolve) => setTimeout(resolve, 1)); // a round trip, so saves of two requests overlap
      if (landFirst) (landFirst = false), land();
      if (canWrite) return inner.save(assignments);
      waiting.push(...assignments);
      throw new Error("NOREPLICAS Not enough good replicas to write");
    },
  };
  return {
    store,
    inner,
    writable: (value: boolean) => void (canWrite = value),
    land,
    landBeforeNextSave: () => void (landFirst = true),
  };
}
