/**
 * A WebSocket upgrade on Bun through `withStrata`: the handler calls `server.upgrade(request)` and
 * returns nothing, as Bun's documentation does; the socket gets the parameter read before the
 * upgrade, and nothing is reported as an error. Prints one JSON line `{ message, errors, serverErrors }`, exits.
 *
 *   bun --conditions=@strata/source test/support/websocket-bun.ts
 */
import { ADAPTER_CONFIG } from "../../../http/test/support/adapter-fixture.ts";
import { withStrata } from "../../src/index.ts";

/** The part of the Bun namespace this script uses (tsc runs without Bun's types). */
declare const Bun: {
  serve(options: {
    hostname: string;
    port: number;
    fetch: (request: Request, server: BunServer) => Promise<Response>;
    websocket: { open(socket: { data: unknown; send(text: string): void }): void; message(): void };
    error(error: unknown): Response;
  }): { port: number; stop(force?: boolean): void };
};

/** What this script uses of Bun's server. */
interface BunServer {
  upgrade(request: Request, options: { data: unknown }): boolean;
}

const errors: string[] = [];
const serverErrors: string[] = [];
const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch: withStrata<BunServer>(
    (request, bun, decision) => {
      if (bun.upgrade(request, { data: String(decision.get("button_color")) })) return undefined;
      return new Response("upgrade failed", { status: 400 });
    },
    { config: ADAPTER_CONFIG, onError: (error, context) => errors.push(`${context}: ${String(error)}`) },
  ),
  websocket: {
    open(socket) {
      socket.send(`color ${String(socket.data)}`);
    },
    message() {},
  },
  error(error) {
    serverErrors.push(String(error));
    return new Response("error", { status: 500 });
  },
});
const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws`);
let timer: ReturnType<typeof setTimeout> | undefined;
const message = await new Promise<string>((resolve) => {
  socket.onmessage = (event) => resolve(String(event.data));
  socket.onclose = (event) => resolve(`closed ${event.code}`);
  timer = setTimeout(() => resolve("timeout"), 5_000);
});
clearTimeout(timer);
socket.close();
console.log(JSON.stringify({ message, errors, serverErrors }));
server.stop(true);
