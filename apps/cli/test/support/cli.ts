/**
 * Running the built `strata` binary (dist/cli.js) as a subprocess, the way a person or a script
 * does. Without a build the CLI suites are skipped locally, but fail under CI (CI=true), where
 * `.ci/run` builds before testing.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** apps/cli. */
export const CLI_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The repository root. */
export const REPO_ROOT = resolve(CLI_ROOT, "../..");

/** The built binary. */
export const BIN = join(CLI_ROOT, "dist/cli.js");

/** The example config used throughout the tests and the README. */
export const SHOP = join(REPO_ROOT, "packages/config/examples/shop.json");

/** The same, relative to the repository root (the working directory of `runCli`), as a person types it. */
export const SHOP_RELATIVE = "packages/config/examples/shop.json";

/** True under CI, where a missing build must fail the tests instead of skipping them. */
export const IN_CI = process.env.CI === "true";

/** What a run printed and how it exited. */
export interface CliResult {
  /** The exit code. */
  readonly code: number | null;
  /** Everything written to stdout. */
  readonly stdout: string;
  /** Everything written to stderr. */
  readonly stderr: string;
}

/** Options of `runCli`. */
export interface RunOptions {
  /** Text (or chunks, written with backpressure) for stdin. */
  readonly input?: string | Iterable<string>;
  /** The working directory (default: the repository root). */
  readonly cwd?: string;
  /** Extra node flags, e.g. `--max-old-space-size=32`. */
  readonly nodeFlags?: readonly string[];
  /** Called with each stdout chunk instead of collecting it (for huge outputs). */
  readonly onStdout?: (chunk: string) => void;
}

/** Runs `node dist/cli.js …args` and resolves when it exits. */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...(options.nodeFlags ?? []), BIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => (options.onStdout ? options.onStdout(chunk) : (stdout += chunk)));
    child.stderr.on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.on("error", () => undefined);
    void feed(child.stdin, options.input);
  });
}

async function feed(stdin: NodeJS.WritableStream, input: RunOptions["input"]): Promise<void> {
  if (input === undefined) {
    stdin.end();
    return;
  }
  const chunks = typeof input === "string" ? [input] : input;
  for (const chunk of chunks) {
    if (!stdin.write(chunk)) await new Promise((resolveDrain) => stdin.once("drain", resolveDrain));
  }
  stdin.end();
}

/** A fresh temporary directory. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "strata-cli-"));
}

/**
 * `describe` for suites that run the built binary: skipped when dist/cli.js is missing outside
 * CI; under CI the suite runs, and its first test fails saying to build first.
 */
export function describeCli(name: string, body: () => void): void {
  const built = existsSync(BIN);
  describe.skipIf(!built && !IN_CI)(name, () => {
    it("has the built binary to run", () => {
      expect(existsSync(BIN), `${BIN} is missing: build the CLI first (pnpm build, or without a global pnpm: npx -y pnpm@<version of packageManager> exec turbo run build --filter=@strata/cli...)`).toBe(true);
    });
    body();
  });
}

/** True when the text holds a stack trace line such as `    at main (file.js:1:2)`. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+[(:]\S+/m.test(text);
}
