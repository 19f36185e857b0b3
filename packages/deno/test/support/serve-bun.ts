/**
 * The adapter-suite server on Bun: `Bun.serve` with `withStrata` on 127.0.0.1 and a free
 * port, printed as one JSON line. Stops by itself after SERVER_LIFETIME_MS.
 *
 *   bun --conditions=@strata/source test/support/serve-bun.ts
 */
import { SERVER_LIFETIME_MS, testHandler } from "./test-handler.ts";

/** The part of the Bun namespace this script uses (tsc runs without Bun's types). */
declare const Bun: {
  serve(options: { hostname: string; port: number; fetch: (request: Request, server: unknown) => Promise<Response> }): { port: number; stop(force?: boolean): void };
  version: string;
};

const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: testHandler() });
console.log(JSON.stringify({ runtime: "bun", version: Bun.version, port: server.port }));
setTimeout(() => server.stop(true), SERVER_LIFETIME_MS);
