/**
 * The Lua script that applies one batch of counter increments atomically and exactly once: each
 * process (writer) numbers its batches, and a batch whose number is not above the writer's last
 * applied one is skipped, so a batch retried after a lost reply is not counted twice.
 * @module
 */
import type { RedisCommand } from "./connection.ts";
import type { CounterDeltas } from "./counter-deltas.ts";
import { counterField, feedbackKey, writerKey } from "./keys.ts";

/**
 * KEYS[1]: the writer key; KEYS[2..]: feedback hashes.
 * ARGV[1]: batch number; ARGV[2]: writer key TTL (s); ARGV[3]: feedback hash TTL (s, 0 = none);
 * then triples (key index, field, increment). Returns 1 when applied, 0 when already applied.
 */
export const INCREMENT_SCRIPT = `
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) <= last then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
for i = 4, #ARGV, 3 do
  redis.call('HINCRBY', KEYS[tonumber(ARGV[i])], ARGV[i + 1], ARGV[i + 2])
end
local ttl = tonumber(ARGV[3])
if ttl > 0 then
  for k = 2, #KEYS do redis.call('EXPIRE', KEYS[k], ttl) end
end
return 1
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
