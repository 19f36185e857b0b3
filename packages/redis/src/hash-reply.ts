/**
 * Reads an `HGETALL` reply whatever shape the client gives it: a flat array (RESP2), a Map or an
 * object (RESP3), with strings or Buffers.
 * @module
 */

/** The field/value pairs of an `HGETALL` reply (empty for a missing key). */
export function hashEntries(reply: unknown): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (reply === null || reply === undefined) return out;
  if (Array.isArray(reply)) {
    for (let i = 0; i + 1 < reply.length; i += 2) out.push([String(reply[i]), String(reply[i + 1])]);
  } else if (reply instanceof Map) {
    for (const [field, value] of reply) out.push([String(field), String(value)]);
  } else if (typeof reply === "object") {
    for (const [field, value] of Object.entries(reply)) out.push([field, String(value)]);
  } else {
    throw new TypeError(`redis: expected a hash reply, got ${typeof reply}`);
  }
  return out;
}
