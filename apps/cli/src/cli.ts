/**
 * The `strata` executable: runs `main` with the real process and exits with its code.
 * A closed pipe (`strata assign … | head`) ends the output quietly; the command's exit code
 * stands (`strata lint … | head` still fails a CI step when the config has errors).
 * @module
 */
import { main } from "./main.ts";
import type { TextStream } from "./output.ts";

let stdoutClosed = false;
/** Callers waiting for `drain`, released when the reader goes away (no `drain` would come). */
const waiting = new Set<() => void>();

process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") {
    // The output cannot be written (a full disk: ENOSPC): say so in one line, without a stack trace, and fail.
    process.stderr.write(`strata: cannot write the output: ${error.message}\n`);
    process.exit(1);
  }
  stdoutClosed = true;
  for (const resume of waiting) resume();
  waiting.clear();
});
// Diagnostics to a reader that went away (`strata … 2>&1 | head`) are dropped; the exit code stands.
process.stderr.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});

/** process.stdout, writing nothing once the reader has gone away. */
const stdout: TextStream = {
  get isTTY() {
    return process.stdout.isTTY;
  },
  get columns() {
    return process.stdout.columns;
  },
  get closed() {
    return stdoutClosed;
  },
  write: (chunk) => stdoutClosed || process.stdout.write(chunk),
  once(_event, listener) {
    if (stdoutClosed) return listener();
    const resume = () => {
      waiting.delete(resume);
      process.stdout.off("drain", resume);
      listener();
    };
    waiting.add(resume);
    process.stdout.once("drain", resume);
  },
};

const code = await main(process.argv.slice(2), {
  stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd: process.cwd(),
  env: process.env,
});
// With the reader gone, nothing else is owed to anyone: stop now (stdin may still be open).
if (stdoutClosed) process.exit(code);
process.exitCode = code;
