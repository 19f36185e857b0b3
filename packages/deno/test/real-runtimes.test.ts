import { spawnSync } from "node:child_process";
import { createEngine, randomId } from "@strata/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADAPTER_CONFIG } from "../../http/test/support/adapter-fixture.ts";
import { describeAdapter } from "../../http/test/support/adapter-suite.ts";
import { serveGzip } from "./support/gzip-upstream.ts";
import { bin, packageDir, startRuntimeServer } from "./support/runtime-process.ts";

describeAdapter("@strata/deno on Deno (Deno.serve)", () => startRuntimeServer("deno"));
describeAdapter("@strata/deno on Bun (Bun.serve)", () => startRuntimeServer("bun"));

/** A cookie id in the green group of button-color, so that reading button_color reports an exposure. */
function greenVisitor(): string {
  const engine = createEngine(ADAPTER_CONFIG);
  for (;;) {
    const id = randomId();
    if (engine.decide({ units: { cookieId: id } }).assignments.some((a) => a.experiment === "button-color" && a.group === "green")) return id;
  }
}

describe.each([
  // Deno says when a response has been sent (info.completed): one batch per request.
  ["deno", [["button-color", "eu-banner"]]],
  // Bun does not: the batch goes when the handler returns, later reads follow one by one.
  ["bun", [["button-color"], ["eu-banner"]]],
] as const)("@strata/deno on %s", (runtime, expected) => {
  let server: Awaited<ReturnType<typeof startRuntimeServer>>;
  beforeAll(async () => {
    server = await startRuntimeServer(runtime);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it(`parameters read while a streamed body is sent are delivered, in ${expected.length} onExposure call(s)`, async () => {
    const id = greenVisitor();
    const response = await fetch(`${server.baseUrl}/stream`, { headers: { cookie: `strata_id=${id}`, "x-country": "DE" } });
    expect(await response.text()).toBe("button_color=green\nbanner=eu\n");
    let mine: string[][] = [];
    for (let attempt = 0; attempt < 50 && mine.flat().length < 2; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const batches = (await (await fetch(`${server.baseUrl}/batches`)).json()) as string[][];
      mine = batches.filter((batch) => batch.some((entry) => entry.startsWith(`${id}:`)));
    }
    expect(mine).toEqual(expected.map((batch) => batch.map((experiment) => `${id}:${experiment}`)));
  }, 30_000);

  it("a handler that returns one bodiless Response for every request gives each new visitor exactly one Set-Cookie, their own", async () => {
    const cookies: string[] = [];
    for (let visitor = 0; visitor < 3; visitor++) {
      const response = await fetch(`${server.baseUrl}/no-content`);
      expect(response.status).toBe(204);
      const setCookies = response.headers.getSetCookie();
      expect(setCookies, `visitor ${visitor}`).toHaveLength(1);
      expect(setCookies[0]).toMatch(/^strata_id=[0-9a-f]{32}; Max-Age=31536000; Path=\/; HttpOnly; SameSite=Lax$/);
      cookies.push(setCookies[0] as string);
    }
    expect(new Set(cookies).size).toBe(3);
  }, 30_000);
});

describe("@strata/deno on Deno: a handler that returns a fetch result of a compressing upstream", () => {
  let server: Awaited<ReturnType<typeof startRuntimeServer>>;
  let gzip: Awaited<ReturnType<typeof serveGzip>>;
  let deflate: Awaited<ReturnType<typeof serveGzip>>;
  beforeAll(async () => {
    gzip = await serveGzip("hello upstream ".repeat(20));
    deflate = await serveGzip("hello deflated upstream ".repeat(20), "deflate");
    server = await startRuntimeServer("deno");
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await gzip?.close();
    await deflate?.close();
  });

  it("reaches a new visitor (who gets a Set-Cookie) decodable, without the upstream's encoding headers (gzip, which Deno's fetch decodes)", async () => {
    const response = await fetch(`${server.baseUrl}/proxy?upstream=${encodeURIComponent(gzip.url)}`);
    expect(response.status).toBe(203);
    expect(response.headers.get("set-cookie")).toMatch(/^strata_id=[0-9a-f]{32};/);
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(await response.text()).toBe("hello upstream ".repeat(20));
  }, 30_000);

  it("keeps Content-Encoding for deflate, which Deno's fetch passes through undecoded, so the visitor can decode it", async () => {
    const response = await fetch(`${server.baseUrl}/proxy?upstream=${encodeURIComponent(deflate.url)}`);
    expect(response.headers.get("set-cookie")).toMatch(/^strata_id=[0-9a-f]{32};/);
    expect(response.headers.get("content-encoding")).toBe("deflate");
    expect(await response.text()).toBe("hello deflated upstream ".repeat(20));
  }, 30_000);
});

describe("@strata/deno on Deno: a decision read in a WebSocket handler, after the upgrade", () => {
  it("gives the visitor the group they get over HTTP (the headers were read before Deno closed them), and explains", { timeout: 60_000 }, async () => {
    const [command, ...args] = [bin("deno"), "run", "--no-prompt", "--no-lock", "--conditions=@strata/source", "--allow-net=127.0.0.1", "test/support/websocket-deno.ts"];
    const { stdout, stderr, status } = spawnSync(command, args, { cwd: packageDir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 50_000 });
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expect(JSON.parse(stdout.trim())).toEqual({ http: "large", socket: "large", explained: "none", errors: [] });
  });
});

describe("@strata/deno on Bun: a WebSocket upgrade with server.upgrade", () => {
  it("lets the handler return nothing after the upgrade, as on Bun without Strata, and the socket gets the decision", { timeout: 60_000 }, () => {
    const { stdout, stderr, status } = spawnSync(bin("bun"), ["--conditions=@strata/source", "test/support/websocket-bun.ts"], { cwd: packageDir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 50_000 });
    expect(status, stderr).toBe(0);
    const { message, errors, serverErrors } = JSON.parse(stdout.trim().split("\n").pop() as string) as { message: string; errors: string[]; serverErrors: string[] };
    expect(message).toMatch(/^color (green|blue)$/);
    expect(serverErrors).toEqual([]);
    expect(errors).toEqual([]);
  });
});
