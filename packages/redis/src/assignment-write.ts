/**
 * The Redis commands that write one sticky assignment and tell which group the unit keeps:
 * `HSETNX` followed by `HGET` for a first assignment (the first group a unit got is kept, and the
 * `HGET` reads it when that was another one), or a compare-and-set Lua script for an assignment
 * that replaces a retired group (written only while the stored group is still a retired one, or
 * none; otherwise it returns the stored group), so two servers replacing the same retired group
 * agree on the first replacement.
 * @module
 */
import type { RedisCommand } from "./connection.ts";
import { messageOf } from "./store-error.ts";
import type { PendingAssignment } from "./pending-saves.ts";

/**
 * KEYS[1]: the unit's hash; ARGV[1]: experiment id; ARGV[2]: the new group; ARGV[3..]: the
 * retired groups it may replace. Returns nil when written, or the stored group that stays.
 */
export const REPLACE_SCRIPT = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current then
  local retired = false
  for i = 3, #ARGV do
    if ARGV[i] == current then retired = true break end
  end
  if not retired then return current end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return false
`;

/** The commands writing `write.group` for `write.experiment` into the unit hash `write.key`, overwriting only the retired groups in `write.replaces` (none: only where no group is stored). */
export function assignmentWriteCommands(write: PendingAssignment): RedisCommand[] {
  const { key, experiment, group, replaces } = write;
  if (replaces.length === 0) return [["HSETNX", key, experiment, group], ["HGET", key, experiment]];
  return [["EVAL", REPLACE_SCRIPT, "1", key, experiment, group, ...replaces]];
}

/** From the replies to `assignmentWriteCommands(write)`, in order: the group the unit keeps when `write` was not written (another group, or the same one saved earlier), undefined when it was. */
export function groupKept(write: PendingAssignment, replies: readonly unknown[]): string | undefined {
  let stored: unknown;
  if (write.replaces.length > 0) stored = replies[0];
  else if (Number(replies[0]) === 1) return undefined;
  else stored = replies[1];
  // Nothing read back: the group that kept the HSETNX from writing was deleted (or expired) since.
  return stored === null || stored === undefined ? undefined : String(stored);
}

/**
 * True when `error` is Redis refusing a write because the unit key holds another type than a
 * hash (`WRONGTYPE`, also from inside the script): it fails the same way until the key is fixed,
 * unlike a lost connection or a Redis that cannot write for now (`OOM`, `READONLY`, `LOADING`).
 */
export function isRefusedWrite(error: unknown): boolean {
  return /\bWRONGTYPE\b/.test(messageOf(error));
}
