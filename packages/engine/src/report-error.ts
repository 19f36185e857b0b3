/**
 * Calling a user's error sink (`onError`) so that reporting can never fail a request: what the
 * sink throws is ignored, and so is a promise it returns that rejects (an async `onError`), which
 * would otherwise be an unhandled rejection (Deno and Node exit on one).
 * @module
 */

/** An error sink: `onError(error, context)`. */
export type ErrorSinkCallback = (error: unknown, context: string) => unknown;

function ignore(): void {
  // A failing error sink has nowhere to report to.
}

/** Calls `sink(error, context)` if given; ignores what it throws and a rejection of what it returns. */
export function reportTo(sink: ErrorSinkCallback | undefined, error: unknown, context: string): void {
  if (sink === undefined) return;
  try {
    const result = sink(error, context);
    if (result !== null && typeof result === "object" && typeof (result as { then?: unknown }).then === "function") (result as PromiseLike<unknown>).then(undefined, ignore);
  } catch {
    // Ignored, as a rejection is.
  }
}
