import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { MemoryAssignmentStore, type AssignmentStore } from "@strata/engine";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDemoApp, BANDIT } from "../src/demo-app.ts";
import { escapeHtml } from "../src/pages.ts";

// Chi-square critical values at p = 0.001 for 1 and 2 degrees of freedom.
const CRITICAL = [0, 10.828, 13.816];

function chiSquare(counts: number[], shares: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.reduce((sum, observed, i) => sum + (observed - total * shares[i]!) ** 2 / (total * shares[i]!), 0);
}

interface Visit {
  cookie: string;
  assignments: Array<{ experiment: string; group: string }>;
}

describe("the demo shop, driven by 1,000 visitors with cookies", () => {
  const { app, engine } = createDemoApp({ onExposure: () => undefined });
  let server: Server;
  let base = "";
  const visits: Visit[] = [];

  beforeAll(async () => {
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Fixed visitor ids (32 hex digits, like the cookies the shop sets), so the shares below are
    // the same on every run instead of failing one run in a thousand by chance.
    for (let i = 0; i < 1000; i++) {
      const cookie = `strata_id=${createHash("md5").update(`visitor-${i}`).digest("hex")}`;
      const response = await fetch(`${base}/api/decision`, { headers: { cookie } });
      const body = (await response.json()) as { assignments: Visit["assignments"] };
      visits.push({ cookie, assignments: body.assignments });
    }
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sets a unit cookie on a first visit, and gives the visitor the same groups when it comes back with it", async () => {
    for (let i = 0; i < 50; i++) {
      const first = await fetch(`${base}/api/decision`);
      const cookie = /strata_id=[0-9a-f]{32}/.exec(first.headers.get("set-cookie") ?? "")?.[0];
      expect(cookie, "the first visit sets the unit cookie").toBeDefined();
      const assigned = ((await first.json()) as { assignments: Visit["assignments"] }).assignments;
      const again = await fetch(`${base}/api/decision`, { headers: { cookie: cookie! } });
      expect(again.headers.get("set-cookie")).toBeNull();
      const returned = ((await again.json()) as { assignments: Visit["assignments"] }).assignments;
      expect(returned.map((a) => `${a.experiment}:${a.group}`)).toEqual(assigned.map((a) => `${a.experiment}:${a.group}`));
    }
  });

  it("gives a returning visitor the same groups, and no new cookie", async () => {
    for (const visit of visits.slice(0, 100)) {
      const again = await fetch(`${base}/api/decision`, { headers: { cookie: visit.cookie } });
      expect(again.headers.get("set-cookie")).toBeNull();
      const body = (await again.json()) as { assignments: Visit["assignments"] };
      expect(body.assignments.map((a) => `${a.experiment}:${a.group}`)).toEqual(visit.assignments.map((a) => `${a.experiment}:${a.group}`));
    }
  });

  it("splits traffic 10% redesign domain / 5% holdout / 85% main", () => {
    const redesign = visits.filter((v) => v.assignments.some((a) => a.experiment === "full-redesign")).length;
    const holdout = visits.filter((v) => v.assignments.length === 0).length;
    const main = visits.length - redesign - holdout;
    expect(chiSquare([redesign, holdout, main], [0.1, 0.05, 0.85])).toBeLessThan(CRITICAL[2]!);
  });

  it("splits the main domain's independent layers by their weights", () => {
    const main = visits.filter((v) => v.assignments.some((a) => a.experiment === "button-color"));
    const share = (experiment: string, group: string) => main.filter((v) => v.assignments.some((a) => a.experiment === experiment && a.group === group)).length;
    expect(main.every((v) => v.assignments.some((a) => a.experiment === "free-shipping-launch"))).toBe(true);
    const green = share("button-color", "green");
    const large = share("button-size", "large");
    const onePage = share("new-checkout", "one-page");
    expect(chiSquare([green, main.length - green], [0.5, 0.5])).toBeLessThan(CRITICAL[1]!);
    expect(chiSquare([large, main.length - large], [0.5, 0.5])).toBeLessThan(CRITICAL[1]!);
    expect(chiSquare([onePage, main.length - onePage], [0.2, 0.8])).toBeLessThan(CRITICAL[1]!);
  });

  it("shows the page, counts a buy for the headline bandit, and explains", async () => {
    const visitor = visits.find((v) => v.assignments.some((a) => a.experiment === BANDIT))!;
    const page = await (await fetch(`${base}/`, { headers: { cookie: visitor.cookie } })).text();
    expect(page).toContain("Your assignments");
    const before = Object.values(engine.feedback.read(BANDIT)).reduce((n, arm) => n + arm.successes, 0);
    const bought = (await (await fetch(`${base}/buy`, { method: "POST", headers: { cookie: visitor.cookie, accept: "application/json" } })).json()) as { ok: boolean; group: string };
    expect(bought).toEqual({ ok: true, group: visitor.assignments.find((a) => a.experiment === BANDIT)!.group });
    const after = Object.values(engine.feedback.read(BANDIT)).reduce((n, arm) => n + arm.successes, 0);
    expect(after).toBe(before + 1);
    const explanation = (await (await fetch(`${base}/explain`, { headers: { cookie: visitor.cookie, accept: "application/json" } })).json()) as { layers: Array<{ layer: string }> };
    expect(explanation.layers.map((l) => l.layer)).toContain("headline-layer");
  });

  it("counts one buy per visitor: buying again counts nothing more, and the page says which", async () => {
    const visitor = visits.filter((v) => v.assignments.some((a) => a.experiment === BANDIT))[1]!;
    const successes = () => Object.values(engine.feedback.read(BANDIT)).reduce((n, arm) => n + arm.successes, 0);
    const before = successes();
    const buy = () => fetch(`${base}/buy`, { method: "POST", headers: { cookie: visitor.cookie }, redirect: "manual" });
    await (await fetch(`${base}/`, { headers: { cookie: visitor.cookie } })).text();
    expect((await buy()).headers.get("location")).toBe("/?bought=1");
    for (let i = 0; i < 3; i++) expect((await buy()).headers.get("location")).toBe("/?bought=0");
    expect(successes()).toBe(before + 1);
    const thanked = await (await fetch(`${base}/?bought=1`, { headers: { cookie: visitor.cookie } })).text();
    expect(thanked).toContain("Your purchase counted as a success");
    const again = await (await fetch(`${base}/?bought=0`, { headers: { cookie: visitor.cookie } })).text();
    expect(again).toContain("it counts one purchase per visitor");
  });

  it("does not count a buy from a visitor who was never shown a headline (a cookie never seen before), until they see the shop", async () => {
    // A valid cookie this server has never seen, for a visitor the bandit's layer takes in.
    const probe = createDemoApp({ onExposure: () => undefined }).engine;
    const id = Array.from({ length: 100 }, (_, i) => createHash("md5").update(`unseen-visitor-${i}`).digest("hex")).find((cookieId) =>
      probe.decide({ units: { cookieId } }).assignments.some((a) => a.experiment === BANDIT),
    )!;
    const cookie = `strata_id=${id}`;
    const successes = () => Object.values(engine.feedback.read(BANDIT)).reduce((n, arm) => n + arm.successes, 0);
    const before = successes();
    const refused = (await (await fetch(`${base}/buy`, { method: "POST", headers: { cookie, accept: "application/json" } })).json()) as { ok: boolean; reason?: string };
    expect(refused.ok).toBe(false);
    expect(refused.reason).toContain(`the shop page (GET /) never showed this visitor a "${BANDIT}" headline`);
    expect(successes()).toBe(before);
    // Seeing the shop page shows the headline (stored on the earlier request), so now the buy counts.
    const page = await (await fetch(`${base}/`, { headers: { cookie } })).text();
    expect(page).toContain("Your assignments");
    const counted = (await (await fetch(`${base}/buy`, { method: "POST", headers: { cookie, accept: "application/json" } })).json()) as { ok: boolean; group: string };
    expect(counted.ok).toBe(true);
    expect(successes()).toBe(before + 1);
  });

  it("does not count a buy from a brand-new visitor without a cookie, and sends the browser to the shop with a notice that says so", async () => {
    const successes = () => Object.values(engine.feedback.read(BANDIT)).reduce((n, arm) => n + arm.successes, 0);
    const before = successes();
    // Each request without a cookie is a new visitor; keep asking until one is in the bandit's layer.
    let inBandit = 0;
    for (let i = 0; i < 200 && inBandit < 3; i++) {
      const response = await fetch(`${base}/buy`, { method: "POST", headers: { accept: "application/json" } });
      const body = (await response.json()) as { ok: boolean; reason?: string };
      expect(body.ok).toBe(false);
      if (response.headers.get("strata-assignments")?.includes(`${BANDIT}:`)) {
        inBandit++;
        expect(body.reason).toContain(`never showed this visitor a "${BANDIT}" headline`);
      }
    }
    expect(inBandit).toBe(3);
    // The Buy button's page: "no record that the shop page showed you a headline" for a visitor in the bandit, the general notice otherwise.
    const notices = new Set<string | null>();
    for (let i = 0; i < 200 && notices.size < 2; i++) {
      const browser = await fetch(`${base}/buy`, { method: "POST", redirect: "manual" });
      const inTheBandit = browser.headers.get("strata-assignments")?.includes(`${BANDIT}:`) === true;
      expect(browser.headers.get("location")).toBe(inTheBandit ? "/?bought=unseen" : "/?bought=0");
      notices.add(browser.headers.get("location"));
    }
    expect(notices).toEqual(new Set(["/?bought=unseen", "/?bought=0"]));
    expect(await (await fetch(`${base}/?bought=unseen`)).text()).toContain("there is no record that the shop page showed you one of its headlines");
    expect(await (await fetch(`${base}/?bought=constructor`)).text()).not.toContain("function");
    expect(successes()).toBe(before);
  });

  it("never counts buys from a client that keeps its cookie but never loads the shop page, nor after API calls; counts one once the page was shown", async () => {
    const successes = () => Object.values(engine.feedback.read(BANDIT)).reduce((n, arm) => n + arm.successes, 0);
    const buy = async (cookie?: string) => {
      const response = await fetch(`${base}/buy`, { method: "POST", headers: { accept: "application/json", ...(cookie ? { cookie } : {}) } });
      return { response, body: (await response.json()) as { ok: boolean; group?: string; reason?: string } };
    };
    const before = successes();
    // Brand-new clients until one is in the bandit: its first buy draws (and stores) a headline nobody sees.
    let cookie: string | undefined;
    for (let i = 0; i < 200 && cookie === undefined; i++) {
      const first = await buy();
      expect(first.body.ok).toBe(false);
      if (first.response.headers.get("strata-assignments")?.includes(`${BANDIT}:`)) cookie = /strata_id=[0-9a-f]{32}/.exec(first.response.headers.get("set-cookie") ?? "")?.[0];
    }
    expect(cookie, "a new visitor in the bandit").toBeDefined();
    const notShown = `the shop page (GET /) never showed this visitor a "${BANDIT}" headline`;
    // Buying again with that cookie: the headline is stored now, but was never shown.
    for (let i = 0; i < 2; i++) {
      const again = await buy(cookie);
      expect(again.body.ok).toBe(false);
      expect(again.body.reason).toContain(notShown);
    }
    // The JSON API and the explanation show the decision, not the shop's headline: still not counted.
    await (await fetch(`${base}/api/decision`, { headers: { cookie: cookie! } })).text();
    await (await fetch(`${base}/explain`, { headers: { cookie: cookie! } })).text();
    expect((await buy(cookie)).body.reason).toContain(notShown);
    expect(successes()).toBe(before);
    // The shop page shows the stored headline; then one buy counts, for that headline, and no more.
    const page = await (await fetch(`${base}/`, { headers: { cookie: cookie! } })).text();
    const decided = (await (await fetch(`${base}/api/decision`, { headers: { cookie: cookie! } })).json()) as { params: { headline: string }; assignments: Visit["assignments"] };
    expect(page).toContain(`<h1>${escapeHtml(decided.params.headline)}</h1>`);
    expect((await buy(cookie)).body).toEqual({ ok: true, group: decided.assignments.find((a) => a.experiment === BANDIT)!.group });
    const repeat = await buy(cookie);
    expect(repeat.body.ok).toBe(false);
    expect(repeat.body.reason).toContain("was counted already");
    expect(successes()).toBe(before + 1);
  });

  it("keeps a visitor's groups when they sign in (send x-user-id)", async () => {
    const groups = (assignments: Visit["assignments"]) => assignments.map((a) => `${a.experiment}:${a.group}`);
    for (const [i, visitor] of visits.slice(0, 200).entries()) {
      const body = (await (await fetch(`${base}/api/decision`, { headers: { cookie: visitor.cookie, "x-user-id": `user-${i}` } })).json()) as { assignments: Visit["assignments"] };
      expect(groups(body.assignments), `visitor ${i}`).toEqual(groups(visitor.assignments));
    }
  });
});

