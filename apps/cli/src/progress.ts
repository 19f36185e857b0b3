/**
 * A progress bar for long runs, drawn on stderr only when it is a terminal (never in pipes, files
 * or on TERM=dumb). It appears after a short delay (quick runs stay quiet), redraws at most ten times a
 * second and erases itself when done.
 * @module
 */
import { formatCount } from "./numbers.ts";
import type { TextStream } from "./output.ts";

/** Reports how far a run has come. */
export interface Progress {
  /** Records that `done` units are finished (cheap: call it for every unit). */
  update(done: number): void;
  /** Erases the bar. */
  finish(): void;
}

/** Options of `createProgress`. */
export interface ProgressOptions {
  /** What is being done, e.g. `simulating`. */
  readonly label: string;
  /** The number of units, when known. */
  readonly total?: number;
  /** Milliseconds before the bar first appears; default 300. */
  readonly delay?: number;
  /** The clock; default Date.now. */
  readonly now?: () => number;
  /** Environment, to stay quiet on TERM=dumb. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const QUIET: Progress = { update: () => undefined, finish: () => undefined };

/** A progress bar on `stream` when it is a terminal, else a no-op. */
export function createProgress(stream: TextStream, options: ProgressOptions): Progress {
  const env = options.env ?? {};
  if (stream.isTTY !== true || env.TERM === "dumb") return QUIET;
  const now = options.now ?? Date.now;
  const started = now();
  const delay = options.delay ?? 300;
  let nextDraw = started + delay;
  let drawn = false;
  let calls = 0;
  return {
    update(done) {
      // Reading the clock for every unit would cost more than the work; look every 256 calls.
      if ((++calls & 255) !== 0 && options.total !== done) return;
      const time = now();
      if (time < nextDraw) return;
      nextDraw = time + 100;
      drawn = true;
      stream.write(`\r${progressLine(options.label, done, options.total, time - started, stream.columns ?? 80)}\u001b[K`);
    },
    finish() {
      if (drawn) stream.write("\r\u001b[K");
    },
  };
}

/** One line of the bar: label, bar, percent, counts and time left (or the rate when the total is unknown). */
export function progressLine(label: string, done: number, total: number | undefined, elapsedMs: number, columns: number): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  if (total === undefined || total <= 0) return `${label} ${formatCount(done)} units · ${formatCount(rate)}/s`;
  const fraction = Math.min(1, done / total);
  const left = rate > 0 ? Math.ceil((total - done) / rate) : undefined;
  const tail = ` ${String(Math.floor(fraction * 100)).padStart(3)}% ${formatCount(done)}/${formatCount(total)} units${left === undefined ? "" : ` · ${left}s left`}`;
  const width = Math.max(10, Math.min(40, columns - label.length - tail.length - 4));
  const full = Math.round(fraction * width);
  return `${label} [${"#".repeat(full)}${"-".repeat(width - full)}]${tail}`;
}
