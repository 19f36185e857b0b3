/**
 * A decision read in a WebSocket's message handler on Deno, after `Deno.upgradeWebSocket` (Deno
 * then refuses to read the request's headers): it must give the group the same visitor gets over
 * HTTP, with an experiment targeted by the country header. Serves on a free port, asks once over
 * HTTP and once over a WebSocket, prints one JSON line `{ http, socket, explained, errors }`, exits.
 *
 *   deno run --no-prompt --no-lock --conditions=@strata/source --allow-net=127.0.0.1 test/support/websocket-deno.ts
 */
import { withStrata } from "../../src/index.ts";

/** The part of the Deno namespace this script uses (tsc runs without Deno's types). */
declare const Deno: {
  serve(options: { hostname: string; port: number; onListen(): void }, handler: (request: Request, info: unknown) => Promise<Response>): { addr: { port: number }; shutdown(): Promise<void> };
  upgradeWebSocket(request: Request): { socket: WebSocket; response: Response };
};

/** One experiment for visitors from Germany only: `large` for all of them. */
const config = {
  version: 1,
  units: ["userId", "cookieId"],
  params: { button_size: "medium" },
  domain: {
    id: "root",
    layers: [
      {
        id: "size",
        params: ["button_size"],
        slots: [
          {
            ranges: [[0, 1000]],
            experiment: {
              id: "button-size",
              status: "running",
              unit: "cookieId",
              conditions: { country: { $in: ["DE"] } },
              groups: [{ id: "large", params: { button_size: "large" } }],
              segmenter: { type: "percentage", groups: [{ id: "large", weight: 100 }] },
            },
          },
        ],
      },
    ],
  },
};

const errors: string[] = [];
let fromSocket: (value: { size: string; explained: string }) => void = () => undefined;
const socketAnswer = new Promise<{ size: string; explained: string }>((resolve) => (fromSocket = resolve));
const server = Deno.serve(
  { hostname: "127.0.0.1", port: 0, onListen: () => undefined },
  withStrata(
    (request, _info, decision) => {
      if (new URL(request.url).pathname !== "/ws") return new Response(String(decision.get("button_size")));
      const { socket, response } = Deno.upgradeWebSocket(request);
      socket.onmessage = () => {
        try {
          fromSocket({ size: String(decision.get("button_size")), explained: decision.explain().override.state });
        } catch (error) {
          fromSocket({ size: `threw: ${String(error)}`, explained: "" });
        }
      };
      return response;
    },
    { config, countryHeader: "x-country", onError: (error, context) => errors.push(`${context}: ${String(error)}`) },
  ),
);
const base = `127.0.0.1:${server.addr.port}`;
const headers = { cookie: "strata_id=0123456789abcdef0123456789abcdef", "x-country": "DE" };
const http = await (await fetch(`http://${base}/`, { headers })).text();
// Deno's WebSocket client takes request headers as its second argument's `headers`.
const ws = new (WebSocket as unknown as new (url: string, options: { headers: Record<string, string> }) => WebSocket)(`ws://${base}/ws`, { headers });
ws.onopen = () => ws.send("?");
const { size, explained } = await socketAnswer;
ws.close();
console.log(JSON.stringify({ http, socket: size, explained, errors }));
await server.shutdown();
