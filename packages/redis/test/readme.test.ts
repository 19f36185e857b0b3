/**
 * The README's conversion example, run as written against a real Redis: a unit that converts
 * three times counts one success for the bandit.
 * @module
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine } from "@strata/engine";
import { expect, it } from "vitest";
import { createRedisStores, type RedisStores } from "../src/index.ts";
import { testConfig } from "./support/config.ts";
import { describeWithRedis } from "./support/redis-server.ts";
import { useRedisServer } from "./support/shared-redis.ts";
import { expectNoUnhandledRejections } from "./support/unhandled-rejections.ts";

/** The README's ```ts blocks, in order. */
const blocks = [...readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
/** The block that records a conversion (one statement, plain JavaScript). */
const conversionExample = blocks.find((block) => /\bengine\.convert/.test(block));

/** The constructor of async functions, to run the example's statement with `engine`, `stores` and `units` in scope. */
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<unknown>;

describeWithRedis("the README's conversion example", () => {
  expectNoUnhandledRejections();
  const redis = useRedisServer();

  it("counts a unit's repeated conversions once", async () => {
    expect(conversionExample).toBeDefined();
    const run = new AsyncFunction("engine", "stores", "units", conversionExample as string);
    await redis.raw.flushAll();
    const stores: RedisStores = createRedisStores({ url: redis.server.url, refreshMs: 60_000, flushMs: 60_000 });
    try {
      expect(await stores.ready()).toBe(true);
      const engine = createEngine(testConfig(), { stores });
      const units = { userId: "u-42" };
      const shown = (await engine.decideWithStore({ units })).assignments.find((a) => a.experiment === "headline-bandit")!.group;
      for (let i = 0; i < 3; i++) await run(engine, stores, units);
      await stores.feedback.sync();
      expect(await redis.raw.hGetAll("strata:feedback:headline-bandit")).toEqual({ [`trials:${shown}`]: "1", [`successes:${shown}`]: "1" });
    } finally {
      await stores.close();
    }
  });
});
