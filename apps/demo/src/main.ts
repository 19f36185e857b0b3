/**
 * Starts the demo shop on localhost (port from PORT, default 3000). With REDIS_URL set, sticky
 * assignments and bandit statistics live in Redis, so several demo servers share them.
 */
import { createRedisStores } from "@strata/redis";
import { createDemoApp } from "./demo-app.ts";

const port = Number(process.env.PORT || 3000);
if (!Number.isInteger(port) || port < 1 || port > 65_535) {
  console.error(`PORT must be a port number from 1 to 65535, e.g. PORT=3001; got ${JSON.stringify(process.env.PORT)}`);
  process.exit(2);
}
const redisUrl = process.env.REDIS_URL;
const redis = redisUrl ? createRedisStores({ url: redisUrl, onError: (error) => console.error("redis:", error instanceof Error ? error.message : error) }) : undefined;
const { app } = createDemoApp(redis ? { stores: { assignments: redis.assignments, feedback: redis.feedback } } : {});

const server = app.listen(port, "127.0.0.1", () => {
  console.log(`Strata demo shop on http://localhost:${port}${redis ? ` (stores in Redis at ${redisUrl})` : ""}`);
  console.log("  /          the shop: your parameters and assignments, and a Buy button (a conversion)");
  console.log("  /explain   why you are in or out of each experiment");
  console.log("Press Ctrl+C to stop.");
});

const stop = () => {
  server.close();
  void redis?.close();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
