/**
 * Closing the stores waits for the replies Redis still owes, but never longer than their batches'
 * deadline: a hanging Redis (SIGSTOP) does not hold `close()`, which then drops the socket so the
 * process can exit, while a healthy Redis still gets a save that was on its way. Assignments
 * waiting for a retry are tried once more within that deadline, and reported when not written.
 * @module
 */
import { afterEach, expect, it } from "vitest";
import { createRedisStores, type RedisStores } from "../src/index.ts";
import { connectClient } from "./support/clients.ts";
import { describeWithRedis, RedisServer } from "./support/redis-server.ts";
import { expectNoUnhandledRejections } from "./support/unhandled-rejections.ts";

const QUIET = { refreshMs: 60_000, flushMs: 60_000 };

describeWithRedis("closing the stores", () => {
  expectNoUnhandledRejections();
  let server: RedisServer | undefined;
  let stores: RedisStores | undefined;
  afterEach(async () => {
    server?.resume();
    await stores?.close();
    await server?.close();
    stores = undefined;
    server = undefined;
  });

  it("while Redis hangs returns within about timeoutMs, reports what was not saved, and closes the socket", { timeout: 30_000 }, async () => {
    server = await RedisServer.start();
    const storeErrors: string[] = [];
    stores = createRedisStores({ url: server.url, timeoutMs: 200, ...QUIET, onError: (e, context) => storeErrors.push(`${context}: ${String(e)}`) });
    expect(await stores.ready()).toBe(true);
    stores.feedback.increment("bandit", "a", "trials"); // close's final push is sent and never answered
    server.pause();
    const started = performance.now();
    const closing = stores.close().then(() => "closed");
    const outcome = await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 5000, "still closing"))]);
    const elapsed = performance.now() - started;
    server.resume(); // lets a close that waits for Redis end, so the test can clean up
    await closing;
    expect(outcome).toBe("closed");
    expect(elapsed).toBeLessThan(2000); // the push's 200 ms deadline, then no further wait
    expect(stores.connection.client.isOpen).toBe(false);
    expect(storeErrors.at(-1)).toMatch(/^redis feedback close: RedisStoreError: redis: final push of feedback counts failed: 1 increment\(s\) not saved \(1 of them were sent without a reply, so Redis may have counted them\)$/);
  });

  it("with assignments waiting while Redis hangs tries them within the deadline, returns, and reports them", { timeout: 30_000 }, async () => {
    server = await RedisServer.start();
    const storeErrors: string[] = [];
    stores = createRedisStores({ url: server.url, timeoutMs: 200, ...QUIET, onError: (e, context) => storeErrors.push(`${context}: ${String(e)}`) });
    expect(await stores.ready()).toBe(true);
    const raw = await connectClient(server.url);
    await raw.configSet("min-replicas-to-write", "1");
    await expect(stores.assignments.save([{ experiment: "color-test", group: "red", unitType: "userId", unit: "u-1" }])).rejects.toThrow(/NOREPLICAS/);
    await raw.configSet("min-replicas-to-write", "0");
    await raw.close();
    server.pause();
    const closing = stores.close().then(() => "closed");
    const outcome = await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 5000, "still closing"))]);
    server.resume();
    await closing;
    expect(outcome).toBe("closed");
    expect(stores.connection.client.isOpen).toBe(false);
    expect(storeErrors).toEqual([
      expect.stringMatching(
        /^redis assignment close: RedisStoreError: redis: last retry of waiting assignments on close failed: 1 waiting assignment\(s\) not saved \(no reply from redis:\/\/127\.0\.0\.1:\d+ within 200 ms\): assignments of "color-test" \(1\); 1 of them were sent without a reply, so Redis may hold them, but a bandit trial or conversion they carry is not counted$/,
      ),
    ]);
  });

  it("with a save on its way waits for its reply: the save resolves and Redis has it", { timeout: 30_000 }, async () => {
    server = await RedisServer.start();
    stores = createRedisStores({ url: server.url, ...QUIET });
    expect(await stores.ready()).toBe(true);
    const units = Array.from({ length: 200 }, (_, i) => `u-${i}`);
    const saving = stores.assignments.save(units.map((unit) => ({ experiment: "color-test", group: "red", unitType: "userId", unit })));
    await stores.close();
    await expect(saving).resolves.toEqual({});
    expect(stores.connection.client.isOpen).toBe(false);
    const raw = await connectClient(server.url);
    expect(await raw.exists(units.map((unit) => `strata:assign:userId:${unit}`))).toBe(units.length);
    await raw.close();
  });
});
