/** A memory assignment store whose next save can be made to fail, after writing or without. */
import { MemoryAssignmentStore, type AssignmentStore } from "../../src/index.ts";

/**
 * The store, the memory behind it, and `failNext(message, lands)`: the next save throws
 * `message`, after writing when `lands` (a reply lost after the write, a late retry) or without
 * writing; later saves write and report what they kept, as usual.
 */
export function failingSaves(inner = new MemoryAssignmentStore()): { store: AssignmentStore; inner: MemoryAssignmentStore; failNext(message: string, lands: boolean): void } {
  let next: { message: string; lands: boolean } | undefined;
  const store: AssignmentStore = {
    load: (units) => inner.load(units),
    save: (assignments) => {
      const failure = next;
      next = undefined;
      if (failure === undefined) return inner.save(assignments);
      if (failure.lands) inner.save(assignments);
      throw new Error(failure.message);
    },
  };
  return { store, inner, failNext: (message, lands) => void (next = { message, lands }) };
}
