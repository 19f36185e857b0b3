/**
 * The error every Redis store operation rejects with: it names the operation that failed and
 * keeps the underlying error as its `cause`.
 * @module
 */

/** A Redis store operation that failed, e.g. `redis: load of stored assignments failed: Redis is not connected`. */
export class RedisStoreError extends Error {
  /** The operation that failed, e.g. "load of stored assignments". */
  readonly operation: string;
  /** Why it failed, e.g. "redis://127.0.0.1:6379 is not connected (last error: connect ECONNREFUSED 127.0.0.1:6379)". */
  readonly reason: string;

  /** True when the operation's commands were never sent (Redis not connected, or the stores closed). */
  readonly unsent: boolean;
  /** For a failed save: the store reports the save's assignments written later through the engine's `onLateWrite` (see `SaveOptions`). */
  readonly reportsLateWrites: boolean;
  /** For a failed save: false when none of its writes is kept for a retry (retryLimit 0, or the stores closed), so nothing writes them later. */
  readonly keptForRetry: boolean;

  /** Wraps `cause` in an error that says which operation failed and why. */
  constructor(operation: string, reason: string, options?: { cause?: unknown; unsent?: boolean; reportsLateWrites?: boolean; keptForRetry?: boolean }) {
    super(`redis: ${operation} failed: ${reason}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "RedisStoreError";
    this.operation = operation;
    this.reason = reason;
    this.unsent = options?.unsent === true;
    this.reportsLateWrites = options?.reportsLateWrites === true;
    this.keptForRetry = options?.keptForRetry !== false;
  }
}

/** The message of any thrown value, for error texts. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
