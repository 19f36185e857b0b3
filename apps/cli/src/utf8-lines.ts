/**
 * The lines of a byte stream, decoded as strict UTF-8 a block at a time: `\n`, `\r\n` and a lone
 * `\r` end a line (as Node's readline splits them), and bytes that are not UTF-8 stop the stream
 * with an error naming the source and the line.
 * @module
 */
import { decodeUtf8 } from "./strict-utf8.ts";

const LINE_BREAK = /\r\n|\n|\r/;
const NEWLINE = 0x0a;
const RETURN = 0x0d;

/**
 * Yields the lines of `input` in blocks, in order (without their line breaks; blank lines too);
 * throws CommandFailed naming `source` and the line of bytes that are not UTF-8.
 */
export async function* utf8Lines(input: AsyncIterable<Uint8Array | string>, source: string): AsyncGenerator<readonly string[]> {
  const pending: Uint8Array[] = []; // the bytes after the last line break so far, as they came
  let line = 1; // the number of the line `pending` starts
  let afterReturn = false; // the last byte so far was a `\r` ending a line, so a `\n` right after it is part of it
  for await (const chunk of input) {
    let bytes: Uint8Array = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    if (afterReturn && bytes.length > 0) {
      if (bytes[0] === NEWLINE) bytes = bytes.subarray(1);
      afterReturn = false;
    }
    const end = Math.max(bytes.lastIndexOf(NEWLINE), bytes.lastIndexOf(RETURN)) + 1;
    if (end === 0) {
      if (bytes.length > 0) pending.push(bytes);
      continue;
    }
    const block = pending.length === 0 ? bytes.subarray(0, end) : Buffer.concat([...pending, bytes.subarray(0, end)]);
    pending.length = 0;
    let text: string;
    try {
      text = decodeUtf8(block, source, line);
    } catch (error) {
      // The lines before the bad one come first, so that what they produce is not lost.
      const good = linesBeforeBadOne(block);
      if (good.length > 0) yield good;
      throw error;
    }
    const lines = text.split(LINE_BREAK);
    lines.pop(); // the block ends with a line break: the empty text after it is not a line
    afterReturn = end === bytes.length && bytes[end - 1] === RETURN;
    if (end < bytes.length) pending.push(bytes.slice(end));
    line += lines.length;
    yield lines;
  }
  if (pending.length > 0) yield [decodeUtf8(Buffer.concat(pending), source, line)];
}

const STRICT = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The lines of `block` (which ends with a line break) up to the first one that is not UTF-8. */
function linesBeforeBadOne(block: Uint8Array): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < block.length; i++) {
    const byte = block[i];
    if (byte !== NEWLINE && byte !== RETURN) continue;
    try {
      lines.push(STRICT.decode(block.subarray(start, i)));
    } catch {
      return lines;
    }
    if (byte === RETURN && block[i + 1] === NEWLINE) i++;
    start = i + 1;
  }
  return lines;
}
