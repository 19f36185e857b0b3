/**
 * Starts the demo shop on localhost (port from PORT, default 3000). With REDIS_URL set, sticky
 * assignments and bandit statistics live in Redis, so several demo servers share them. When the
 * port cannot be listened on (taken, say), it says so and how to pick another, and exits with 1.
 */
import type { Server } from "node:http";
import { createRedisStores } from "@strata/redis";
import { createDemoApp } from "./demo-app.ts";
import { listenOn } from "./listen.ts";

const HOST = "127.0.0.1";
const port = Number(process.env.PORT || 3000);
if (!Number.isInteger(port) || port < 1 || port > 65_535) {
  console.error(`PORT must be a port number from 1 to 65535, e.g. PORT=3001; got ${JSON.stringify(process.env.PORT)}`);
  process.exit(2);
}
const redisUrl = process.env.REDIS_URL;
const redis = redisUrl ? createRedisStores({ url: redisUrl, onError: (error) => console.error("redis:", error instanceof Error ? error.message : error) }) : undefined;
const { app } = createDemoApp(redis ? { stores: { assignments: redis.assignments, feedback: redis.feedback } } : {});

let server: Server | undefined;
listenOn(app, port, HOST).then(
  (listening) => {
    server = listening;
    console.log(`Strata demo shop on http://localhost:${port}${redis ? ` (stores in Redis at ${redisUrl})` : ""}`);
    console.log("  /          the shop: your parameters and assignments, and a Buy button (a conversion)");
    console.log("  /explain   why you are in or out of each experiment");
    console.log("Press Ctrl+C to stop.");
  },
  (error: unknown) => {
    console.error(`Strata demo shop not started: ${error instanceof Error ? error.message : String(error)}`);
    // Nothing was served, so nothing is pending; the Redis client (if any) must not keep the process alive.
    process.exit(1);
  },
);

const stop = () => {
  server?.close();
  void redis?.close();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
