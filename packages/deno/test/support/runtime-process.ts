/**
 * Starts a test server in a real Deno or Bun process (the binaries from their npm packages),
 * waits for the JSON line with its port, and stops it on `close`.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { AdapterServer } from "../../../http/test/support/adapter-suite.ts";

/** This package's folder. */
export const packageDir = join(import.meta.dirname, "..", "..");

/** The runtime binary from its npm package (the real executable, not the .bin shim, so that stopping it stops the runtime). */
export function bin(name: "deno" | "bun"): string {
  const real = join(packageDir, "node_modules", ...(name === "deno" ? ["deno", "deno"] : ["bun", "bin", "bun.exe"]));
  return existsSync(real) ? real : join(packageDir, "node_modules", ".bin", name);
}

/** The command lines that serve the adapter suite's handler. */
export const SERVE_COMMANDS = {
  deno: [bin("deno"), "run", "--no-prompt", "--no-lock", "--conditions=@strata/source", "--allow-net=127.0.0.1", "test/support/serve-deno.ts"],
  bun: [bin("bun"), "--conditions=@strata/source", "test/support/serve-bun.ts"],
} as const;

/** Spawns the runtime's server and resolves once it listens; rejects with its output if it exits or stays silent for `timeoutMs`. */
export function startRuntimeServer(runtime: keyof typeof SERVE_COMMANDS, timeoutMs = 30_000): Promise<AdapterServer & { version: string }> {
  const [command, ...args] = SERVE_COMMANDS[runtime];
  // Its own process group, so that stopping it also stops anything a wrapper started.
  const child = spawn(command, args, { cwd: packageDir, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let stdout = "";
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const close = async () => {
    try {
      process.kill(-(child.pid as number), "SIGTERM");
    } catch {
      // The group is gone already.
    }
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void close();
      reject(new Error(`${runtime} did not report a port within ${timeoutMs} ms; stderr:\n${stderr}`));
    }, timeoutMs);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const line = stdout.split("\n").find((l) => l.startsWith("{"));
      if (!line) return;
      clearTimeout(timer);
      const { port, version, runtime: reported } = JSON.parse(line) as { port: number; version: string; runtime: string };
      if (reported !== runtime) return reject(new Error(`expected a ${runtime} server, got ${line}`));
      resolve({ baseUrl: `http://127.0.0.1:${port}`, version, close });
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${runtime} exited with ${code} before listening; stderr:\n${stderr}`));
    });
  });
}
