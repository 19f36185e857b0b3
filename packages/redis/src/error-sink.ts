/**
 * The `onError` callback shared by the Redis stores, and a caller that never lets it throw.
 * @module
 */

/** Receives errors the stores cannot return to a caller (background writes, refreshes, the connection). */
export type ErrorSink = (error: unknown, context: string) => void;

/** Calls `sink` if given; an error thrown by the sink itself is swallowed (reporting must never fail a request). */
export function report(sink: ErrorSink | undefined, error: unknown, context: string): void {
  if (!sink) return;
  try {
    sink(error, context);
  } catch {
    // A throwing error sink is ignored, like the engine's onError.
  }
}
