/**
 * The demo shop: an Express app whose every page is decided by Strata. It shows the visitor's
 * parameters and assignments, takes "buy" conversions for the headline bandit, and explains.
 * @module
 */
import { readFileSync } from "node:fs";
import type { StrataConfig } from "@strata/config";
import { MemoryAssignmentStore, type Assignment, type AssignmentStore, type Engine } from "@strata/engine";
import { strata } from "@strata/express";
import type { FeedbackStats } from "@strata/segmenters";
import express, { type Express } from "express";
import { renderExplanation, renderShop } from "./pages.ts";

/** The demo's config: every part of the model, diverted by the visitor's cookie. */
export function demoConfig(): StrataConfig {
  return JSON.parse(readFileSync(new URL("./demo-config.json", import.meta.url), "utf8")) as StrataConfig;
}

/** What the demo app can be given. */
export interface DemoOptions {
  /** The config; defaults to demo-config.json. */
  readonly config?: StrataConfig;
  /** Shared stores (e.g. Redis, for several demo servers); in memory otherwise. */
  readonly stores?: { readonly assignments?: AssignmentStore; readonly feedback?: FeedbackStats };
  /** Where exposures go; the console by default. */
  readonly onExposure?: (events: readonly unknown[]) => void;
}

/** The experiment that learns from "buy" conversions. */
export const BANDIT = "headline-bandit";

/** What the shop page says after a buy (`/?bought=1` or `/?bought=0`). */
const BUY_NOTICES: Readonly<Record<string, string>> = {
  "1": "Thank you! Your purchase counted as a success for the headline you saw.",
  "0": "Thank you! This purchase did not count for the headline bandit: it counts one purchase per visitor, and only from visitors who saw one of its headlines.",
};

/** The answer to a buy whose headline this very request drew (so nobody was shown it). */
const HEADLINE_NOT_SHOWN = {
  ok: false,
  reason: `not counted: the visitor had no stored "${BANDIT}" headline before this request (no unit cookie, a cookie never seen before, or the store could not be read), so they were shown none of its headlines — open the shop page first, then buy`,
} as const;

/**
 * True when this request drew the visitor's bandit headline afresh, so they have not been shown
 * it: with an assignment store, a headline shown on an earlier request comes back as "stored".
 */
export function headlineDrawnNow(assignments: readonly Assignment[]): boolean {
  return assignments.some((a) => a.experiment === BANDIT && a.source === "segmenter");
}

/** Builds the demo app and its engine. */
export function createDemoApp(options: DemoOptions = {}): { app: Express; engine: Engine } {
  // Sticky assignments need a store: the bandit keeps each visitor's first headline.
  const stores = { assignments: options.stores?.assignments ?? new MemoryAssignmentStore(), ...(options.stores?.feedback ? { feedback: options.stores.feedback } : {}) };
  const middleware = strata({
    config: options.config ?? demoConfig(),
    engineOptions: { stores },
    userId: (req) => req.get("x-user-id"),
    countryHeader: "x-country",
    onExposure: options.onExposure ?? ((events) => console.log("exposures", JSON.stringify(events))),
    onError: (error, context) => console.error(`strata ${context}:`, error instanceof Error ? error.message : error),
    debugHeader: true,
  });
  const engine = middleware.engine;
  const app = express();
  app.disable("x-powered-by");
  app.use(middleware);

  app.get("/", (req, res) => {
    res.type("html").send(renderShop(req.strata, BUY_NOTICES[String(req.query.bought)]));
  });

  app.get("/api/decision", (req, res) => {
    res.json({ params: req.strata.params, assignments: req.strata.assignments });
  });

  app.post("/buy", async (req, res) => {
    // A "buy" is a success for the headline the visitor saw; the bandit shifts traffic towards it.
    // Only a visitor whose headline was stored before this request saw one: without a unit cookie
    // (or with one never seen before) the middleware has just drawn a headline nobody was shown.
    // One per visitor (their one trial): convertWithStore refuses repeats on every server.
    const result = headlineDrawnNow(req.strata.assignments) ? HEADLINE_NOT_SHOWN : await engine.convertWithStore(req.strata.units, BANDIT, { name: "buy", at: Date.now() });
    if (req.accepts(["html", "json"]) === "json") res.json(result);
    else res.redirect(303, result.ok ? "/?bought=1" : "/?bought=0");
  });

  app.get("/explain", (req, res) => {
    const explanation = req.strata.explain();
    if (req.accepts(["html", "json"]) === "json") res.json(explanation);
    else res.type("html").send(renderExplanation(explanation));
  });

  return { app, engine };
}
