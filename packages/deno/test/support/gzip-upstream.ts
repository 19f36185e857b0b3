/**
 * A compressing upstream on loopback (node:http), standing in for the origin a handler proxies
 * with `fetch`: every request gets `body` gzipped (or deflated), with content-encoding and content-length.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { deflateSync, gzipSync } from "node:zlib";

/** Serves `body` in `coding` (status 203 "Decoded") on 127.0.0.1 and a free port; `close` stops it. */
export async function serveGzip(body: string, coding: "gzip" | "deflate" = "gzip"): Promise<{ url: string; close(): Promise<void> }> {
  const compressed = coding === "gzip" ? gzipSync(body) : deflateSync(body);
  const server = createServer((_request, response) => {
    response.writeHead(203, "Decoded", { "content-encoding": coding, "content-type": "text/plain", "content-length": compressed.length });
    response.end(compressed);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
