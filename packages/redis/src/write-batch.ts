/**
 * `AssignmentWriteBatch`: the commands of one batch of assignment writes (one `EVAL` of the unit
 * write script per unit key, carrying that key's writes in order and its TTL) and what their
 * replies, settled one by one, say about each write: acknowledged (with the group the unit keeps
 * when it was not written), refused by Redis for good (the unit key is not a hash), or failed for
 * now.
 * @module
 */
import type { KeptGroups } from "@strata/engine";
import type { RedisCommand } from "./connection.ts";
import { isErrorReply } from "./error-reply.ts";
import type { PendingAssignment } from "./pending-saves.ts";
import { settledReply } from "./settled-reply.ts";
import { messageOf } from "./store-error.ts";
import { groupsKept, isRefusedWrite, unitWriteCommand } from "./unit-write-script.ts";

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
  /** The acknowledged writes that were written. */
  readonly landed: readonly PendingAssignment[];
  /** The acknowledged writes not written because the unit keeps the very group they carry. */
  readonly keptSame: readonly PendingAssignment[];
  /** Per experiment, the group a unit keeps where an acknowledged write was not written because it had one (the engine's `KeptGroups`). */
  readonly kept: KeptGroups;
  /** Writes Redis refused because their unit key holds another type: they fail the same way until the key is fixed. */
  readonly refused: readonly RefusedWrite[];
  /** Writes that failed for now (connection lost, Redis unable to write for the moment): worth a retry. */
  readonly failed: readonly PendingAssignment[];
  /** The failed writes Redis may have applied all the same (no error reply from Redis: the reply was lost). */
  readonly unsure: readonly PendingAssignment[];
  /** The first error of the failed writes, if any. */
  readonly failure: unknown;
}

/** What one unit key's command came to: per write of that key, the group kept (undefined: written), or the error that failed them all. */
type KeyOutcome = { readonly kept: ReadonlyArray<string | undefined> } | { readonly error: unknown };

/** The commands of a batch of writes, and how to read their settled replies. */
export class AssignmentWriteBatch {
  /** The commands to send, in order: one per unit key, in the order the keys first appear. */
  readonly commands: RedisCommand[] = [];
  /** For each write, the index of its unit key's command and its place among that command's writes. */
  private readonly places: Array<{ readonly command: number; readonly at: number }> = [];
  /** For each command, how many writes it carries. */
  private readonly sizes: number[] = [];

  /** The batch writing `writes`, refreshing each unit key's TTL to `ttl` seconds when given. */
  constructor(
    private readonly writes: readonly PendingAssignment[],
    ttl: number | undefined,
  ) {
    const byKey = new Map<string, PendingAssignment[]>();
    const commandOf = new Map<string, number>();
    for (const write of writes) {
      let ofKey = byKey.get(write.key);
      if (ofKey === undefined) {
        byKey.set(write.key, (ofKey = []));
        commandOf.set(write.key, commandOf.size);
      }
      this.places.push({ command: commandOf.get(write.key) as number, at: ofKey.length });
      ofKey.push(write);
    }
    for (const [key, ofKey] of byKey) {
      this.commands.push(unitWriteCommand(key, ofKey, ttl));
      this.sizes.push(ofKey.length);
    }
  }

  /**
   * Sorts the writes by their commands' settled replies: a write is acknowledged when its unit
   * key's command succeeded, refused when Redis answered that the key holds another type, and
   * failed otherwise (a missing or unreadable reply counts as failed).
   */
  outcomes(results: ReadonlyArray<PromiseSettledResult<unknown>>): WriteOutcomes {
    const byCommand = this.sizes.map((size, i) => keyOutcome(results[i], size));
    const acknowledged: PendingAssignment[] = [];
    const refused: RefusedWrite[] = [];
    const failed: PendingAssignment[] = [];
    const unsure: PendingAssignment[] = [];
    const landed: PendingAssignment[] = [];
    const keptSame: PendingAssignment[] = [];
    const kept: Record<string, string> = {};
    let failure: unknown;
    this.writes.forEach((write, i) => {
      const { command, at } = this.places[i] as { command: number; at: number };
      const outcome = byCommand[command] as KeyOutcome;
      if ("error" in outcome) {
        if (isRefusedWrite(outcome.error)) refused.push({ write, reason: messageOf(outcome.error) });
        else {
          failed.push(write);
          if (!isErrorReply(outcome.error)) unsure.push(write);
          failure ??= outcome.error;
        }
        return;
      }
      acknowledged.push(write);
      const group = outcome.kept[at];
      if (group === undefined) landed.push(write);
      else {
        kept[write.experiment] = group;
        if (group === write.group) keptSame.push(write);
      }
    });
    return { acknowledged, written: landed.length, landed, keptSame, kept, refused, failed, unsure, failure };
  }
}

/** What the settled `result` of a unit key's command carrying `count` writes says about them. */
function keyOutcome(result: PromiseSettledResult<unknown> | undefined, count: number): KeyOutcome {
  try {
    return { kept: groupsKept(settledReply(result), count) };
  } catch (error) {
    return { error };
  }
}
