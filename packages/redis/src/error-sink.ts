/**
 * The `onError` callback shared by the Redis stores, and a caller that never lets it throw.
 * @module
 */
import { reportTo } from "@strata/engine";

/** Receives errors the stores cannot return to a caller (background writes, refreshes, the connection). */
export type ErrorSink = (error: unknown, context: string) => void;

/** Calls `sink` if given; an error thrown by the sink itself, or a rejection of the promise an async sink returns, is ignored (reporting must never fail a request). */
export function report(sink: ErrorSink | undefined, error: unknown, context: string): void {
  reportTo(sink, error, context);
}
