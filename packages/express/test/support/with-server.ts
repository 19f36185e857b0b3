/** Serving an Express app on loopback for the length of one test. */
import type { AddressInfo } from "node:net";
import type { Express } from "express";

/** Serves `app` on 127.0.0.1 for one callback (given the base URL), then closes it. */
export async function withServer(app: Express, use: (baseUrl: string) => Promise<void>): Promise<void> {
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
