/**
 * Millisecond options are timer delays: Node runs a timer of more than 2^31 - 1 ms after 1 ms
 * instead, so a larger value is rejected (naming the option and the limit) rather than turning a
 * deadline into 1 ms or a refresh interval into a busy loop.
 * @module
 */
import { describe, expect, it } from "vitest";
import { createRedisStores } from "../src/index.ts";

/** Nothing listens there: the stores connect in the background and never get through. */
const UNREACHABLE = "redis://127.0.0.1:1";

describe("millisecond options", () => {
  it.each(["timeoutMs", "refreshMs", "flushMs"] as const)("%s above 2,147,483,647 is rejected with a TypeError naming the option and the limit", (name) => {
    const create = () => createRedisStores({ url: UNREACHABLE, [name]: 2 ** 31 });
    expect(create).toThrow(TypeError);
    expect(create).toThrow(
      `redis: ${name} must be at most 2147483647 milliseconds (about 24.8 days, the longest timer Node runs; a longer one fires after 1 ms) (got 2147483648)`,
    );
  });

  it("accepts 2,147,483,647 itself", async () => {
    const stores = createRedisStores({ url: UNREACHABLE, timeoutMs: 2_147_483_647, refreshMs: 2_147_483_647, flushMs: 2_147_483_647 });
    expect(stores.connection.timeoutMs).toBe(2_147_483_647);
    await stores.close();
  });
});
