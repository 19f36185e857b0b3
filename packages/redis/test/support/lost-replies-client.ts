/**
 * A client in front of a real Redis whose `EVAL`s (unit writes among them) are sent and applied,
 * but whose replies are lost while the test says so, as when the connection drops after Redis
 * applied a write: the store cannot tell whether it landed.
 * @module
 */
import type { RedisClientLike } from "../../src/index.ts";

/** A client whose unit writes sent while `losing` is set reach Redis and are applied, but whose replies are lost. */
export function lostRepliesClient(inner: RedisClientLike): RedisClientLike & { losing: boolean } {
  return {
    losing: false,
    get isOpen() {
      return inner.isOpen;
    },
    get isReady() {
      return inner.isReady;
    },
    async sendCommand(args: string[]) {
      // Whether the reply is lost is settled when the command is sent.
      const lose = this.losing && args[0] === "EVAL";
      const reply = await inner.sendCommand(args);
      if (lose) throw new Error("Socket closed unexpectedly");
      return reply;
    },
    on: (event, listener) => inner.on(event, listener),
    off: (event, listener) => inner.off(event, listener),
  };
}
