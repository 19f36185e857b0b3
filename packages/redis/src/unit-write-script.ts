/**
 * The Lua script that writes all of one batch's sticky assignments of one unit in a single
 * command, each with its own condition: a first assignment only where the unit has no group of
 * its experiment (the first group a unit got is kept, as `HSETNX` would), a replacement of
 * retired groups only while the stored group is one of them, or none (compare-and-set: of two
 * servers replacing the same retired group, the first one wins). It then refreshes the unit's
 * TTL when one is set, and answers, per write, the group the unit keeps where it wrote nothing.
 * A unit key holding another type than a hash is refused whole, before anything is touched.
 * @module
 */
import type { RedisCommand } from "./connection.ts";
import type { PendingAssignment } from "./pending-saves.ts";
import { messageOf } from "./store-error.ts";

/** Redis's own reply to a hash command on a key of another type, which the script answers with too. */
const WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

/**
 * KEYS[1]: the unit's hash. ARGV[1]: the TTL in seconds, or '' for none. Then, per write in the
 * order to apply them: the experiment id (field), the group, how many retired groups it may
 * replace, and those groups (none: a first assignment). Returns one entry per write: false (nil
 * to the client) when written, or the stored group that stays (maybe the one given). Fails with
 * `WRONGTYPE` when the key is neither a hash nor absent.
 */
export const UNIT_WRITE_SCRIPT = `
local kind = redis.call('TYPE', KEYS[1]).ok
if kind ~= 'hash' and kind ~= 'none' then return redis.error_reply('${WRONGTYPE}') end
local kept, writes, i = {}, 0, 2
while i <= #ARGV do
  local field, group, retiredCount = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  local stored = redis.call('HGET', KEYS[1], field)
  local replaceable = not stored
  for r = i + 3, i + 2 + retiredCount do
    if ARGV[r] == stored then replaceable = true end
  end
  writes = writes + 1
  if replaceable then
    redis.call('HSET', KEYS[1], field, group)
    kept[writes] = false
  else
    kept[writes] = stored
  end
  i = i + 3 + retiredCount
end
if ARGV[1] ~= '' then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return kept
`;

/** The `EVAL` applying `writes` (all to the unit hash `key`, in order) and refreshing its TTL to `ttl` seconds when given. */
export function unitWriteCommand(key: string, writes: readonly PendingAssignment[], ttl: number | undefined): RedisCommand {
  const args = ["EVAL", UNIT_WRITE_SCRIPT, "1", key, ttl === undefined ? "" : String(ttl)];
  for (const { experiment, group, replaces } of writes) args.push(experiment, group, String(replaces.length), ...replaces);
  return args;
}

/** Reads the script's reply for `count` writes: per write, the group the unit keeps when it was not written, undefined when it was. */
export function groupsKept(reply: unknown, count: number): Array<string | undefined> {
  if (!Array.isArray(reply) || reply.length !== count) {
    throw new TypeError(`redis: unexpected reply of the assignment write script (expected ${count} entries): ${JSON.stringify(reply)}`);
  }
  return reply.map((stored: unknown) => (stored === null || stored === undefined ? undefined : String(stored)));
}

/**
 * True when `error` is Redis refusing a unit's writes because its key holds another type than a
 * hash (`WRONGTYPE`): it fails the same way until the key is fixed, unlike a lost connection or a
 * Redis that cannot write for now (`OOM`, `READONLY`, `LOADING`).
 */
export function isRefusedWrite(error: unknown): boolean {
  return /\bWRONGTYPE\b/.test(messageOf(error));
}
