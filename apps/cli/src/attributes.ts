/**
 * Request attributes from `--attr`: `key=value` gives a string, `key:=json` a JSON value
 * (`age:=42`, `beta:=true`, `tags:=["a","b"]`), as httpie does. `assign` takes each key once;
 * `simulate` spreads repeated keys over the synthetic units (`--attr country=DE --attr country=US`
 * gives half of them each, every combination of keys equally often), and tests layer independence
 * within each combination of the attributes the two layers' experiments read.
 * @module
 */
import { UsageError } from "./errors.ts";

/** One parsed `--attr`. */
export interface AttributeArg {
  /** The attribute name. */
  readonly key: string;
  /** Its value: a string, or any JSON value with `:=`. */
  readonly value: unknown;
}

/** Parses `key=value` and `key:=json` arguments; throws a UsageError naming the bad one. */
export function parseAttributeArgs(args: readonly string[], command: string): AttributeArg[] {
  return args.map((arg) => {
    const equals = arg.indexOf("=");
    if (equals <= 0) throw new UsageError(`--attr ${JSON.stringify(arg)} must look like key=value (a string) or key:=json (e.g. age:=42)`, command);
    const json = arg[equals - 1] === ":";
    const key = arg.slice(0, json ? equals - 1 : equals);
    const raw = arg.slice(equals + 1);
    if (key === "") throw new UsageError(`--attr ${JSON.stringify(arg)} has no attribute name before "="`, command);
    if (!json) return { key, value: raw };
    try {
      return { key, value: JSON.parse(raw) as unknown };
    } catch {
      throw new UsageError(`--attr ${key}:=${raw} is not valid JSON; quote strings ("${key}:=\\"text\\"") or use ${key}=${raw} for a string`, command);
    }
  });
}

/** The attributes of one request; a key given twice is a UsageError. */
export function singleAttributes(args: readonly AttributeArg[], command: string): Record<string, unknown> {
  const attributes: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const { key, value } of args) {
    if (Object.hasOwn(attributes, key)) throw new UsageError(`--attr ${key} was given twice; one request has one value per attribute`, command);
    attributes[key] = value;
  }
  return { ...attributes };
}

/** Request attributes spread over units: every combination of the `--attr` values equally often. */
export interface AttributeSpread {
  /** How many combinations there are (1 when no key is repeated). */
  readonly combinations: number;
  /** The attributes of unit `index`: combination number `index % combinations`. */
  at(index: number): Readonly<Record<string, unknown>>;
}

/** For simulated units: unit `i` gets one value of each key, cycling so every combination is equally frequent. */
export function attributeSpread(args: readonly AttributeArg[]): AttributeSpread {
  const keys = new Map<string, unknown[]>();
  for (const { key, value } of args) keys.set(key, [...(keys.get(key) ?? []), value]);
  const entries = [...keys.entries()];
  const combinations = entries.reduce((product, [, values]) => product * values.length, 1);
  if (combinations === 1) {
    const fixed = Object.fromEntries(entries.map(([key, values]) => [key, values[0]]));
    return { combinations, at: () => fixed };
  }
  return {
    combinations,
    at(index) {
      // Mixed radix: the first key cycles fastest, so unit i gets combination i mod (product of counts) and every combination occurs once per cycle.
      const attributes: Record<string, unknown> = {};
      let rest = index;
      for (const [key, values] of entries) {
        attributes[key] = values[rest % values.length];
        rest = Math.floor(rest / values.length);
      }
      return attributes;
    },
  };
}
