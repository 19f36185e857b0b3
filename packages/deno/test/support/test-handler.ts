/**
 * The adapter-suite server as a web-standard handler: `withStrata` with the shared test
 * options and the routes of packages/http/test/support/adapter-fixture.ts. Deno and Bun serve it.
 */
import { ADAPTER_CONFIG, decideBody, delayedUserId, memorySinks, TEST_SECRET } from "../../../http/test/support/adapter-fixture.ts";
import { withStrata } from "../../src/index.ts";

/** The handler the test servers serve. */
export function testHandler(): (request: Request, info: unknown) => Promise<Response> {
  const sinks = memorySinks();
  return withStrata(
    (request, _info, decision) => {
      switch (new URL(request.url).pathname) {
        case "/decide":
          return Response.json(decideBody(decision));
        case "/explain":
          return Response.json(decision.explain());
        case "/redirect":
          return Response.redirect(new URL("/decide", request.url), 302);
        case "/exposures":
          return Response.json(sinks.exposures);
        case "/errors":
          return Response.json(sinks.errors);
        default:
          return new Response("not found", { status: 404 });
      }
    },
    {
      config: ADAPTER_CONFIG,
      userId: (request) => delayedUserId(request.headers.get("x-user-id")),
      countryHeader: "x-country",
      overrides: { secret: TEST_SECRET },
      debugHeader: true,
      trustProxy: true,
      onExposure: sinks.onExposure,
      onError: sinks.onError,
    },
  );
}

/** How long a test server lives at most before it stops by itself, in ms. */
export const SERVER_LIFETIME_MS = 120_000;
