import { spawn } from "node:child_process";
import { createServer, type AddressInfo, type Server } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createDemoApp } from "../src/demo-app.ts";
import { listenOn } from "../src/listen.ts";

const demoDir = join(import.meta.dirname, "..");

/** A loopback server holding a port, so that nothing else can listen on it there. */
function holdPort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const holder = createServer();
    holder.once("error", reject);
    holder.listen(0, "127.0.0.1", () => resolve(holder));
  });
}

/** Runs the demo's main.ts (as `pnpm start` does) until it exits; its exit code and output. */
function runDemo(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(demoDir, "node_modules/.bin/tsx"), ["--conditions=@strata/source", "src/main.ts"], { cwd: demoDir, env: { ...process.env, NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("starting the demo on a port that is already in use", () => {
  let holder: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (holder ? holder.close(() => resolve()) : resolve())));

  it("rejects with a message naming the port and how to pick another", async () => {
    holder = await holdPort();
    const port = (holder.address() as AddressInfo).port;
    const { app } = createDemoApp({ onExposure: () => undefined });
    await expect(listenOn(app, port, "127.0.0.1")).rejects.toThrow(`port ${port} is already in use (EADDRINUSE on 127.0.0.1:${port}): stop the process holding it, or start the demo on another port, e.g. PORT=${port + 1} pnpm start`);
  });

  it("resolves with the listening server on a free port", async () => {
    const { app } = createDemoApp({ onExposure: () => undefined });
    const server = await listenOn(app, 0, "127.0.0.1");
    try {
      expect(server.listening).toBe(true);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("main.ts prints the reason and the fix instead of its banner, and exits with 1", async () => {
    holder = await holdPort();
    const port = (holder.address() as AddressInfo).port;
    const { code, stdout, stderr } = await runDemo({ PORT: String(port) });
    expect(stdout).not.toContain("Strata demo shop on");
    expect(stderr).toContain(`Strata demo shop not started: port ${port} is already in use`);
    expect(stderr).toContain(`PORT=${port + 1} pnpm start`);
    expect(code).toBe(1);
  }, 60_000);
});
