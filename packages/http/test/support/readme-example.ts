/**
 * Runs a README's code blocks as written: extracts them, writes them with a copy of the shop
 * example config as `strata.json` into the package's git-ignored `.tmp/` folder, and hands
 * back the folder (the package's own name resolves there by self-reference).
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

/** The repository root. */
export const repoRoot = join(import.meta.dirname, "..", "..", "..", "..");

/** The code blocks of a language (```ts …```) in a README, in order. */
export function codeBlocks(readme: string, language: string): string[] {
  return [...readFileSync(readme, "utf8").matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1] as string);
}

/** Writes `files` and strata.json (the shop example) into `<packageDir>/.tmp/readme-test`, fresh; returns the folder. */
export function exampleFolder(packageDir: string, files: Record<string, string>): string {
  const dir = join(packageDir, ".tmp", "readme-test");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(repoRoot, "packages/config/examples/shop.json"), join(dir, "strata.json"));
  for (const [name, code] of Object.entries(files)) writeFileSync(join(dir, name), code);
  return dir;
}

/** A free loopback TCP port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** A README server started as a child process. */
export interface ExampleServer {
  /** Everything it printed so far. */
  output(): string;
  /** Stops it. */
  stop(): Promise<void>;
}

/** Spawns `command` in `dir`, resolving once its output contains `ready` (rejecting on exit or after 30 s). */
export async function startExample(command: string, args: string[], dir: string, ready: string, env: Record<string, string> = {}): Promise<ExampleServer> {
  const { spawn } = await import("node:child_process");
  // Its own process group, so that stopping it also stops what a wrapper (tsx, an npm shim) started.
  const child = spawn(command, args, { cwd: dir, env: { ...process.env, NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    try {
      process.kill(-(child.pid as number), "SIGTERM");
    } catch {
      // The group is gone already.
    }
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => void stop().then(() => reject(new Error(`no "${ready}" within 30 s:\n${output}`))), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.includes(ready)) {
        clearTimeout(timer);
        resolve({ output: () => output, stop });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before "${ready}":\n${output}`));
    });
  });
}
