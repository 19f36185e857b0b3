/**
 * What every adapter test server shares: the config, the QA secret, and the routes each
 * server implements on top of its adapter, so one suite (adapter-suite.ts) checks them all.
 *
 * Adapter options every test server uses:
 *   config: adapter-config.json, countryHeader: "x-country", debugHeader: true,
 *   overrides: { secret: TEST_SECRET }, trust proxy (X-Forwarded-Proto),
 *   userId: the `x-user-id` header after a random 0–3 ms delay ("throw" makes the callback throw),
 *   onExposure: kept in memory, onError: kept in memory.
 * Routes:
 *   GET /decide    → DecideBody (reads every param with decision.get)
 *   GET /explain   → decision.explain()
 *   GET /redirect  → a 302 (on the web adapters, Response.redirect: immutable headers)
 *   GET /exposures → the exposures flushed so far
 *   GET /batches   → the experiments of each onExposure call so far (web adapters)
 *   GET /stream    → a streamed body that reads button_color and banner while it is sent (web adapters)
 *   GET /no-content → one bodiless 204 Response object returned for every request (web adapters)
 *   GET /errors    → the contexts reported to onError so far
 */
import type { ExposureEvent, RequestDecision } from "../../src/index.ts";
import config from "./adapter-config.json" with { type: "json" };

/** The adapter test config. */
export const ADAPTER_CONFIG = config;

/** The QA override secret of the test servers. */
export const TEST_SECRET = "test-secret-0123456789-abcdefghijklmnop";

/** The parameters of the adapter config. */
export const PARAMS = ["button_color", "button_size", "checkout", "banner", "promo"] as const;

/** The body of `GET /decide`. */
export interface DecideBody {
  readonly units: Record<string, string>;
  readonly groups: Record<string, string>;
  readonly params: Record<string, unknown>;
  readonly override: string;
}

/** The `/decide` body of a decision (reads every param through `get`, so exposures are recorded). */
export function decideBody(decision: RequestDecision): DecideBody {
  const params: Record<string, unknown> = {};
  for (const param of PARAMS) params[param] = decision.get(param);
  const groups: Record<string, string> = {};
  for (const a of decision.assignments) groups[a.experiment] = a.group;
  return { units: decision.units as Record<string, string>, groups, params, override: decision.override.state };
}

/** The userId callback of the test servers: the `x-user-id` header after a random 0–3 ms delay. */
export async function delayedUserId(header: string | null | undefined): Promise<string | undefined> {
  await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 4)));
  if (header === "throw") throw new Error("user lookup failed");
  return header ?? undefined;
}

/** In-memory sinks for a test server; `batches` has the experiments of each `onExposure` call. */
export function memorySinks(): {
  exposures: ExposureEvent[];
  batches: string[][];
  errors: string[];
  onExposure(events: readonly ExposureEvent[]): void;
  onError(error: unknown, context: string): void;
} {
  const exposures: ExposureEvent[] = [];
  const batches: string[][] = [];
  const errors: string[] = [];
  return {
    exposures,
    batches,
    errors,
    onExposure: (events) => {
      exposures.push(...events);
      batches.push(events.map((e) => `${e.unit}:${e.experiment}`));
    },
    onError: (_error, context) => {
      errors.push(context);
    },
  };
}
