/**
 * An assignment store whose client is gated (see gated-client.ts), for tests that hold a save's
 * or a retry's writes while a load or a decision runs.
 * @module
 */
import { RedisAssignmentStore, RedisConnection, type RedisClientLike } from "../../src/index.ts";
import { gatedClient, type GatedClient } from "./gated-client.ts";

/** The gated client, the store over it, and `close`, which releases held writes and closes both. */
export interface GatedStore {
  readonly gated: GatedClient;
  readonly store: RedisAssignmentStore;
  close(): Promise<void>;
}

/** A store over a gated client of `raw`, with a long deadline so held writes do not time out while the test looks at the store. */
export function gatedStore(raw: RedisClientLike, pipeline: boolean): GatedStore {
  const gated = gatedClient(raw);
  const connection = new RedisConnection({ client: gated, pipeline, timeoutMs: 10_000 });
  const store = new RedisAssignmentStore(connection);
  return {
    gated,
    store,
    async close() {
      gated.releaseWrites();
      await store.close();
      await connection.close();
    },
  };
}
