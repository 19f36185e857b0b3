/**
 * An `Io` for running commands in process (`main(args, io)`): stdout and stderr are captured,
 * stdin is the given stream, and relative paths start at `cwd` (default: the repository root).
 */
import { Readable } from "node:stream";
import type { Io } from "../../src/output.ts";
import { REPO_ROOT } from "./cli.ts";

/** An Io that captures what a command writes. */
export interface CapturedIo extends Io {
  /** Everything written to stdout. */
  out(): string;
  /** Everything written to stderr. */
  err(): string;
}

/** Captures stdout and stderr; stdin is `input` (empty by default). */
export function captureIo(input: Readable = Readable.from([]), cwd: string = REPO_ROOT): CapturedIo {
  let out = "";
  let err = "";
  return {
    stdout: { write: (chunk: string) => ((out += chunk), true) },
    stderr: { write: (chunk: string) => ((err += chunk), true) },
    stdin: input,
    cwd,
    env: {},
    out: () => out,
    err: () => err,
  };
}

/** A stdin that fails as soon as it is read: proves a command stopped before reading its units. */
export function unreadableStdin(): Readable {
  return new Readable({
    read() {
      this.destroy(new Error("stdin was read"));
    },
  });
}
