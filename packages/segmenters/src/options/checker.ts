/**
 * Collects option issues with their paths while a segmenter checks its raw options, with the
 * checks segmenters share: objects without unknown keys, group lists, two-decimal percents,
 * bounded numbers, strings, booleans, choices and ranges.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";

/** A path into the options, as Standard Schema issues carry it. */
export type OptionsPath = readonly PropertyKey[];

/** A group entry that is an object with a valid, unique id. */
export interface CheckedGroup {
  /** The group's id. */
  readonly id: string;
  /** The group's object as written. */
  readonly entry: Readonly<Record<string, unknown>>;
  /** The path of the entry, e.g. `["groups", 2]`. */
  readonly path: OptionsPath;
}

/** How an OptionsChecker writes its messages. */
export interface OptionsCheckerSettings {
  /** Show a short array of plain values as its JSON, e.g. `[0.2]`, instead of "an array" (default false). */
  readonly listShortArrays?: boolean;
}

/** Hundredths of a percent in 100 percent: a segmenter's 10,000 buckets. */
export const ALL_HUNDREDTHS = 10_000;

/** Accumulates issues; each check returns the checked value, or undefined after reporting an issue. */
export class OptionsChecker {
  /** Every issue found so far. */
  readonly issues: StandardSchemaV1.Issue[] = [];
  private readonly listShortArrays: boolean;

  /** Creates a checker with no issues yet. */
  constructor(settings: OptionsCheckerSettings = {}) {
    this.listShortArrays = settings.listShortArrays ?? false;
  }

  /** Records an issue at `path`; `message` says what is wrong and, after " — ", how to fix it. */
  fail(path: OptionsPath, message: string): undefined {
    this.issues.push({ path, message });
    return undefined;
  }

