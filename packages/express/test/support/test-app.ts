/**
 * The adapter-suite server on Express (5 or 4): `strata()` with the shared test options and
 * the routes of packages/http/test/support/adapter-fixture.ts, on 127.0.0.1.
 */
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import { ADAPTER_CONFIG, decideBody, delayedUserId, memorySinks, TEST_SECRET } from "../../../http/test/support/adapter-fixture.ts";
import type { AdapterServer } from "../../../http/test/support/adapter-suite.ts";
import { strata } from "../../src/index.ts";

/** Starts the test app made by `express()` (the Express 5 or Express 4 factory). */
export async function startExpressApp(express: () => Express): Promise<AdapterServer> {
  const sinks = memorySinks();
  const app = express();
  app.set("trust proxy", "loopback");
  app.use(
    strata({
      config: ADAPTER_CONFIG,
      userId: (req) => delayedUserId(req.get("x-user-id")),
      countryHeader: "x-country",
      overrides: { secret: TEST_SECRET },
      debugHeader: true,
      onExposure: sinks.onExposure,
      onError: sinks.onError,
    }),
  );
  app.get("/decide", (req, res) => {
    res.json(decideBody(req.strata));
  });
  app.get("/explain", (req, res) => {
    res.json(res.locals.strata.explain());
  });
  app.get("/redirect", (_req, res) => {
    res.redirect(302, "/decide");
  });
  app.get("/exposures", (_req, res) => {
    res.json(sinks.exposures);
  });
  app.get("/errors", (_req, res) => {
    res.json(sinks.errors);
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
