/**
 * Short descriptions of JSON values for error messages: `"runing"`, `42`, `an array`.
 * @module
 */

/** A value as a message shows it: strings quoted and cut at 40 characters, containers by kind. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return `a ${typeof value}`;
}

/** A list of names as `"a", "b" or "c"`. */
export function listNames(names: readonly string[], conjunction = "or"): string {
  const quoted = names.map((name) => JSON.stringify(name));
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} ${conjunction} ${quoted[quoted.length - 1]}`;
}
