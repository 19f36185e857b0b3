/**
 * The adapter-suite server as a web-standard handler: `withStrata` with the shared test
 * options and the routes of packages/http/test/support/adapter-fixture.ts. Deno and Bun serve it.
 */
import { ADAPTER_CONFIG, decideBody, delayedUserId, memorySinks, TEST_SECRET } from "../../../http/test/support/adapter-fixture.ts";
import { withStrata, type RequestDecision } from "../../src/index.ts";

/** A body of one chunk per parameter, each read from the decision when the runtime pulls the chunk. */
function streamReading(decision: RequestDecision, params: readonly string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let next = 0;
  return new ReadableStream({
    async pull(controller) {
      const param = params[next++];
      if (param === undefined) return controller.close();
      await new Promise((resolve) => setTimeout(resolve, 5));
      controller.enqueue(encoder.encode(`${param}=${String(decision.get(param))}\n`));
    },
  });
}

/** The handler the test servers serve. */
export function testHandler(): (request: Request, info: unknown) => Promise<Response> {
  const sinks = memorySinks();
  // One bodiless Response returned for every request to /no-content, as a handler may keep one at module level.
  const noContent = new Response(null, { status: 204 });
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
        case "/batches":
          return Response.json(sinks.batches);
        case "/stream":
          // Reads a parameter while each chunk of the body is produced, after the handler returned.
          return new Response(streamReading(decision, ["button_color", "banner"]));
        case "/no-content":
          return noContent;
        case "/errors":
          return Response.json(sinks.errors);
        case "/proxy":
          // Passes a `fetch` result through (immutable headers); the upstream is a loopback URL the test gives.
          return fetch(new URL(request.url).searchParams.get("upstream") as string);
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
