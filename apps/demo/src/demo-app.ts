/**
 * The demo shop: an Express app whose every page is decided by Strata. It shows the visitor's
 * parameters and assignments, takes "buy" conversions for the headline bandit, and explains.
 * @module
 */
import { readFileSync } from "node:fs";
import type { StrataConfig } from "@strata/config";
import { MemoryAssignmentStore, type AssignmentStore, type ConvertResult, type Engine } from "@strata/engine";
import { strata } from "@strata/express";
import type { FeedbackStats } from "@strata/segmenters";
import express, { type Express } from "express";
import { HeadlineRecords } from "./headline-shown.ts";
import { renderExplanation, renderShop } from "./pages.ts";
import { storeLeftOut } from "./store-left-out.ts";

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

/** What the shop page says after a buy (`/?bought=1`, `0`, `unseen`, `retry` or `later`). */
const BUY_NOTICES = {
  "1": "Thank you! Your purchase counted as a success for the headline you saw.",
  "0": "Thank you! This purchase did not count for the headline bandit: it counts one purchase per visitor, and only from visitors who saw one of its headlines.",
  unseen:
    "Thank you! This purchase did not count for the headline bandit: there is no record that the shop page showed you one of its headlines. Open the shop page, then buy; if it showed you a headline just now, buy again in a few seconds.",
  retry: "Thank you! This purchase was not counted for the headline bandit yet: the store could not record it just now. Please buy again in a moment.",
  later: "Thank you! Your purchase will count for the headline you saw as soon as the store can record it; there is no need to buy again.",
} as const;

/** A buy's answer (JSON) and the notice the shop page shows for it (the Buy button's redirect). */
interface BuyAnswer {
  readonly result: ConvertResult;
  readonly notice: keyof typeof BUY_NOTICES;
}

/** The notice for the engine's answer to a conversion: counted, not counted, to be retried ("retry it"), or counted once the store writes its record ("needs no retry"). */
function engineAnswer(result: ConvertResult): BuyAnswer {
  const reason = result.reason ?? "";
  return { result, notice: result.ok ? "1" : reason.includes("needs no retry") ? "later" : reason.includes("retry") ? "retry" : "0" };
}

/** The answer to a buy from a visitor in the bandit whom the shop page never showed one of its headlines. */
const HEADLINE_NOT_SHOWN: BuyAnswer = {
  result: {
    ok: false,
    reason: `not counted: the shop page (GET /) never showed this visitor a "${BANDIT}" headline (no strata_id cookie, or a cookie whose visitor has not opened the shop page); other routes, /buy included, show no headline — open the shop page first, then buy (a page another server showed while the store refused writes is on record within seconds once the store takes writes again: buy again then)`,
  },
  notice: "unseen",
};

/** How the decision's error for a failed save of new sticky assignments begins (see @strata/engine's README). */
const UNSAVED_PREFIX = "new sticky assignments not saved";

/** The answer to a buy from a visitor in the bandit when the store could not tell whether they were shown a headline: it could not be read, or refused to save their headline. */
function shownUnknown(error: unknown): BuyAnswer {
  const message = error instanceof Error ? error.message : String(error);
  const what = message.includes(UNSAVED_PREFIX) ? "the assignment store refused to save this visitor's headline" : "the assignment store could not be read";
  return { result: { ok: false, reason: `not counted: ${what} (${message}), so whether the shop page showed this visitor a "${BANDIT}" headline is unknown — retry the buy` }, notice: "retry" };
}

/** The answer to a buy from a visitor the shop page showed a headline on this server while the store refused the record of it. */
function shownRecordUnsaved(error: string): BuyAnswer {
  return {
    result: {
      ok: false,
      reason: `not counted yet: the shop page showed this visitor a "${BANDIT}" headline, but the assignment store refused the record of it (${error}) — retry the buy once the store takes writes again`,
    },
    notice: "retry",
  };
}

/** Builds the demo app and its engine. */
export function createDemoApp(options: DemoOptions = {}): { app: Express; engine: Engine } {
  // Sticky assignments need a store: the bandit keeps each visitor's first headline.
  const stores = { assignments: options.stores?.assignments ?? new MemoryAssignmentStore(), ...(options.stores?.feedback ? { feedback: options.stores.feedback } : {}) };
  const reportError = (error: unknown, context: string): void => console.error(`strata ${context}:`, error instanceof Error ? error.message : error);
  const middleware = strata({
    config: options.config ?? demoConfig(),
    engineOptions: { stores },
    userId: (req) => req.get("x-user-id"),
    countryHeader: "x-country",
    onExposure: options.onExposure ?? ((events) => console.log("exposures", JSON.stringify(events))),
    onError: reportError,
    debugHeader: true,
  });
  const engine = middleware.engine;
  const records = new HeadlineRecords(stores.assignments);
  const app = express();
  app.disable("x-powered-by");
  app.use(middleware);

  app.get("/", async (req, res) => {
    const bought = String(req.query.bought);
    const page = renderShop(req.strata, Object.hasOwn(BUY_NOTICES, bought) ? BUY_NOTICES[bought as keyof typeof BUY_NOTICES] : undefined);
    // The page shows the visitor their headline: record that before sending it, so a buy that
    // follows at once counts. If the record cannot be saved, the page is still served.
    const headline = req.strata.assignments.find((a) => a.experiment === BANDIT);
    if (headline) await records.recordShown(headline).catch((error: unknown) => reportError(error, "recording the headline shown"));
    res.type("html").send(page);
  });

  app.get("/api/decision", (req, res) => {
    res.json({ params: req.strata.params, assignments: req.strata.assignments });
  });

  app.post("/buy", async (req, res) => {
    // A "buy" is a success for the headline the visitor saw; the bandit shifts traffic towards it.
    // Only a visitor the shop page showed a headline to saw one: the middleware also draws and
    // stores a headline on this very request (or an API call) without anyone seeing it.
    // One per visitor (their one trial): convertWithStore refuses repeats on every server. A
    // visitor outside the bandit is left to convertWithStore, which says they are not in it. When
    // the middleware could not read the store, or the store refused the headline drawn, it left a
    // visitor of the bandit out of it: whether the shop showed them a headline is unknown then,
    // even if the store answers again by now.
    const units = req.strata.units;
    let answer: BuyAnswer | undefined;
    if (req.strata.assignments.some((a) => a.experiment === BANDIT)) {
      try {
        const shown = await records.wasShown(units, BANDIT);
        if (!shown.shown) answer = shown.unsavedRecord === undefined ? HEADLINE_NOT_SHOWN : shownRecordUnsaved(shown.unsavedRecord);
      } catch (error) {
        reportError(error, "reading whether the headline was shown");
        answer = shownUnknown(error);
      }
    } else {
      const leftOut = storeLeftOut(req.strata, BANDIT);
      if (leftOut !== undefined) answer = shownUnknown(leftOut);
    }
    answer ??= engineAnswer(await engine.convertWithStore(units, BANDIT, { name: "buy", at: Date.now() }));
    if (req.accepts(["html", "json"]) === "json") res.json(answer.result);
    else res.redirect(303, `/?bought=${answer.notice}`);
  });

  app.get("/explain", (req, res) => {
    const explanation = req.strata.explain();
    if (req.accepts(["html", "json"]) === "json") res.json(explanation);
    else res.type("html").send(renderExplanation(explanation));
  });

  return { app, engine };
}