  /** An object holding only `keys` (each unknown key is an issue naming the known ones, or its new name in `renamed`). */
  object(
    value: unknown,
    path: OptionsPath,
    keys: readonly string[],
    renamed: Readonly<Record<string, string>> = {},
  ): Readonly<Record<string, unknown>> | undefined {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return this.fail(path, `must be an object with ${keys.map((k) => `"${k}"`).join(", ")} (got ${this.describeValue(value)})`);
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (keys.includes(key)) continue;
      const instead = Object.hasOwn(renamed, key) ? renamed[key] : undefined;
      this.fail(
        [...path, key],
        instead === undefined
          ? `unknown option — remove it or check its spelling (known: ${keys.join(", ")})`
          : `unknown option — this segmenter calls it "${instead}"; rename it`,
      );
    }
    return record;
  }

  /** An array of at least `min` entries. */
  array(value: unknown, path: OptionsPath, min: number, example: string): readonly unknown[] | undefined {
    if (!Array.isArray(value)) return this.fail(path, `must be an array, e.g. ${example} (got ${this.describeValue(value)})`);
    if (value.length < min) return this.fail(path, `must list at least ${min} ${min === 1 ? "entry" : "entries"}, e.g. ${example}`);
    return value;
  }

  /** The `groups` array: objects with only `keys`, each with a non-empty, unique string `id`. */
  groups(value: unknown, keys: readonly string[], min: number, example: string): CheckedGroup[] | undefined {
    const list = this.array(value, ["groups"], min, example);
    if (list === undefined) return undefined;
    const checked: CheckedGroup[] = [];
    const seen = new Map<string, number>();
    list.forEach((item, index) => {
      const path = ["groups", index];
      const entry = this.object(item, path, keys);
      if (entry === undefined) return;
      const id = entry.id;
      if (typeof id !== "string" || id === "") {
        this.fail([...path, "id"], `must be a non-empty string naming the group, e.g. "control" (got ${this.describeValue(id)})`);
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

  /** A percent from `min` to `max` with at most two decimals, returned in integer hundredths (25.5 → 2550). */
  hundredths(value: unknown, path: OptionsPath, min = 0, max = 100): number | undefined {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      return this.fail(path, `must be a number of percent from ${min} to ${max}, e.g. 25 or 12.5 (got ${this.describeValue(value)})`);
    }
    if (value < min || value > max) return this.fail(path, `must be between ${min} and ${max} (got ${value}) — give a percent, e.g. 25 or 12.5`);
    const hundredths = Math.round(value * 100);
    if (Math.abs(value * 100 - hundredths) > 1e-6) {
      return this.fail(path, `has more than two decimals (got ${value}) — round it to hundredths of a percent, e.g. ${hundredths / 100}`);
    }
    return hundredths;
  }

  /** A whole number from `min` to `max`; the message reads "…, `what` (got …)". */
  integer(value: unknown, path: OptionsPath, min: number, max: number, what: string): number | undefined {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      return this.fail(path, `must be a whole number from ${min} to ${max}, ${what} (got ${this.describeValue(value)})`);
    }
    return value;
  }

  /** A finite number from `min` to `max` (a whole number when `integer`); the message reads "…: `what` (got …)". */
  number(value: unknown, path: OptionsPath, min: number, max: number, what: string, integer = false): number | undefined {
    if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      return this.fail(path, `must be ${integer ? "a whole number" : "a number"} from ${min} to ${max}: ${what} (got ${this.describeValue(value)})`);
    }
    return value;
  }

  /** A string (non-empty unless `allowEmpty`). */
  string(value: unknown, path: OptionsPath, what: string, allowEmpty = false): string | undefined {
    if (typeof value !== "string" || (!allowEmpty && value === "")) {
      return this.fail(path, `must be ${allowEmpty ? "a string" : "a non-empty string"}: ${what} (got ${this.describeValue(value)})`);
    }
    return value;
  }

  /** A boolean. */
  boolean(value: unknown, path: OptionsPath, what: string): boolean | undefined {
    if (typeof value !== "boolean") return this.fail(path, `must be true or false: ${what} (got ${this.describeValue(value)})`);
    return value;
  }

  /** One of `choices`. */
  oneOf<T extends string | number>(value: unknown, path: OptionsPath, choices: readonly T[], what: string): T | undefined {
    if (!choices.includes(value as T)) {
      return this.fail(path, `must be ${choices.map((c) => JSON.stringify(c)).join(" or ")}: ${what} (got ${this.describeValue(value)})`);
    }
    return value as T;
  }

  /** A `[start, end]` pair of numbers with start <= end, each from `min` to `max`. */
  range(value: unknown, path: OptionsPath, min: number, max: number, what: string): readonly [number, number] | undefined {
    if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === "number" && Number.isFinite(v))) {
      return this.fail(path, `must be a pair [start, end] of numbers: ${what} (got ${this.describeValue(value)})`);
    }
    const [start, end] = value as [number, number];
    if (start < min || end > max || start > end) {
      return this.fail(path, `must satisfy ${min} <= start <= end <= ${max}: ${what} (got [${start}, ${end}])`);
    }
    return [start, end];
  }

  /** `describe` with this checker's settings. */
  private describeValue(value: unknown): string {
    return describe(value, this.listShortArrays);
  }
}

/** Hundredths of a percent as the percent users write: 2550 → "25.5%". */
export function percentText(hundredths: number): string {
  return `${hundredths / 100}%`;
}

/** A short description of a value for error messages (a short array of plain values as its JSON when `listShortArrays`). */
export function describe(value: unknown, listShortArrays = false): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return listShortArrays && value.length <= 4 && value.every((v) => typeof v !== "object") ? (jsonText(value) ?? "an array") : "an array";
  if (value === null || typeof value !== "object") return String(value);
  return "an object";
}

/** The JSON text of `value`, except that NaN, Infinity and -Infinity show as themselves (JSON writes null); undefined for what JSON cannot write. */
export function jsonText(value: unknown): string | undefined {
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) return `[${value.map((item) => jsonText(item) ?? "null").join(",")}]`;
  return JSON.stringify(value);
}
