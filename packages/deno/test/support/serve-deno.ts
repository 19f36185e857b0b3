/**
 * The adapter-suite server on Deno: `Deno.serve` with `withStrata` on 127.0.0.1 and a free
 * port, printed as one JSON line. Stops by itself after SERVER_LIFETIME_MS.
 *
 *   deno run --no-prompt --no-lock --conditions=@strata/source --allow-net=127.0.0.1 test/support/serve-deno.ts
 */
import { SERVER_LIFETIME_MS, testHandler } from "./test-handler.ts";

/** The part of the Deno namespace this script uses (tsc runs without Deno's types). */
declare const Deno: {
  serve(
    options: { hostname: string; port: number; onListen(address: { port: number }): void },
    handler: (request: Request, info: unknown) => Promise<Response>,
  ): { shutdown(): Promise<void> };
  version: { deno: string };
  exit(code: number): never;
};

const server = Deno.serve(
  { hostname: "127.0.0.1", port: 0, onListen: ({ port }) => console.log(JSON.stringify({ runtime: "deno", version: Deno.version.deno, port })) },
  testHandler(),
);
setTimeout(() => void server.shutdown().then(() => Deno.exit(0)), SERVER_LIFETIME_MS);
