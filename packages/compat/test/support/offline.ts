/**
 * Keeps the real SDKs offline and quiet: every socket connect, fetch and DNS lookup is blocked and
 * counted, and console output is swallowed and counted, so a test can assert that none happened.
 */
import dns from "node:dns";
import net from "node:net";

/** What the guard saw. */
export interface OfflineReport {
  /** Blocked network attempts (socket connects, fetches, DNS lookups). */
  network: string[];
  /** Swallowed console calls. */
  console: number;
}

/** Installs the guard; the returned function removes it and returns what it saw. */
export function goOffline(): () => OfflineReport {
  const report: OfflineReport = { network: [], console: 0 };
  const connect = net.Socket.prototype.connect;
  const fetch = globalThis.fetch;
  const lookup = dns.lookup;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    report.network.push(`socket.connect ${JSON.stringify(args[0])}`);
    throw new Error("offline test: network access is blocked");
  } as typeof connect;
  globalThis.fetch = (async (input: unknown) => {
    report.network.push(`fetch ${String(input)}`);
    throw new Error("offline test: network access is blocked");
  }) as typeof fetch;
  (dns as { lookup: unknown }).lookup = (host: string) => {
    report.network.push(`dns.lookup ${host}`);
    throw new Error("offline test: network access is blocked");
  };
  const methods = ["log", "info", "warn", "error", "debug"] as const;
  const saved = methods.map((m) => console[m]);
  for (const m of methods) console[m] = () => void report.console++;
  return () => {
    net.Socket.prototype.connect = connect;
    globalThis.fetch = fetch;
    (dns as { lookup: unknown }).lookup = lookup;
    methods.forEach((m, i) => (console[m] = saved[i] as (typeof console)[typeof m]));
    return report;
  };
}
