/**
 * `BatchesInFlight`: the connection's batches of commands still owed a reply, each with its
 * deadline, so closing can wait for the replies Redis still owes (a save's writes leave the socket
 * before it is dropped) without waiting longer than those batches were ever going to wait.
 * @module
 */

/** Batches sent and not yet answered, with the time (ms since the epoch) each stops being waited for. */
export class BatchesInFlight {
  private readonly deadlines = new Map<Promise<unknown>, number>();

  /** Tracks `work` (a batch's replies) until it settles; `deadline` is when its caller stops waiting for it. */
  add(work: Promise<unknown>, deadline: number): void {
    this.deadlines.set(work, deadline);
    const forget = () => this.deadlines.delete(work);
    work.then(forget, forget);
  }

  /** Resolves once every batch owed a reply now has settled, or once the last of their deadlines has passed; never rejects. */
  settled(): Promise<void> {
    let last = 0;
    for (const deadline of this.deadlines.values()) last = Math.max(last, deadline);
    const waitMs = last - Date.now();
    if (waitMs <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      void Promise.allSettled(this.deadlines.keys()).then(done);
    });
  }
}
