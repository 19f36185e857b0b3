/**
 * The Lua script that applies one batch of counter increments exactly once and all or nothing
 * per experiment: each process (writer) numbers its batches, and a batch whose number is not
 * above the writer's last applied one is skipped, so a batch retried after a lost reply is not
 * counted twice. Redis does not undo a script's writes when a command in it fails, so the script
 * checks every key and counter before writing anything: an experiment whose key is not a hash, or
 * whose counter is not a whole number, is left alone and named in the reply, and the others are
 * applied. The batch number is recorded last, once the increments are in.
 * @module
 */
import type { RedisCommand } from "./connection.ts";
import type { CounterDeltas } from "./counter-deltas.ts";
import { counterField, feedbackKey, writerKey } from "./keys.ts";

/**
 * KEYS[1]: the writer key; KEYS[2..]: feedback hashes.
 * ARGV[1]: batch number; ARGV[2]: writer key TTL (s); ARGV[3]: feedback hash TTL (s, 0 = none);
 * then triples (key index, field, increment).
 * Returns `{1, key, problem, …}` when applied (with each feedback key left alone and why), or
 * `{0, key, problem, …}` when the batch was applied already (the keys it left alone then). The
 * writer key holds the batch number, followed by a newline and the JSON list of keys and
 * problems when some were left alone.
 */
export const INCREMENT_SCRIPT = `
local stored = redis.call('GET', KEYS[1])
local last, lastSkipped = 0, nil
if stored then
  local newline = string.find(stored, '\\n', 1, true)
  if newline then
    last = tonumber(string.sub(stored, 1, newline - 1))
    lastSkipped = string.sub(stored, newline + 1)
  else
    last = tonumber(stored)
  end
end
local seq = tonumber(ARGV[1])
if seq <= last then
  local reply = {}
  if seq == last and lastSkipped then reply = cjson.decode(lastSkipped) end
  table.insert(reply, 1, 0)
  return reply
end
local problems = {}
for k = 2, #KEYS do
  local kind = redis.call('TYPE', KEYS[k]).ok
  if kind ~= 'hash' and kind ~= 'none' then problems[k] = 'it holds a ' .. kind .. ', not a hash of counters; delete or rename that key' end
end
for i = 4, #ARGV, 3 do
  local k = tonumber(ARGV[i])
  if not problems[k] then
    local value = redis.call('HGET', KEYS[k], ARGV[i + 1])
    if value and value ~= '0' then
      local digits = string.match(value, '^-?([1-9]%d*)$')
      if not digits or #digits > 18 then
        problems[k] = 'its field "' .. ARGV[i + 1] .. '" holds "' .. string.sub(value, 1, 40) .. '", not a whole number of at most 18 digits; set that field to a whole number or delete it'
      end
    end
  end
end
for i = 4, #ARGV, 3 do
  local k = tonumber(ARGV[i])
  if not problems[k] then redis.call('HINCRBY', KEYS[k], ARGV[i + 1], ARGV[i + 2]) end
end
local ttl = tonumber(ARGV[3])
local skipped = {}
for k = 2, #KEYS do
  if problems[k] then
    table.insert(skipped, KEYS[k])
    table.insert(skipped, problems[k])
  elseif ttl > 0 then
    redis.call('EXPIRE', KEYS[k], ttl)
  end
end
local record = ARGV[1]
if #skipped > 0 then record = record .. '\\n' .. cjson.encode(skipped) end
redis.call('SET', KEYS[1], record, 'EX', ARGV[2])
table.insert(skipped, 1, 1)
return skipped
`;

/** How long a writer's last batch number is kept: retries of a batch happen well within it. */
export const WRITER_TTL_SECONDS = 86_400;

/** One batch of increments from one writer. */
export interface IncrementBatch {
  /** The writer's batch number (1, 2, …); a retry keeps its number. */
  readonly seq: number;
  /** The counts to add. */
  readonly deltas: CounterDeltas;
}

/** A feedback key the script left alone, and why. */
export interface SkippedKey {
  /** The feedback hash, e.g. `strata:feedback:headline-bandit`. */
  readonly key: string;
  /** What is wrong with it and the fix, e.g. `it holds a string, not a hash of counters; delete or rename that key`. */
  readonly problem: string;
}

/** What the script did with a batch. */
export interface IncrementOutcome {
  /** False when Redis had applied this batch already (a retry after a lost reply). */
  readonly applied: boolean;
  /** The experiments' keys whose increments were not applied (nothing was written to them). */
  readonly skipped: readonly SkippedKey[];
}

/** The `EVAL` command applying `batch` for `writerId` under `prefix`; `ttl` (seconds) refreshes the hashes' expiry. */
export function incrementCommand(prefix: string, writerId: string, batch: IncrementBatch, ttl: number | undefined): RedisCommand {
  const keys = [writerKey(prefix, writerId)];
  const keyIndex = new Map<string, number>();
  const triples: string[] = [];
  for (const [experimentId, group, field, by] of batch.deltas.entries()) {
    let index = keyIndex.get(experimentId);
    if (index === undefined) {
      keys.push(feedbackKey(prefix, experimentId));
      index = keys.length; // Lua arrays start at 1
      keyIndex.set(experimentId, index);
    }
    triples.push(String(index), counterField(field, group), String(by));
  }
  return ["EVAL", INCREMENT_SCRIPT, String(keys.length), ...keys, String(batch.seq), String(WRITER_TTL_SECONDS), String(ttl ?? 0), ...triples];
}

/** Reads the script's reply (`{applied, key, problem, …}`). */
export function parseIncrementReply(reply: unknown): IncrementOutcome {
  if (!Array.isArray(reply) || reply.length === 0 || reply.length % 2 === 0) {
    throw new TypeError(`redis: unexpected reply of the counter script: ${JSON.stringify(reply)}`);
  }
  const skipped: SkippedKey[] = [];
  for (let i = 1; i + 1 < reply.length; i += 2) skipped.push({ key: String(reply[i]), problem: String(reply[i + 1]) });
  return { applied: String(reply[0]) === "1", skipped };
}
