/**
 * How a runner reports an exception in place of a value.
 * @module
 */

/** `threw: <name>: <message>` for an Error, `threw: <value>` for anything else thrown. */
export function errorText(error: unknown): string {
  return `threw: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
}
