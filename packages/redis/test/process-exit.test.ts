/**
 * A script that closes its stores exits on its own, run as a real Node process: also when
 * `close()` comes before Redis is ready (node-redis cannot abort a connect attempt in flight, so
 * the stores wait for it instead of leaving a socket that connects after close), and when Redis is
 * unreachable (close waits no longer than the connect timeout).
 * @module
 */
import { readFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { testConfig } from "./support/config.ts";
import { describeWithRedis, freePort, RedisServer } from "./support/redis-server.ts";
import { runScript, type ScriptExit } from "./support/script-process.ts";

/** The line the scripts print once `stores.close()` has resolved. */
const CLOSED = "closed";

/** Creates the stores and closes them at once, before the connection can be ready. */
const closeAtOnce = `
import { createRedisStores } from "@strata/redis";
const stores = createRedisStores({ url: process.env.REDIS_URL! });
await stores.close();
console.log(${JSON.stringify(CLOSED)});
`;

/** The README's "Use" example, with the `config` it leaves to the reader. */
const readmeUse = (() => {
  const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");
  const block = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string).find((code) => code.includes("await stores.close()"));
  if (block === undefined) throw new Error("README.md: no ```ts block with `await stores.close()` (the Use example)");
  return `const config = JSON.parse(process.env.STRATA_CONFIG!);\n${block}\nconsole.log(${JSON.stringify(CLOSED)});\n`;
})();

/** What a script that exited on its own, after printing CLOSED, looks like (with its output, to see why when it did not). */
function exitedOnItsOwn(exit: ScriptExit) {
  return { killed: exit.killed, code: exit.code, closed: exit.stdout.split("\n").includes(CLOSED), output: exit.killed || exit.code !== 0 ? exit.stdout + exit.stderr : "" };
}
const EXITED = { killed: false, code: 0, closed: true, output: "" };

describeWithRedis("a script that closes its stores exits on its own", () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("when close() comes right after createRedisStores, before the connection is ready", { timeout: 60_000 }, async () => {
    const exit = await runScript(closeAtOnce, CLOSED, { REDIS_URL: server.url });
    expect(exitedOnItsOwn(exit)).toEqual(EXITED);
  });

  it("when it is the README's Use example", { timeout: 60_000 }, async () => {
    const exit = await runScript(readmeUse, CLOSED, { REDIS_URL: server.url, STRATA_CONFIG: JSON.stringify(testConfig()) });
    expect(exitedOnItsOwn(exit)).toEqual(EXITED);
  });

  it("when nothing listens at the URL", { timeout: 60_000 }, async () => {
    const exit = await runScript(closeAtOnce, CLOSED, { REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    expect(exitedOnItsOwn(exit)).toEqual(EXITED);
  });

  it("when the connect attempt hangs (a TLS URL to a server that never answers): close() waits for the connect timeout, not forever", { timeout: 60_000 }, async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on("error", () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const port = (silent.address() as { port: number }).port;
      const exit = await runScript(closeAtOnce, CLOSED, { REDIS_URL: `rediss://127.0.0.1:${port}` });
      expect(exitedOnItsOwn(exit)).toEqual(EXITED);
      expect(sockets.size).toBeGreaterThan(0);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
