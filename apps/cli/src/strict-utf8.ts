/**
 * Strict UTF-8: input files are decoded with a fatal decoder, so bytes that are not UTF-8 (a
 * Latin-1 `é`, say) are an error naming the file, line and column instead of turning silently
 * into U+FFFD — which would make two different ids the same id, or hash a different salt.
 * @module
 */
import { CommandFailed } from "./errors.ts";

/** Decoder options: invalid bytes throw; a byte order mark is kept (the callers decide about it). */
const STRICT: TextDecoderOptions = { fatal: true, ignoreBOM: true };

/** Decodes UTF-8 `bytes`; throws CommandFailed naming `source`, the line and the column of the first invalid byte. */
export function decodeUtf8(bytes: Uint8Array, source: string, firstLine = 1): string {
  try {
    return new TextDecoder("utf-8", STRICT).decode(bytes);
  } catch {
    throw notUtf8(bytes, source, firstLine);
  }
}

/** The error for `bytes` that are not UTF-8: `source:line: … column …`, with the offending byte and how to convert the file. */
export function notUtf8(bytes: Uint8Array, source: string, firstLine = 1): CommandFailed {
  const offset = firstInvalidUtf8(bytes);
  const { line, column } = positionOf(bytes, offset);
  const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, "0");
  return new CommandFailed(
    `${source}:${firstLine + line - 1}: not valid UTF-8 (the byte 0x${byte} at column ${column}) — save the file as UTF-8, e.g. iconv -f LATIN1 -t UTF-8 (or your editor's "save with encoding")`,
  );
}

/** True when `bytes` decode without error: completely, or (`complete` false) up to a character cut off at the end. */
function decodes(bytes: Uint8Array, complete: boolean): boolean {
  try {
    new TextDecoder("utf-8", STRICT).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/**
 * The offset of the first byte of the first sequence that is not UTF-8 (a character cut off at
 * the end counts), or -1 when all is valid; found with the fatal decoder itself: the
 * shortest prefix it rejects ends just past the fault, and the fault starts at the last character
 * boundary before that.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  if (decodes(bytes, true)) return -1;
  // The shortest prefix a streaming decoder rejects; bytes.length + 1 when only the end is cut off.
  let low = 1;
  let high = bytes.length + 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (middle <= bytes.length && !decodes(bytes.subarray(0, middle), false)) high = middle;
    else low = middle + 1;
  }
  // The prefix one byte shorter decodes but may end inside a character: step back to a boundary (at most 3 bytes).
  for (let boundary = Math.min(low - 1, bytes.length); boundary > 0; boundary--) {
    if (decodes(bytes.subarray(0, boundary), true)) return boundary;
  }
  return 0;
}

/** The 1-based line and column (in characters) of `offset`; `\n`, `\r\n` and a lone `\r` end a line. */
function positionOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    const byte = bytes[i];
    if (byte === 0x0a || (byte === 0x0d && bytes[i + 1] !== 0x0a)) {
      line++;
      start = i + 1;
    }
  }
  const before = new TextDecoder("utf-8", STRICT).decode(bytes.subarray(start, offset));
  return { line, column: [...before].length + 1 };
}
