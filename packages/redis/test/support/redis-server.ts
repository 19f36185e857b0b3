/**
 * Real redis-server processes for the tests: each test file starts its own, bound to 127.0.0.1
 * on a free port in a temp dir, and stops, kills, pauses or restarts it to inject faults.
 * The binary is $REDIS_SERVER_BIN (exported by .ci/services) or `redis-server` on the PATH.
 * @module
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { describe, it } from "vitest";

/** True on CI, where a missing redis-server fails the tests instead of skipping them. */
export const isCI = process.env.CI === "true" || process.env.CI === "1";

/** The redis-server binary, or undefined when there is none. */
export const redisServerBin: string | undefined = (() => {
  const fromEnv = process.env.REDIS_SERVER_BIN;
  if (fromEnv) return fromEnv;
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, "redis-server");
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
})();

const MISSING =
  "redis-server not found: the @strata/redis tests run against a real Redis. Install it (Debian: apt-get install redis-server) " +
  "or set REDIS_SERVER_BIN to its path; CI's .ci/services installs it and exports REDIS_SERVER_BIN.";

/**
 * A `describe` for tests that need redis-server. Without one it registers a single test that
 * fails with the reason on CI (CI=true), and skips the suite elsewhere.
 */
export function describeWithRedis(name: string, body: () => void): void {
  if (redisServerBin !== undefined) {
    describe(name, body);
  } else if (isCI) {
    describe(name, () => {
      it("has a redis-server to run against", () => {
        throw new Error(MISSING);
      });
    });
  } else {
    console.warn(`[@strata/redis] skipping "${name}": ${MISSING}`);
    describe.skip(name, body);
  }
}

/** A free TCP port on 127.0.0.1 (nothing listens on it when this resolves). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Options of a test Redis. */
export interface RedisServerOptions {
  /** Turn on the append-only file (default false: no persistence at all). */
  readonly appendonly?: boolean;
  /** `appendfsync` when appendonly is on (default Redis's "everysec"). */
  readonly appendfsync?: "always" | "everysec" | "no";
  /** A fixed port (default: a free one). */
  readonly port?: number;
}

/** One redis-server process on 127.0.0.1, restartable on the same port and data dir. */
export class RedisServer {
  private child: ChildProcess | undefined;
  private readonly killOnExit = () => this.child?.kill("SIGKILL");

  private constructor(
    /** The port it listens on. */
    readonly port: number,
    /** Its data dir (the AOF lives here). */
    readonly dir: string,
    private readonly options: RedisServerOptions,
  ) {
    process.on("exit", this.killOnExit);
  }

  /** `redis://127.0.0.1:<port>`. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** True while the process runs. */
  get running(): boolean {
    return this.child !== undefined;
  }

  /** Starts a new server and waits until it accepts connections. */
  static async start(options: RedisServerOptions = {}): Promise<RedisServer> {
    if (redisServerBin === undefined) throw new Error(MISSING);
    for (let attempt = 1; ; attempt++) {
      const server = new RedisServer(options.port ?? (await freePort()), mkdtempSync(join(tmpdir(), "strata-redis-")), options);
      try {
        await server.start();
        return server;
      } catch (error) {
        await server.close();
        if (attempt >= 3 || options.port !== undefined) throw error;
      }
    }
  }

  /** Starts (or restarts) the process on the same port and dir; resolves when it accepts connections. */
  start(): Promise<void> {
    if (this.child) return Promise.reject(new Error(`redis-server on port ${this.port} is already running`));
    const { appendonly = false, appendfsync = "everysec" } = this.options;
    const args = [
      "--port", String(this.port), "--bind", "127.0.0.1", "--dir", this.dir, "--daemonize", "no",
      "--save", "", "--appendonly", appendonly ? "yes" : "no", "--appendfsync", appendfsync, "--logfile", "",
    ];
    const child = spawn(redisServerBin as string, args, { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    let output = "";
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`redis-server on port ${this.port} not ready within 10 s:\n${output.slice(-2000)}`)), 10_000);
      const fail = (error: Error) => {
        clearTimeout(timer);
        child.kill("SIGKILL");
        reject(error);
      };
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Ready to accept connections")) {
          clearTimeout(timer);
          child.stdout?.off("data", onData);
          child.stdout?.resume();
          resolve();
        }
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.on("error", (error) => fail(new Error(`redis-server could not start (${redisServerBin}): ${error.message}`)));
      child.on("exit", (code, signal) => {
        if (this.child === child) this.child = undefined;
        fail(new Error(`redis-server on port ${this.port} exited (code ${code}, signal ${signal}):\n${output.slice(-2000)}`));
      });
    });
  }

  /** Stops the server gracefully (SIGTERM: Redis flushes the AOF and exits) and waits for the exit. */
  stop(): Promise<void> {
    return this.signal("SIGTERM");
  }

  /** Kills the server at once (SIGKILL, like a crash) and waits for the exit. */
  kill(): Promise<void> {
    return this.signal("SIGKILL");
  }

  /** Freezes the server (SIGSTOP): connections stay open but nothing is answered. */
  pause(): void {
    this.child?.kill("SIGSTOP");
  }

  /** Unfreezes a paused server (SIGCONT). */
  resume(): void {
    this.child?.kill("SIGCONT");
  }

  /** Kills the server and removes its data dir. */
  async close(): Promise<void> {
    this.resume();
    await this.kill();
    process.off("exit", this.killOnExit);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child) return Promise.resolve();
    return new Promise((resolve) => {
      child.once("exit", () => resolve());
      child.kill(signal);
    });
  }
}
