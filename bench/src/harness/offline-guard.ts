/**
 * The offline guard: while installed, every network attempt (`net.Socket#connect`, which
 * http, https, tls and undici all go through; `globalThis.fetch`; `dns.lookup` and
 * `dns.promises.lookup`) throws and is counted, and `console.*` is swallowed and counted.
 * Install it before the peer SDKs are imported (with `import()`), so that a reference an SDK
 * takes at load time is already the guarded one. `restore()` puts everything back.
 * @module
 */
import dns from "node:dns";
import net from "node:net";

/** What the guard saw. */
export interface OfflineCounts {
  /** Blocked `net.Socket#connect` calls. */
  connect: number;
  /** Blocked `fetch` calls. */
  fetch: number;
  /** Blocked `dns.lookup` / `dns.promises.lookup` calls. */
  dns: number;
  /** Swallowed `console.*` calls. */
  console: number;
}

/** An installed guard. */
export interface OfflineGuard {
  /** Live counts. */
  readonly counts: Readonly<OfflineCounts>;
  /** Blocked network attempts of any kind. */
  networkAttempts(): number;
  /** The first few things that were blocked or swallowed, for the report. */
  readonly log: readonly string[];
  /** The console as it was before the guard (so the harness can still print). */
  readonly console: Pick<Console, "log" | "error">;
  /** Puts the patched functions back. Idempotent. */
  restore(): void;
}

const CONSOLE_METHODS = ["log", "info", "warn", "error", "debug", "trace", "dir", "table"] as const;
const KEEP = 20;

/** The error a blocked call throws. */
export class OfflineViolation extends Error {
  constructor(what: string) {
    super(`offline guard: blocked ${what}`);
    this.name = "OfflineViolation";
  }
}

/** Installs the guard; `swallowConsole: false` leaves the console alone (network blocking only). */
export function installOfflineGuard(options: { swallowConsole?: boolean } = {}): OfflineGuard {
  const counts: OfflineCounts = { connect: 0, fetch: 0, dns: 0, console: 0 };
  const log: string[] = [];
  const note = (line: string) => {
    if (log.length < KEEP) log.push(line);
  };
  const originals = {
    connect: net.Socket.prototype.connect,
    fetch: globalThis.fetch,
    lookup: dns.lookup,
    promisesLookup: dns.promises.lookup,
    console: Object.fromEntries(CONSOLE_METHODS.map((m) => [m, console[m]])) as Record<(typeof CONSOLE_METHODS)[number], (...args: unknown[]) => void>,
  };
  const savedConsole = { log: originals.console.log.bind(console), error: originals.console.error.bind(console) };

  net.Socket.prototype.connect = function blockedConnect(this: net.Socket, ...args: unknown[]): never {
    counts.connect++;
    const target = describeTarget(args[0], args[1]);
    note(`net.Socket#connect ${target}`);
    throw new OfflineViolation(`net.Socket#connect to ${target}`);
  } as typeof net.Socket.prototype.connect;
  globalThis.fetch = function blockedFetch(input: unknown): Promise<Response> {
    counts.fetch++;
    const target = typeof input === "string" ? input : input instanceof URL ? input.href : String((input as { url?: unknown })?.url ?? input);
    note(`fetch ${target}`);
    return Promise.reject(new OfflineViolation(`fetch ${target}`));
  } as typeof fetch;
  dns.lookup = function blockedLookup(hostname: unknown): never {
    counts.dns++;
    note(`dns.lookup ${String(hostname)}`);
    throw new OfflineViolation(`dns.lookup ${String(hostname)}`);
  } as unknown as typeof dns.lookup;
  dns.promises.lookup = function blockedPromisesLookup(hostname: unknown) {
    counts.dns++;
    note(`dns.promises.lookup ${String(hostname)}`);
    return Promise.reject(new OfflineViolation(`dns.promises.lookup ${String(hostname)}`));
  } as typeof dns.promises.lookup;
  if (options.swallowConsole !== false) {
    for (const method of CONSOLE_METHODS) {
      console[method] = (...args: unknown[]) => {
        counts.console++;
        note(`console.${method}: ${args.map((a) => (a instanceof Error ? a.message : String(a))).join(" ").slice(0, 200)}`);
      };
    }
  }

  let restored = false;
  return {
    counts,
    log,
    console: savedConsole,
    networkAttempts: () => counts.connect + counts.fetch + counts.dns,
    restore() {
      if (restored) return;
      restored = true;
      net.Socket.prototype.connect = originals.connect;
      globalThis.fetch = originals.fetch;
      dns.lookup = originals.lookup;
      dns.promises.lookup = originals.promisesLookup;
      for (const method of CONSOLE_METHODS) console[method] = originals.console[method];
    },
  };
}

function describeTarget(first: unknown, second: unknown): string {
  // net.connect() and http hand Socket#connect their arguments already normalised: [options, callback].
  if (Array.isArray(first)) return describeTarget(first[0], first[1]);
  if (first !== null && typeof first === "object") {
    const o = first as { host?: unknown; port?: unknown; path?: unknown };
    if (o.path !== undefined) return String(o.path);
    return `${String(o.host ?? "localhost")}:${String(o.port)}`;
  }
  if (typeof first === "number") return `${typeof second === "string" ? second : "localhost"}:${first}`;
  return String(first);
}
