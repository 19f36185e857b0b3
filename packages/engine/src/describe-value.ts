/**
 * Describing values that come from requests and plugins in messages, without ever throwing:
 * a template string calls `toString` and throws on, say, an object with a null prototype, which
 * would turn an explanation or an error report into a failure of its own.
 * @module
 */

/** A string in quotes (`"red"`), a number or boolean as written, anything else by its kind (`an object`); never throws. */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
    case "boolean":
    case "bigint":
      return String(value);
    case "undefined":
      return "undefined";
    case "object":
      if (value === null) return "null";
      try {
        return Array.isArray(value) ? "an array" : "an object";
      } catch {
        // A revoked proxy.
        return "an object";
      }
    default:
      return `a ${typeof value}`;
  }
}

/** The message of something thrown: an Error's message, otherwise its string form; never throws. */
export function errorMessage(error: unknown): string {
  try {
    return error instanceof Error ? String(error.message) : String(error);
  } catch {
    return `${describeValue(error)} that cannot be printed`;
  }
}
