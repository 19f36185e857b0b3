/**
 * The read-only Lua script that reads the counters of several experiments in one command: each
 * key's hash, or, for a key that holds something else, its type, so one bad key under the prefix
 * does not fail the refresh of the others (a plain `HGETALL` of it would fail the whole batch).
 * @module
 */
import type { RedisCommand } from "./connection.ts";
import { hashEntries } from "./hash-reply.ts";
import { feedbackKey } from "./keys.ts";

/** KEYS: feedback hashes. Returns one entry per key: its `HGETALL` (a flat array), or its type (a string) when it is not a hash. */
export const READ_COUNTERS_SCRIPT = `
local out = {}
for k = 1, #KEYS do
  local kind = redis.call('TYPE', KEYS[k]).ok
  if kind == 'hash' or kind == 'none' then out[k] = redis.call('HGETALL', KEYS[k]) else out[k] = kind end
end
return out
`;

/** One experiment's counters as read: its hash's field/value pairs, or the type its key holds instead. */
export type CountersRead = { readonly entries: Array<[string, string]> } | { readonly wrongType: string };

/** The `EVAL` command reading the counters of `experimentIds` under `prefix`. */
export function readCountersCommand(prefix: string, experimentIds: readonly string[]): RedisCommand {
  return ["EVAL", READ_COUNTERS_SCRIPT, String(experimentIds.length), ...experimentIds.map((id) => feedbackKey(prefix, id))];
}

/** Reads the script's reply for `count` experiments, in order. */
export function parseCountersReply(reply: unknown, count: number): CountersRead[] {
  if (!Array.isArray(reply) || reply.length !== count) {
    throw new TypeError(`redis: unexpected reply of the counter refresh script (expected ${count} entries): ${JSON.stringify(reply)}`);
  }
  return reply.map((entry: unknown) => (Array.isArray(entry) || entry instanceof Map ? { entries: hashEntries(entry) } : { wrongType: String(entry) }));
}
