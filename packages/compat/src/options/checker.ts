/**
 * Collects option issues with their paths while a compat segmenter checks its raw options, with
 * the checks they share: objects without unknown keys, group lists, bounded numbers.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";

/** A path into the options, as Standard Schema issues carry it. */
export type OptionsPath = readonly PropertyKey[];

/** A group entry that is an object with a valid, unique id. */
export interface CheckedEntry {
  /** The group's id. */
  readonly id: string;
  /** The entry as written. */
  readonly entry: Readonly<Record<string, unknown>>;
  /** The entry's path, e.g. `["groups", 2]`. */
  readonly path: OptionsPath;
}

/** Accumulates issues; each check returns the checked value, or undefined after reporting an issue. */
export class OptionsChecker {
  /** Every issue found so far. */
  readonly issues: StandardSchemaV1.Issue[] = [];

  /** Records an issue at `path`; `message` says what is wrong and, after " — ", how to fix it. */
  fail(path: OptionsPath, message: string): undefined {
    this.issues.push({ path, message });
    return undefined;
  }

  /** An object holding only `keys`; every unknown key is an issue naming the known ones. */
  object(value: unknown, path: OptionsPath, keys: readonly string[]): Readonly<Record<string, unknown>> | undefined {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return this.fail(path, `must be an object with ${keys.map((k) => `"${k}"`).join(", ")} (got ${describe(value)})`);
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!keys.includes(key)) this.fail([...path, key], `unknown option — remove it or check its spelling (known: ${keys.join(", ")})`);
    }
    return record;
  }

  /** An array of at least `min` entries. */
  array(value: unknown, path: OptionsPath, min: number, example: string): readonly unknown[] | undefined {
    if (!Array.isArray(value)) return this.fail(path, `must be an array, e.g. ${example} (got ${describe(value)})`);
    if (value.length < min) return this.fail(path, `must list at least ${min} ${min === 1 ? "entry" : "entries"}, e.g. ${example}`);
    return value;
  }

  /** A string (non-empty unless `allowEmpty`). */
  string(value: unknown, path: OptionsPath, what: string, allowEmpty = false): string | undefined {
    if (typeof value !== "string" || (!allowEmpty && value === "")) {
      return this.fail(path, `must be ${allowEmpty ? "a string" : "a non-empty string"}: ${what} (got ${describe(value)})`);
    }
    return value;
  }

  /** A finite number from `min` to `max` (a whole number when `integer`). */
  number(value: unknown, path: OptionsPath, min: number, max: number, what: string, integer = false): number | undefined {
    if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      return this.fail(path, `must be ${integer ? "a whole number" : "a number"} from ${min} to ${max}: ${what} (got ${describe(value)})`);
    }
    return value;
  }

  /** A boolean. */
  boolean(value: unknown, path: OptionsPath, what: string): boolean | undefined {
    if (typeof value !== "boolean") return this.fail(path, `must be true or false: ${what} (got ${describe(value)})`);
    return value;
  }

  /** One of `choices`. */
  oneOf<T extends string | number>(value: unknown, path: OptionsPath, choices: readonly T[], what: string): T | undefined {
    if (!choices.includes(value as T)) {
      return this.fail(path, `must be ${choices.map((c) => JSON.stringify(c)).join(" or ")}: ${what} (got ${describe(value)})`);
    }
    return value as T;
  }

  /** A `[start, end]` pair of numbers with start <= end, each from `min` to `max`. */
  range(value: unknown, path: OptionsPath, min: number, max: number, what: string): readonly [number, number] | undefined {
    if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === "number" && Number.isFinite(v))) {
      return this.fail(path, `must be a pair [start, end] of numbers: ${what} (got ${describe(value)})`);
    }
    const [start, end] = value as [number, number];
    if (start < min || end > max || start > end) {
      return this.fail(path, `must satisfy ${min} <= start <= end <= ${max}: ${what} (got [${start}, ${end}])`);
    }
    return [start, end];
  }

  /** The `groups` array: objects with only `keys`, each with a non-empty, unique string `id`. */
  groups(value: unknown, keys: readonly string[], min: number, example: string): CheckedEntry[] | undefined {
    const list = this.array(value, ["groups"], min, example);
    if (list === undefined) return undefined;
    const checked: CheckedEntry[] = [];
    const seen = new Map<string, number>();
    list.forEach((item, index) => {
      const path = ["groups", index];
      const entry = this.object(item, path, keys);
      if (entry === undefined) return;
      const id = entry.id;
      if (typeof id !== "string" || id === "") {
        this.fail([...path, "id"], `must be a non-empty string naming the group, e.g. "control" (got ${describe(id)})`);
        return;
      }
      const first = seen.get(id);
      if (first !== undefined) {
        this.fail([...path, "id"], `duplicate group id ${JSON.stringify(id)} (also groups[${first}].id) — give each group a unique id`);
        return;
      }
      seen.set(id, index);
      checked.push({ id, entry, path });
    });
    return checked;
  }
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return value.length <= 4 && value.every((v) => typeof v !== "object") ? JSON.stringify(value) : "an array";
  if (value === null || typeof value !== "object") return String(value);
  return "an object";
}
