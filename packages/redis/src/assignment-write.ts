/**
 * The Redis command that writes one sticky assignment: `HSETNX` for a first assignment (the
 * first group a unit got is kept), or a compare-and-set Lua script for an assignment that
 * replaces a retired group (written only while the stored group is still a retired one, or
 * none), so two servers replacing the same retired group agree on the first replacement.
 * @module
 */
import type { RedisCommand } from "./connection.ts";

/**
 * KEYS[1]: the unit's hash; ARGV[1]: experiment id; ARGV[2]: the new group; ARGV[3..]: the
 * retired groups it may replace. Returns 1 when written, 0 when another group is stored.
 */
export const REPLACE_SCRIPT = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current then
  local retired = false
  for i = 3, #ARGV do
    if ARGV[i] == current then retired = true break end
  end
  if not retired then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
`;

/** The command writing `group` for `experiment` into the unit hash `key`; `replaces` lists the retired groups it may overwrite (empty: only where none is stored). */
export function assignmentWriteCommand(key: string, experiment: string, group: string, replaces: readonly string[]): RedisCommand {
  if (replaces.length === 0) return ["HSETNX", key, experiment, group];
  return ["EVAL", REPLACE_SCRIPT, "1", key, experiment, group, ...replaces];
}