describe("the demo shop when its assignment store cannot be read", () => {
  it("counts no buy, and says the store could not be read instead of blaming the visitor", async () => {
    const failing = { load: () => Promise.reject(new Error("store down")), save: () => undefined };
    const { app, engine } = createDemoApp({ onExposure: () => undefined, stores: { assignments: failing } });
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const id = Array.from({ length: 100 }, (_, i) => createHash("md5").update(`store-down-${i}`).digest("hex")).find((cookieId) =>
        engine.decide({ units: { cookieId } }).assignments.some((a) => a.experiment === BANDIT),
      )!;
      const body = (await (await fetch(`${base}/buy`, { method: "POST", headers: { cookie: `strata_id=${id}`, accept: "application/json" } })).json()) as { ok: boolean; reason?: string };
      expect(body.ok).toBe(false);
      expect(body.reason).toContain("stored assignments not loaded: store down");
      expect(body.reason).toContain("retry the buy");
      expect(Object.values(engine.feedback.read(BANDIT)).reduce((n, arm) => n + arm.successes, 0)).toBe(0);
    } finally {
      errors.mockRestore();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("counts no buy when only the middleware's read of the store failed and the buy's own read works again", async () => {
    // The store answers, except for the loads it is told to fail (the middleware's, say, while Redis is slow).
    const memory = new MemoryAssignmentStore();
    let failures = 0;
    const flaky: AssignmentStore = {
      load: (units) => (failures > 0 ? (failures--, Promise.reject(new Error("store slow"))) : memory.load(units)),
      save: (assignments) => memory.save(assignments),
    };
    const { app, engine } = createDemoApp({ onExposure: () => undefined, stores: { assignments: flaky } });
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const successes = () => Object.values(engine.feedback.read(BANDIT)).reduce((n, arm) => n + arm.successes, 0);
      const buy = async (cookie: string) => {
        failures = 1;
        const body = (await (await fetch(`${base}/buy`, { method: "POST", headers: { cookie, accept: "application/json" } })).json()) as { ok: boolean; reason?: string };
        expect(failures, "the middleware's load was the one that failed").toBe(0);
        return body;
      };
      const ids = Array.from({ length: 200 }, (_, i) => createHash("md5").update(`slow-store-${i}`).digest("hex"));
      // A visitor in the bandit who called the API (their headline is drawn and stored) but never opened the shop page.
      const shopper = `strata_id=${ids.find((cookieId) => engine.decide({ units: { cookieId } }).assignments.some((a) => a.experiment === BANDIT))!}`;
      await (await fetch(`${base}/api/decision`, { headers: { cookie: shopper } })).text();
      const refused = await buy(shopper);
      expect(refused.ok).toBe(false);
      expect(refused.reason).toContain("the assignment store could not be read (stored assignments not loaded: store slow)");
      expect(refused.reason).toContain("retry the buy");
      expect(successes()).toBe(0);
      // A visitor outside the bandit (the holdout) is still told so.
      const outside = `strata_id=${ids.find((cookieId) => engine.decide({ units: { cookieId } }).assignments.length === 0)!}`;
      expect(await buy(outside)).toEqual({ ok: false, reason: `the unit is not in experiment "${BANDIT}"` });
      // Once the shop page has shown the headline, a buy during such a failure is still refused; retried, it counts.
      await (await fetch(`${base}/`, { headers: { cookie: shopper } })).text();
      expect((await buy(shopper)).reason).toContain("retry the buy");
      expect(successes()).toBe(0);
      const retried = (await (await fetch(`${base}/buy`, { method: "POST", headers: { cookie: shopper, accept: "application/json" } })).json()) as { ok: boolean };
      expect(retried.ok).toBe(true);
      expect(successes()).toBe(1);
    } finally {
      errors.mockRestore();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
