/**
 * `settledReply`: one command's reply out of a batch run with `RedisConnection.runSettled`.
 * @module
 */

/** The reply of one settled command: its value, or its error thrown (a missing result means the batch was cut short). */
export function settledReply(result: PromiseSettledResult<unknown> | undefined): unknown {
  if (result === undefined) throw new Error("no reply (the batch was cut short)");
  if (result.status === "rejected") throw result.reason ?? new Error("rejected without a reason");
  return result.value;
}
