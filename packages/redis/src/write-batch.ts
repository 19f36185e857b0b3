/**
 * `AssignmentWriteBatch`: the commands of one batch of assignment writes (each write's commands,
 * then one `EXPIRE` per unit key when a TTL is set) and what their replies, settled one by one,
 * say about each write: acknowledged (with the group the unit keeps when it was not written),
 * refused by Redis for good (the unit key is not a hash), or failed for now.
 * @module
 */
import type { KeptGroups } from "@strata/engine";
import { assignmentWriteCommands, groupKept, isRefusedWrite } from "./assignment-write.ts";
import type { RedisCommand } from "./connection.ts";
import type { PendingAssignment } from "./pending-saves.ts";
import { messageOf } from "./store-error.ts";

/** A write Redis refused, and why (Redis's error reply). */
export interface RefusedWrite {
  /** The write. */
  readonly write: PendingAssignment;
  /** Redis's error reply, e.g. "WRONGTYPE Operation against a key holding the wrong kind of value". */
  readonly reason: string;
}

/** What became of a batch's writes. */
export interface WriteOutcomes {
  /** Writes Redis applied: written, or not needed because the unit keeps another group (see `kept`). */
  readonly acknowledged: readonly PendingAssignment[];
  /** How many acknowledged writes were written (the others found a group the unit keeps). */
  readonly written: number;
  /** Per experiment, the group a unit keeps where an acknowledged write was not written because it had one (the engine's `KeptGroups`). */
  readonly kept: KeptGroups;
  /** Writes Redis refused because their unit key holds another type: they fail the same way until the key is fixed. */
  readonly refused: readonly RefusedWrite[];
  /** Writes that failed for now (connection lost, Redis unable to write for the moment): worth a retry. */
  readonly failed: readonly PendingAssignment[];
  /** The first error of the failed writes, if any. */
  readonly failure: unknown;
}

/** The commands of a batch of writes, and how to read their settled replies. */
export class AssignmentWriteBatch {
  /** The commands to send, in order. */
  readonly commands: RedisCommand[] = [];
  /** For each write, the index of its first command and how many it has. */
  private readonly spans: Array<{ readonly at: number; readonly count: number }> = [];
  /** For each unit key, the index of its `EXPIRE` (when a TTL is set). */
  private readonly expireAt = new Map<string, number>();

  /** The batch writing `writes`, refreshing each unit key's TTL to `ttl` seconds when given. */
  constructor(
    private readonly writes: readonly PendingAssignment[],
    ttl: number | undefined,
  ) {
    for (const write of writes) {
      const commands = assignmentWriteCommands(write);
      this.spans.push({ at: this.commands.length, count: commands.length });
      this.commands.push(...commands);
    }
    if (ttl === undefined) return;
    for (const { key } of writes) {
      if (this.expireAt.has(key)) continue;
      this.expireAt.set(key, this.commands.length);
      this.commands.push(["EXPIRE", key, String(ttl)]);
    }
  }

  /**
   * Sorts the writes by their commands' settled replies: a write is acknowledged when its
   * commands and its key's `EXPIRE` succeeded, refused when Redis answered that its key holds
   * another type, and failed otherwise (a missing result counts as failed).
   */
  outcomes(results: ReadonlyArray<PromiseSettledResult<unknown>>): WriteOutcomes {
    const acknowledged: PendingAssignment[] = [];
    const refused: RefusedWrite[] = [];
    const failed: PendingAssignment[] = [];
    const kept: Record<string, string> = {};
    let failure: unknown;
    let written = 0;
    const fail = (write: PendingAssignment, error: unknown) => {
      failed.push(write);
      failure ??= error;
    };
    this.writes.forEach((write, i) => {
      const { at, count } = this.spans[i] as { at: number; count: number };
      const own = results.slice(at, at + count);
      const expireAt = this.expireAt.get(write.key);
      const expire = expireAt === undefined ? undefined : results[expireAt];
      const error = errorOf(own, count) ?? (expireAt === undefined ? undefined : errorOf(expire === undefined ? [] : [expire], 1));
      if (error !== undefined) {
        if (isRefusedWrite(error)) refused.push({ write, reason: messageOf(error) });
        else fail(write, error);
        return;
      }
      acknowledged.push(write);
      const group = groupKept(write, own.map((result) => (result as PromiseFulfilledResult<unknown>).value));
      if (group !== undefined) kept[write.experiment] = group;
      else written++;
    });
    return { acknowledged, written, kept, refused, failed, failure };
  }
}

/** The first error among `results` (expected to hold `count` of them): a rejection's reason, or an error for a missing result. */
function errorOf(results: ReadonlyArray<PromiseSettledResult<unknown>>, count: number): unknown {
  for (const result of results) if (result.status === "rejected") return result.reason ?? new Error("rejected without a reason");
  return results.length < count ? new Error("no reply (the batch was cut short)") : undefined;
}
