/**
 * Keys that repeat within one JSON object. `JSON.parse` keeps the last value of a repeated key
 * without a word, so `"status": "stopped", …, "status": "running"` would run an experiment its
 * author meant to stop. One pass over the text, without recursion (any nesting depth).
 * @module
 */
import { toPointer } from "@strata/config";

/** A key given twice in one object: where the object is, the key, and the offsets of both. */
export interface DuplicateKey {
  /** The JSON pointer of the object holding the key twice. */
  readonly pointer: string;
  /** The key. */
  readonly key: string;
  /** The offsets of the first and the repeated key's opening quotes. */
  readonly first: number;
  readonly again: number;
}

/** One open object or array while scanning. */
interface Container {
  /** The path segment this container sits at in its parent (undefined for the document). */
  readonly segment: string | number | undefined;
  /** For an object: its keys so far, with their offsets; undefined for an array. */
  readonly keys: Map<string, number> | undefined;
  /** For an object: the last key read (the segment of its value); for an array: the next item's index. */
  current: string | number;
  /** For an object: true when the next string is a key. */
  expectKey: boolean;
}

/** The first key that repeats within an object of `text` (valid JSON), or undefined when none does. */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  const stack: Container[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: find its end (skipping escapes); in an object where a key is due, it is a key.
      let end = i + 1;
      while (text.charCodeAt(end) !== 0x22) end += text.charCodeAt(end) === 0x5c ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.keys !== undefined && top.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        const first = top.keys.get(key);
        if (first !== undefined) return { pointer: pointerOf(stack), key, first, again: i };
        top.keys.set(key, i);
        top.current = key;
        top.expectKey = false;
      }
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      const parent = stack[stack.length - 1];
      stack.push({ segment: parent?.current, keys: c === 0x7b ? new Map() : undefined, current: 0, expectKey: c === 0x7b });
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
    } else if (c === 0x2c) {
      const top = stack[stack.length - 1];
      if (top === undefined) continue;
      if (top.keys !== undefined) top.expectKey = true;
      else top.current = (top.current as number) + 1;
    }
  }
  return undefined;
}

/** The pointer of the innermost open object. */
function pointerOf(stack: readonly Container[]): string {
  const segments: Array<string | number> = [];
  for (let i = 1; i < stack.length; i++) segments.push(stack[i]?.segment as string | number);
  return toPointer(segments);
}
