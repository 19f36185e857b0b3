/**
 * Reading untrusted input: `validate` first copies what it is given into a frozen, plain JSON
 * snapshot, reading each property exactly once. Everything after works on the snapshot, so a
 * getter, a proxy, a cycle, a class instance or a `__proto__` key cannot reach the rules, and
 * nothing in the input is ever called or evaluated. Depth and size are bounded on the way.
 * @module
 */
import { describeValue } from "./describe.ts";
import { isForbiddenKey } from "./forbidden-keys.ts";
import { LIMITS } from "./limits.ts";
import { child, type JsonPointer } from "./pointer.ts";
import type { ProblemCollector } from "./problem.ts";
import { codePointLength, withinLength } from "./text-length.ts";

/** The snapshot, and whether it is complete (false when the input was too deep, too large or cyclic). */
export interface InputSnapshot {
  /** A frozen copy holding only plain objects, arrays, strings, finite numbers, booleans and null. */
  readonly value: unknown;
  /** False when reading stopped early; the snapshot is then not worth checking further. */
  readonly complete: boolean;
}

/** Copies `input` into a frozen JSON snapshot, reporting what is not JSON, forbidden keys and exceeded limits. */
export function readInput(input: unknown, out: ProblemCollector): InputSnapshot {
  const reader = new Reader(out);
  const value = reader.read(input, "", 0);
  return { value, complete: !reader.stopped };
}

class Reader {
  stopped = false;
  private values = 0;
  private readonly path = new Set<object>();

  constructor(private readonly out: ProblemCollector) {}

  private stop(pointer: JsonPointer, code: string, message: string): undefined {
    this.stopped = true;
    this.out.error(pointer, code, message);
    return undefined;
  }

  read(value: unknown, pointer: JsonPointer, depth: number): unknown {
    if (this.stopped) return undefined;
    if (++this.values > LIMITS.documentValues) {
      return this.stop(pointer, "document-too-large", `the document holds more than ${LIMITS.documentValues} values — split the config`);
    }
    switch (typeof value) {
      case "string":
      case "boolean":
        return value;
      case "number":
        if (Number.isFinite(value)) return value;
        this.out.error(pointer, "not-json", `${String(value)} is not a JSON number — use a finite number`);
        return null;
      case "object":
        break;
      default:
        this.out.error(pointer, "not-json", `${describeValue(value)} is not a JSON value — configs hold only objects, arrays, strings, numbers, booleans and null`);
        return null;
    }
    if (value === null) return null;
    if (depth >= LIMITS.documentDepth) {
      return this.stop(pointer, "document-too-deep", `the document nests objects and arrays more than ${LIMITS.documentDepth} deep here — flatten it`);
    }
    if (this.path.has(value)) return this.stop(pointer, "not-json", `the document refers to itself here (a cycle) — JSON cannot hold cycles`);
    this.path.add(value);
    try {
      return Array.isArray(value) ? this.readArray(value, pointer, depth) : this.readObject(value, pointer, depth);
    } catch (error) {
      this.out.error(pointer, "not-json", `this value could not be read (${error instanceof Error ? error.message : String(error)}) — pass plain JSON data`);
      return null;
    } finally {
      this.path.delete(value);
    }
  }

  private readArray(array: readonly unknown[], pointer: JsonPointer, depth: number): unknown {
    const length = array.length;
    if (length > LIMITS.documentValues - this.values) {
      return this.stop(pointer, "document-too-large", `this list has ${length} entries; the whole document may hold at most ${LIMITS.documentValues} values`);
    }
    const copy: unknown[] = [];
    for (let index = 0; index < length && !this.stopped; index++) {
      const item = array[index];
      const at = child(pointer, index);
      if (item === undefined) {
        this.out.error(at, "not-json", `this list entry is missing (undefined) — JSON lists cannot have holes`);
        copy.push(null);
      } else copy.push(this.read(item, at, depth + 1));
    }
    return Object.freeze(copy);
  }

  private readObject(object: object, pointer: JsonPointer, depth: number): unknown {
    const prototype = Object.getPrototypeOf(object);
    if (prototype !== Object.prototype && prototype !== null) {
      const name = (prototype as { constructor?: { name?: unknown } }).constructor?.name;
      this.out.error(pointer, "not-json", `${typeof name === "string" && name !== "" ? `a ${name}` : "this object"} is not plain JSON data — pass plain objects and arrays`);
      return null;
    }
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(object)) {
      if (this.stopped) break;
      const at = child(pointer, key);
      if (isForbiddenKey(key)) {
        this.out.error(at, "forbidden-key", `the key ${JSON.stringify(key)} is not allowed anywhere in a config (it can pollute JavaScript prototypes) — remove or rename it`);
        continue;
      }
      if (!withinLength(key, LIMITS.stringLength)) {
        this.out.error(at, "string-too-long", `this key is ${codePointLength(key)} characters long; the limit is ${LIMITS.stringLength} — shorten it`);
        continue;
      }
      const item = (object as Record<string, unknown>)[key];
      // An undefined property is how JavaScript spells "absent".
      if (item === undefined) continue;
      copy[key] = this.read(item, at, depth + 1);
    }
    return Object.freeze(copy);
  }
}
