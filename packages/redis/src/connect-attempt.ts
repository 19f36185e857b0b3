/**
 * `ConnectAttemptWatch`: whether the stores' own client has a connect attempt in flight (a socket
 * created but not yet connected). node-redis cannot abort such an attempt: `destroy()` during it
 * finds no socket to close, the socket then connects and stays open, and the process never exits.
 * Closing therefore waits for the attempt to settle (bounded by the connect timeout) first.
 * @module
 */
import type { OwnedRedisClient } from "./client.ts";

/** Follows an owned client's connect attempts through its events, from the moment `connect()` is called. */
export class ConnectAttemptWatch {
  private inFlight = true;
  private readonly settledListeners = new Set<() => void>();

  /** Starts watching `client`; call it right before `client.connect()`, which starts the first attempt. */
  constructor(private readonly client: OwnedRedisClient) {
    client.on("reconnecting", this.handleStarted);
    client.on("connect", this.handleSettled);
    client.on("ready", this.handleSettled);
    client.on("error", this.handleSettled);
  }

  /** Resolves once no connect attempt is in flight, or after `timeoutMs` at the latest; never rejects. */
  settled(timeoutMs: number): Promise<void> {
    if (!this.inFlight) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.settledListeners.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.settledListeners.add(done);
    });
  }

  /** Stops listening to the client. */
  stop(): void {
    this.client.off("reconnecting", this.handleStarted);
    this.client.off("connect", this.handleSettled);
    this.client.off("ready", this.handleSettled);
    this.client.off("error", this.handleSettled);
    for (const listener of [...this.settledListeners]) listener();
  }

  private readonly handleStarted = (): void => {
    this.inFlight = true;
  };

  private readonly handleSettled = (): void => {
    this.inFlight = false;
    for (const listener of [...this.settledListeners]) listener();
  };
}
