/**
 * Runs a TypeScript module (source text, e.g. a README example) as its own Node process, the way
 * a user runs a script, and reports whether it exits on its own once it has printed a marker line.
 * @module
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));
const TSX_CLI = createRequire(import.meta.url).resolve("tsx/cli");

/** How a script process ended. */
export interface ScriptExit {
  /** The exit code, or null when a signal ended it. */
  readonly code: number | null;
  /** True when the process did not exit on its own and was killed (see `runScript`'s limits). */
  readonly killed: boolean;
  /** Everything it wrote to stdout. */
  readonly stdout: string;
  /** Everything it wrote to stderr. */
  readonly stderr: string;
}

/** Limits of one script run, in milliseconds. */
export interface ScriptLimits {
  /** Kill the process if it has not printed `marker` by then (default 20,000: startup on a busy machine). */
  readonly untilMarkerMs?: number;
  /** Kill the process if it still runs this long after printing `marker` (default 5,000). */
  readonly afterMarkerMs?: number;
}

/**
 * Runs `source` as an ES module with tsx, from the package directory (so `@strata/redis` and
 * `@strata/engine` resolve to their sources), with `env` added to the environment. Resolves when
 * the process exits, or once it was killed for outliving one of `limits`.
 */
export function runScript(source: string, marker: string, env: Record<string, string>, limits: ScriptLimits = {}): Promise<ScriptExit> {
  const { untilMarkerMs = 20_000, afterMarkerMs = 5_000 } = limits;
  const child = spawn(process.execPath, [TSX_CLI, "--conditions=@strata/source", "--input-type=module", "--eval", source], {
    cwd: PACKAGE_DIR,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
    // Its own process group: tsx runs the module in a child process of its own, which a kill must reach too.
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  let killed = false;
  const kill = () => {
    killed = true;
    process.kill(-(child.pid as number), "SIGKILL");
  };
  let watchdog = setTimeout(kill, untilMarkerMs);
  child.stdout.on("data", (chunk: Buffer) => {
    const sawMarker = stdout.split("\n").includes(marker);
    stdout += chunk.toString();
    if (!sawMarker && stdout.split("\n").includes(marker)) {
      clearTimeout(watchdog);
      watchdog = setTimeout(kill, afterMarkerMs);
    }
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("error", (error) => {
      clearTimeout(watchdog);
      reject(error);
    });
    child.once("exit", (code) => {
      clearTimeout(watchdog);
      resolve({ code, killed, stdout, stderr });
    });
  });
}
