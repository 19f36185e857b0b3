/**
 * Starts test/fixtures/engine-process.ts as a real child Node process and calls it over its
 * stdin/stdout JSON-lines protocol.
 * @module
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));
const FIXTURE = fileURLToPath(new URL("../fixtures/engine-process.ts", import.meta.url));

/** Settings of one engine process. */
export interface EngineProcessOptions {
  /** The Redis URL. */
  readonly url: string;
  /** The key prefix. */
  readonly prefix?: string;
  /** `color-test`'s weights. */
  readonly weights?: { red: number; blue: number };
  /** The feedback refresh interval, in milliseconds. */
  readonly refreshMs?: number;
}

/** A running engine process. */
export interface EngineProcess {
  /** Sends one command and resolves with its result (rejects with the child's error). */
  call<T = unknown>(op: string, args?: Record<string, unknown>): Promise<T>;
  /** Closes the stores and waits for the process to exit. */
  close(): Promise<{ errors: string[]; unhandled: string[] }>;
  /** Kills the process if it still runs. */
  kill(): void;
}

/** Spawns an engine process and waits until it is ready for commands. */
export function startEngineProcess(options: EngineProcessOptions): Promise<EngineProcess> {
  const child: ChildProcess = spawn(process.execPath, ["--conditions=@strata/source", "--import", "tsx", FIXTURE], {
    cwd: PACKAGE_DIR,
    stdio: ["pipe", "pipe", "pipe"],
    env: {
      ...process.env,
      REDIS_URL: options.url,
      PREFIX: options.prefix ?? "strata:",
      WEIGHTS: JSON.stringify(options.weights ?? { red: 50, blue: 50 }),
      REFRESH_MS: String(options.refreshMs ?? 200),
    },
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  return new Promise((resolveReady, rejectReady) => {
    const timer = setTimeout(() => rejectReady(new Error(`engine process not ready within 20 s:\n${stderr}`)), 20_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      const error = new Error(`engine process exited (code ${code}):\n${stderr}`);
      rejectReady(error);
      for (const { reject } of waiting.values()) reject(error);
    });
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const message = JSON.parse(line) as { ready?: true; id?: number; result?: unknown; error?: string };
      if (message.ready) {
        clearTimeout(timer);
        resolveReady(api);
        return;
      }
      const pending = waiting.get(message.id as number);
      waiting.delete(message.id as number);
      if (message.error !== undefined) pending?.reject(new Error(message.error));
      else pending?.resolve(message.result);
    });
    const api: EngineProcess = {
      call<T>(op: string, args: Record<string, unknown> = {}): Promise<T> {
        const id = nextId++;
        return new Promise<T>((resolve, reject) => {
          waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
          child.stdin!.write(`${JSON.stringify({ id, op, ...args })}\n`);
        });
      },
      async close() {
        const result = await api.call<{ errors: string[]; unhandled: string[] }>("close");
        child.stdin!.end();
        await exited;
        return result;
      },
      kill() {
        child.kill("SIGKILL");
      },
    };
  });
}
