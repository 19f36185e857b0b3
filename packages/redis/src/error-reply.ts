/**
 * Redis error replies: an error Redis answered with (`NOREPLICAS …`, `OOM …`, `READONLY …`)
 * means the command applied nothing, unlike a missing reply (no reply in time, a lost
 * connection), after which the command may have been applied all the same.
 * @module
 */
import { messageOf } from "./store-error.ts";

/** Redis's error code opening an error reply, e.g. `NOREPLICAS` of `NOREPLICAS Not enough good replicas to write.` */
const ERROR_CODE = /^([A-Z][A-Z0-9_-]*) /;

/**
 * True when `error` is an error reply from Redis (it starts with Redis's upper-case error code:
 * `OOM …`, `NOREPLICAS …`, `READONLY …`): Redis answered and applied nothing. Otherwise (no reply
 * in time, a lost connection) the command may have been applied before its reply was lost.
 */
export function isErrorReply(error: unknown): boolean {
  return ERROR_CODE.test(messageOf(error));
}

/** The error code of an error reply from Redis (e.g. `NOREPLICAS`), or its whole message when it has none. */
export function errorCode(error: unknown): string {
  const message = messageOf(error);
  return ERROR_CODE.exec(message)?.[1] ?? message;
}
