/**
 * Starts the demo's HTTP server, failing loudly when it cannot listen. Express 5 hands a listen
 * error (such as EADDRINUSE, the port is taken) to `app.listen`'s callback instead of throwing,
 * so a callback that ignores it would print the banner of a server that is not running.
 * @module
 */
import type { Server } from "node:http";
import type { Express } from "express";

/** Why the server cannot listen on `host:port`, naming the port and how to start the demo on another one. */
export function listenFailure(host: string, port: number, error: NodeJS.ErrnoException): string {
  const another = `PORT=${port === 65_535 ? 3001 : port + 1} pnpm start`;
  if (error.code === "EADDRINUSE") return `port ${port} is already in use (EADDRINUSE on ${host}:${port}): stop the process holding it, or start the demo on another port, e.g. ${another}`;
  if (error.code === "EACCES") return `port ${port} needs privileges to listen on (EACCES on ${host}:${port}): start the demo on a port above 1023, e.g. ${another}`;
  return `cannot listen on ${host}:${port} (${error.message}): start the demo on another port, e.g. ${another}`;
}

/** Listens on `host:port`; resolves with the listening server, or rejects with an Error whose message is `listenFailure`'s. */
export function listenOn(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => {
      if (error) reject(new Error(listenFailure(host, port, error), { cause: error }));
      else resolve(server);
    });
  });
}
