/**
 * Where commands write. Results go to stdout, progress and diagnostics to stderr. `Io` is passed
 * in so tests can capture it; `LineWriter` batches many small lines into large writes and waits
 * when the reader is slower (backpressure), so streaming a million lines uses constant memory.
 * @module
 */
import type { Readable } from "node:stream";

/** A writable text stream: process.stdout, process.stderr or a test double. */
export interface TextStream {
  /** Writes a chunk; returns false when the caller should wait for `drain`. */
  write(chunk: string): boolean;
  /** True when the stream is a terminal. */
  readonly isTTY?: boolean;
  /** The terminal width, when it is one. */
  readonly columns?: number;
  /** Subscribes to `drain` (optional for test doubles that never ask to wait). */
  once?(event: "drain", listener: () => void): unknown;
  /** True once the reader has gone away (a closed pipe): writes go nowhere. */
  readonly closed?: boolean;
}

/** The process as a command sees it. */
export interface Io {
  /** Results. */
  readonly stdout: TextStream;
  /** Diagnostics, summaries and progress. */
  readonly stderr: TextStream;
  /** Input for `-` (units or a config read from stdin). */
  readonly stdin: Readable;
  /** The directory relative paths are resolved against. */
  readonly cwd: string;
  /** Environment variables (CI, NO_COLOR, …). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Writes `text` and a newline to `stream`. */
export function writeLine(stream: TextStream, text = ""): void {
  stream.write(`${text}\n`);
}

/** Batches lines into chunks of about 64 KB and honours backpressure. */
export class LineWriter {
  private buffer = "";
  private readonly stream: TextStream;
  private readonly chunkSize: number;

  /** Writes to `stream` in chunks of about `chunkSize` characters. */
  constructor(stream: TextStream, chunkSize = 64 * 1024) {
    this.stream = stream;
    this.chunkSize = chunkSize;
  }

  /** Queues one line; await the result so a slow reader pauses the producer. */
  line(text: string): Promise<void> | undefined {
    this.buffer += `${text}\n`;
    return this.buffer.length >= this.chunkSize ? this.flush() : undefined;
  }

  /** True once the reader has gone away: a producer may stop. */
  get closed(): boolean {
    return this.stream.closed === true;
  }

  /** Writes what is queued and resolves once the stream can take more. */
  flush(): Promise<void> | undefined {
    if (this.buffer === "") return undefined;
    const chunk = this.buffer;
    this.buffer = "";
    if (this.stream.write(chunk) || this.stream.once === undefined) return undefined;
    return new Promise((resolve) => this.stream.once?.("drain", resolve));
  }
}
