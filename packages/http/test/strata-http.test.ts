import { createEngine, MemoryAssignmentStore, type AssignmentStore } from "@strata/engine";
import { describe, expect, it, vi } from "vitest";
import { createStrataHttp, newUnitId, signOverride, type ExposureEvent, type StrataHttpOptions, type StrataRequest } from "../src/index.ts";
import { ADAPTER_CONFIG, TEST_SECRET } from "./support/adapter-fixture.ts";
import { BANDIT_CONFIG, TrialCounter } from "./support/bandit-fixture.ts";

const request = (headers: Record<string, string> = {}, url = "/", secure = false): StrataRequest => ({ url, headers: new Headers(headers), secure });
const quiet = { onError: () => undefined };
const groupsOf = (assignments: readonly { experiment: string; group: string }[]) => Object.fromEntries(assignments.map((a) => [a.experiment, a.group]));
const engine = createEngine(ADAPTER_CONFIG);
/** An engine with a sink of its own, reporting eagerly. */
const reporting = createEngine(ADAPTER_CONFIG, { exposure: "eager", onExposure: () => undefined });

/** A cookie id whose button-color group is `group`. */
function visitorIn(group: string): string {
  for (;;) {
    const id = newUnitId();
    if (groupsOf(engine.decide({ units: { cookieId: id } }).assignments)["button-color"] === group) return id;
  }
}

describe("unit cookie", () => {
  const strata = createStrataHttp({ config: ADAPTER_CONFIG, ...quiet });

  it("gives a new visitor a fresh id and a Set-Cookie; Secure only over HTTPS", async () => {
    const plain = await strata.resolve(request());
    expect(plain.setCookie).toMatch(/^strata_id=[0-9a-f]{32}; Max-Age=31536000; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(plain.decision.units.cookieId).toBe(plain.setCookie?.slice(10, 42));
    expect((await strata.resolve(request({}, "/", true))).setCookie).toMatch(/; Secure$/);
  });

  it("keeps a valid cookie without writing it again, and decides on it", async () => {
    const id = newUnitId();
    const resolved = await strata.resolve(request({ cookie: `strata_id=${id}` }));
    expect(resolved.setCookie).toBeUndefined();
    expect(resolved.decision.units).toEqual({ cookieId: id });
    expect(groupsOf(resolved.decision.assignments)).toEqual(groupsOf(engine.decide({ units: { cookieId: id } }).assignments));
  });

  it("replaces a malformed cookie and says so in explain", async () => {
    const resolved = await strata.resolve(request({ cookie: "strata_id=bad;" }));
    // A new id (32 hex digits), not the value sent (a check for "bad" in the header failed for ids that contain those letters).
    expect(resolved.setCookie).toMatch(/^strata_id=[0-9a-f]{32}; /);
    expect(resolved.decision.explain().notes[0]).toMatch(/not a valid id .* replaced, not echoed/);
  });

  it("keeps the visitor's valid id when an invalid cookie of the same name comes first", async () => {
    // Browsers send one cookie per matching path and domain, the longest path first: a stale or
    // foreign strata_id there must not give the visitor a new id on every request.
    const id = newUnitId();
    const resolved = await strata.resolve(request({ cookie: `strata_id="bad value"; other=1; strata_id=${id}` }));
    expect(resolved.decision.units).toEqual({ cookieId: id });
    expect(resolved.setCookie).toBeUndefined();
  });

  it("finds the cookie in a Cookie header of any length", async () => {
    const id = newUnitId();
    const jar = Array.from({ length: 1_000 }, (_, i) => `pref${i}=${"x".repeat(30)}`).join("; ");
    const resolved = await strata.resolve(request({ cookie: `${jar}; strata_id=${id}` }));
    expect(resolved.decision.units).toEqual({ cookieId: id });
    expect(resolved.setCookie).toBeUndefined();
  });

  it("uses the configured cookie name and unit names", async () => {
    const config = JSON.parse(JSON.stringify(ADAPTER_CONFIG).replaceAll('"userId"', '"accountId"').replaceAll('"cookieId"', '"visitorId"')) as unknown;
    const custom = createStrataHttp({ config, cookie: { name: "vid", maxAge: 60 }, units: { user: "accountId", cookie: "visitorId" }, userId: () => "a-1", ...quiet });
    const resolved = await custom.resolve(request({ cookie: "strata_id=0123456789abcdef0123" }));
    expect(resolved.setCookie).toMatch(/^vid=[0-9a-f]{32}; Max-Age=60;/);
    expect(Object.keys(resolved.decision.units)).toEqual(["accountId", "visitorId"]);
  });
});

describe("callbacks", () => {
  it("passes the native request to userId and attributes (sync or async) and targets on them", async () => {
    const native = { user: "u-9", country: "FR" };
    const strata = createStrataHttp<typeof native>({
      config: ADAPTER_CONFIG,
      userId: async (req) => req.user,
      attributes: (req, standard) => ({ ...standard, country: req.country }),
      ...quiet,
    });
    const { decision } = await strata.resolve(request({ "user-agent": "UA" }), native);
    expect(decision.units.userId).toBe("u-9");
    expect(groupsOf(decision.assignments)["eu-banner"]).toBe("shown");
    expect(groupsOf(decision.assignments)["new-checkout"]).toBeDefined();
  });

  it("gives the standard attributes by default, with the configured country header", async () => {
    const strata = createStrataHttp({ config: ADAPTER_CONFIG, countryHeader: "cf-ipcountry", ...quiet });
    const { decision } = await strata.resolve(request({ "cf-ipcountry": "de" }));
    expect(groupsOf(decision.assignments)["eu-banner"]).toBe("shown");
  });

  it("goes on without the user id or with the standard attributes when a callback throws or returns junk, reporting each", async () => {
    const onError = vi.fn();
    const strata = createStrataHttp({
      config: ADAPTER_CONFIG,
      userId: () => {
        throw new Error("session store down");
      },
      attributes: async () => {
        throw new Error("geo lookup failed");
      },
      countryHeader: "x-country",
      onError,
    });
    const { decision } = await strata.resolve(request({ cookie: `strata_id=${newUnitId()}`, "x-country": "DE" }));
    expect(Object.keys(decision.units)).toEqual(["cookieId"]);
    expect(groupsOf(decision.assignments)["eu-banner"]).toBe("shown");
    expect(onError.mock.calls.map((call) => call[1]).sort()).toEqual(["attributes callback", "userId callback"]);

    onError.mockClear();
    const junk = createStrataHttp({ config: ADAPTER_CONFIG, userId: () => ({ id: 1 }) as never, attributes: () => [] as never, onError });
    await junk.resolve(request());
    expect(onError.mock.calls.map((call) => String(call[0]))).toEqual([
      expect.stringMatching(/userId callback returned object; return a string, a number or undefined/),
      expect.stringMatching(/attributes callback returned an array; return an object/),
    ]);
  });

  it("accepts numeric user ids and treats null and '' as anonymous", async () => {
    for (const [value, expected] of [[42, "42"], [null, undefined], ["", undefined]] as const) {
      const strata = createStrataHttp({ config: ADAPTER_CONFIG, userId: () => value, ...quiet });
      expect((await strata.resolve(request())).decision.units.userId).toBe(expected);
    }
  });

  it("never fails a request even when onError itself throws", async () => {
    const strata = createStrataHttp({
      config: ADAPTER_CONFIG,
      userId: () => {
        throw new Error("boom");
      },
      onError: () => {
        throw new Error("sink down");
      },
    });
    await expect(strata.resolve(request())).resolves.toMatchObject({ setCookie: expect.any(String) });
  });

  it("ignores an async onError that rejects: no unhandled rejection (Deno exits on one), for the core's and the engine's reports", async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", listener);
    try {
      let reports = 0;
      const strata = createStrataHttp({
        config: ADAPTER_CONFIG,
        userId: () => {
          throw new Error("boom");
        },
        engineOptions: { stores: { assignments: { load: () => Promise.reject(new Error("store down")), save: () => undefined } } },
        onError: async () => {
          reports++;
          throw new Error("sink down");
        },
      });
      const { decision } = await strata.resolve(request());
      expect(decision.errors.length).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(reports).toBeGreaterThanOrEqual(2);
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", listener);
    }
  });
});

describe("assignment store", () => {
  it("uses the engine's store: sticky groups are saved once and read back", async () => {
    const store = new MemoryAssignmentStore();
    const save = vi.spyOn(store, "save");
    const strata = createStrataHttp({ config: ADAPTER_CONFIG, engineOptions: { stores: { assignments: store } }, userId: () => "sticky-user", ...quiet });
    const first = await strata.resolve(request());
    expect(save).toHaveBeenCalledTimes(1);
    expect(store.load({ userId: "sticky-user" })["new-checkout"]).toBe(groupsOf(first.decision.assignments)["new-checkout"]);
    const second = await strata.resolve(request());
    expect(second.decision.assignments.find((a) => a.experiment === "new-checkout")?.source).toBe("stored");
    expect(second.decision.explain().layers.find((l) => l.layer === "checkout-layer")?.assignment?.source).toBe("stored");
  });

  it("goes on with a fresh decision when the store fails, reporting it through onError and explain", async () => {
    const onError = vi.fn();
    const failing: AssignmentStore = {
      load: async () => {
        throw new Error("ECONNREFUSED");
      },
      save: () => undefined,
    };
    const strata = createStrataHttp({ config: ADAPTER_CONFIG, engineOptions: { stores: { assignments: failing } }, userId: () => "u-1", onError });
    const { decision } = await strata.resolve(request());
    expect(groupsOf(decision.assignments)["new-checkout"]).toBeDefined();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: "ECONNREFUSED" }), "assignment store load");
    expect(decision.explain().notes).toContain("stored assignments not loaded: ECONNREFUSED");
  });
});

describe("exposures", () => {
  const setup = (options: Partial<StrataHttpOptions<StrataRequest>> = {}) => {
    const batches: ExposureEvent[][] = [];
    const onError = vi.fn();
    const strata = createStrataHttp({ config: ADAPTER_CONFIG, onExposure: (events) => void batches.push([...events]), onError, ...options });
    return { strata, batches, onError };
  };

  it("collects the reads of one request and delivers them once, at flush", async () => {
    const { strata, batches } = setup();
    const id = visitorIn("green");
    const { decision, flush } = await strata.resolve(request({ cookie: `strata_id=${id}` }));
    decision.get("button_color");
    decision.get("button_color");
    decision.get("banner");
    expect(batches).toEqual([]);
    flush();
    flush();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toEqual([expect.objectContaining({ experiment: "button-color", group: "green", unit: id, param: "button_color" })]);
  });

  it("keeps concurrent requests' exposures apart", async () => {
    const { strata, batches } = setup();
    const a = visitorIn("green");
    const b = visitorIn("green");
    const [ra, rb] = await Promise.all([strata.resolve(request({ cookie: `strata_id=${a}` })), strata.resolve(request({ cookie: `strata_id=${b}` }))]);
    rb.decision.get("button_color");
    ra.decision.get("button_color");
    ra.flush();
    rb.flush();
    expect(batches.map((batch) => batch.map((e) => e.unit))).toEqual([[a], [b]]);
  });

  it("delivers a read after the flush on its own", async () => {
    const { strata, batches } = setup();
    const { decision, flush } = await strata.resolve(request({ cookie: `strata_id=${visitorIn("green")}` }));
    flush();
    decision.get("button_color");
    expect(batches).toHaveLength(1);
  });

  it("delivers a read through strata.engine directly (outside any request) to onExposure as a batch of one", async () => {
    const { strata, batches, onError } = setup();
    const id = visitorIn("green");
    expect(strata.engine.decide({ units: { cookieId: id } }).get("button_color")).toBe("green");
    expect(batches).toEqual([[expect.objectContaining({ experiment: "button-color", group: "green", unit: id, param: "button_color" })]]);
    // A request's reads still go in its own batch, at flush.
    const { decision, flush } = await strata.resolve(request({ cookie: `strata_id=${id}` }));
    decision.get("button_color");
    expect(batches).toHaveLength(1);
    flush();
    expect(batches).toHaveLength(2);
    expect(onError).not.toHaveBeenCalled();
  });

  it("reports a failing sink for a direct engine read to onError, without throwing to the caller", () => {
    const onError = vi.fn();
    const strata = createStrataHttp({
      config: ADAPTER_CONFIG,
      onExposure: () => {
        throw new Error("sink threw");
      },
      onError,
    });
    expect(strata.engine.decide({ units: { cookieId: visitorIn("green") } }).get("button_color")).toBe("green");
    expect(onError).toHaveBeenCalledWith(expect.any(Error), "onExposure");
  });

  it("calls whenPending once, at the first exposure waiting for flush; at once when one waits; never without one", async () => {
    const { strata, batches } = setup();
    const lazy = await strata.resolve(request({ cookie: `strata_id=${visitorIn("green")}` }));
    const calls: string[] = [];
    lazy.whenPending(() => calls.push("lazy"));
    expect(calls).toEqual([]);
    lazy.decision.get("button_color");
    lazy.decision.get("button_size");
    expect(calls).toEqual(["lazy"]);
    lazy.whenPending(() => calls.push("again"));
    expect(calls).toEqual(["lazy", "again"]);
    lazy.flush();
    lazy.whenPending(() => calls.push("after flush"));

    const quietRequest = await strata.resolve(request({ cookie: `strata_id=${visitorIn("green")}` }));
    quietRequest.whenPending(() => calls.push("quiet"));
    quietRequest.flush();
    quietRequest.decision.get("button_color");
    expect(calls).toEqual(["lazy", "again"]);
    expect(batches).toHaveLength(2);

    const eager = await setup({ exposure: "eager" }).strata.resolve(request({ cookie: `strata_id=${visitorIn("green")}` }));
    eager.whenPending(() => calls.push("eager"));
    expect(calls.at(-1)).toBe("eager");
  });

  it("hands the whenPending callback its target and the flush, both when it waits and when an exposure already waits", async () => {
    const { strata, batches } = setup();
    const waiting = await strata.resolve(request({ cookie: `strata_id=${visitorIn("green")}` }));
    const seen: Array<{ target: string; flush: () => void }> = [];
    waiting.whenPending((target: string, flush) => seen.push({ target, flush }), "response A");
    expect(seen).toEqual([]);
    waiting.decision.get("button_color");
    expect(seen.map((s) => s.target)).toEqual(["response A"]);
    seen[0]?.flush();
    expect(batches).toHaveLength(1);
    expect(batches[0]?.[0]?.experiment).toBe("button-color");

    const ready = await strata.resolve(request({ cookie: `strata_id=${visitorIn("green")}` }));
    ready.decision.get("button_color");
    ready.whenPending((target: number, flush) => seen.push({ target: String(target), flush }), 42);
    expect(seen.map((s) => s.target)).toEqual(["response A", "42"]);
    expect(seen[1]?.flush).toBe(ready.flush);
    seen[1]?.flush();
    ready.flush();
    expect(batches).toHaveLength(2);
  });

  it("flushes at once when the whenPending callback throws, so nothing is left waiting", async () => {
    const { strata, batches } = setup();
    const resolution = await strata.resolve(request({ cookie: `strata_id=${visitorIn("green")}` }));
    resolution.whenPending(() => {
      throw new Error("adapter bug");
    });
    expect(() => resolution.decision.get("button_color")).not.toThrow();
    expect(batches).toHaveLength(1);
  });

  it("reports every assignment at once in eager mode", async () => {
    const { strata, batches } = setup({ exposure: "eager" });
    const { decision, flush } = await strata.resolve(request({ cookie: `strata_id=${visitorIn("control")}` }));
    decision.get("button_color");
    flush();
    expect(batches[0]?.map((e) => e.experiment).sort()).toEqual(decision.assignments.map((a) => a.experiment).sort());
  });

  it("leaves out QA-forced groups unless exposeForced", async () => {
    const token = await signOverride({ secret: TEST_SECRET, forced: { "button-color": "green" } });
    for (const exposeForced of [false, true]) {
      const { strata, batches } = setup({ overrides: { secret: TEST_SECRET }, exposeForced });
      const { decision, flush } = await strata.resolve(request({ cookie: `strata_id=${visitorIn("control")}`, "strata-force": token }));
      expect(decision.get("button_color")).toBe("green");
      flush();
      expect(batches.length, `exposeForced: ${exposeForced}`).toBe(exposeForced ? 1 : 0);
    }
  });

  it("never fails the request when the sink throws or rejects; onError hears of it", async () => {
    for (const onExposure of [
      () => {
        throw new Error("sink threw");
      },
      async () => {
        throw new Error("sink rejected");
      },
    ]) {
      const onError = vi.fn();
      const strata = createStrataHttp({ config: ADAPTER_CONFIG, onExposure, onError });
      const { decision, flush } = await strata.resolve(request({ cookie: `strata_id=${visitorIn("green")}` }));
      expect(decision.get("button_color")).toBe("green");
      expect(() => flush()).not.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(onError).toHaveBeenCalledWith(expect.any(Error), "onExposure");
    }
  });
});

describe("deciding on the first read", () => {
  const cookie = (id: string) => request({ cookie: `strata_id=${id}` });

  it("runs the engine once, when the handler first reads the decision, and not at all when it never does", async () => {
    const stats = new TrialCounter();
    const strata = createStrataHttp({ config: BANDIT_CONFIG, engineOptions: { stores: { feedback: stats } }, ...quiet });
    const unread = await strata.resolve(cookie(newUnitId()));
    expect(unread.decision.units.cookieId).toMatch(/^[0-9a-f]{32}$/);
    expect(stats.trials).toBe(0);
    const read = await strata.resolve(cookie(newUnitId()));
    expect(stats.trials).toBe(0);
    const color = read.decision.get("button_color");
    expect(stats.trials).toBe(1);
    expect(read.decision.get("button_color")).toBe(color);
    expect(read.decision.assignments).toHaveLength(1);
    expect(read.decision.params.button_color).toBe(color);
    expect(stats.trials).toBe(1);
  });

  it("gives the groups the engine gives for the same units, whichever part is read first", async () => {
    const strata = createStrataHttp({ config: ADAPTER_CONFIG, ...quiet });
    for (let i = 0; i < 50; i++) {
      const id = newUnitId();
      const expected = engine.decide({ units: { cookieId: id } });
      const resolved = await strata.resolve(cookie(id));
      if (i % 3 === 0) expect(resolved.decision.get("button_color")).toBe(expected.params.button_color);
      if (i % 3 === 1) expect(resolved.decision.params).toEqual(expected.params);
      expect(groupsOf(resolved.decision.assignments)).toEqual(groupsOf(expected.assignments));
      expect(resolved.decision.errors).toEqual([]);
      expect(resolved.decision.toPersist).toEqual(expected.toPersist);
    }
  });

  it("reads the standard attributes from the headers on the first read of the decision, and targets on them then", async () => {
    const asked: string[] = [];
    const headers = new Headers({ "cf-ipcountry": "de", "user-agent": "UA", "accept-language": "de-DE" });
    const spied: StrataRequest = { url: "/", secure: false, headers: { get: (name) => (asked.push(name), headers.get(name)) } };
    const strata = createStrataHttp({ config: ADAPTER_CONFIG, countryHeader: "cf-ipcountry", ...quiet });
    const { decision } = await strata.resolve(spied);
    expect(decision.units.cookieId).toMatch(/^[0-9a-f]{32}$/);
    expect(asked).not.toContain("cf-ipcountry");
    expect(asked).not.toContain("user-agent");
    expect(groupsOf(decision.assignments)["eu-banner"]).toBe("shown");
    expect(asked).toContain("cf-ipcountry");
    expect(asked).toContain("user-agent");
    // An attributes callback gets the standard attributes during resolve.
    asked.length = 0;
    const withCallback = createStrataHttp({ config: ADAPTER_CONFIG, countryHeader: "cf-ipcountry", attributes: (_req, standard) => standard, ...quiet });
    const resolved = await withCallback.resolve(spied);
    expect(asked).toContain("cf-ipcountry");
    expect(groupsOf(resolved.decision.assignments)["eu-banner"]).toBe("shown");
  });

  it("never lets a failure while reading the standard attributes reach the handler", async () => {
    const onError = vi.fn();
    const strata = createStrataHttp({ config: ADAPTER_CONFIG, onError });
    const broken: StrataRequest = { url: "/", secure: false, headers: { get: (name) => (name === "user-agent" ? (() => { throw new Error("bad header"); })() : null) } };
    const { decision } = await strata.resolve(broken);
    expect(onError).not.toHaveBeenCalled();
    expect(decision.get("button_color")).toBeDefined();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: "bad header" }), "standard attributes");
  });

  it("keeps the cookie and the units when reading the standard attributes fails during resolve, reporting it", async () => {
    const broken: StrataRequest = { url: "/", secure: false, headers: { get: (name) => (name === "user-agent" ? (() => { throw new Error("bad header"); })() : null) } };
    const seen: unknown[] = [];
    const cases: [string, Partial<StrataHttpOptions<StrataRequest>>][] = [
      ["the debug header (decides in resolve)", { debugHeader: true }],
      ["an attributes callback", { attributes: (_req, standard) => (seen.push(standard), { plan: "pro" }) }],
    ];
    for (const [name, options] of cases) {
      const onError = vi.fn();
      const strata = createStrataHttp({ config: ADAPTER_CONFIG, ...options, onError });
      const resolved = await strata.resolve(broken);
      expect(resolved.setCookie, name).toMatch(/^strata_id=[0-9a-f]{32};/);
      expect(resolved.setCookie, name).toContain(`strata_id=${resolved.decision.units.cookieId};`);
      expect(resolved.decision.errors, name).toEqual([]);
      expect(onError, name).toHaveBeenCalledTimes(1);
      expect(onError, name).toHaveBeenCalledWith(expect.objectContaining({ message: "bad header" }), "standard attributes");
    }
    expect(seen).toEqual([{}]);
  });

  it("decides at once when something needs the assignments during resolve", async () => {
    const cases: [string, Partial<StrataHttpOptions<StrataRequest>>][] = [
      ["the debug header", { debugHeader: true }],
      ["eager exposures", { exposure: "eager", onExposure: () => undefined }],
    ];
    for (const [name, options] of cases) {
      const stats = new TrialCounter();
      const strata = createStrataHttp({ config: BANDIT_CONFIG, engineOptions: { stores: { feedback: stats } }, ...options, ...quiet });
      await strata.resolve(cookie(newUnitId()));
      expect(stats.trials, name).toBe(1);
    }
    // An engine you built may report exposures to its own sink as it decides: it decides per request.
    const stats = new TrialCounter();
    const own = createStrataHttp({ engine: createEngine(BANDIT_CONFIG, { stores: { feedback: stats } }), ...quiet });
    await own.resolve(cookie(newUnitId()));
    expect(stats.trials).toBe(1);
  });
});

describe("QA overrides and the debug header", () => {
  it("forces a group with a valid token; ignores others and explain says why", async () => {
    const strata = createStrataHttp({ config: ADAPTER_CONFIG, overrides: { secret: TEST_SECRET }, ...quiet });
    const cookie = `strata_id=${visitorIn("control")}`;
    const token = await signOverride({ secret: TEST_SECRET, forced: { "button-color": "green" } });
    const forced = await strata.resolve(request({ cookie }, `/?strata_force=${token}`));
    expect(forced.decision.get("button_color")).toBe("green");
    expect(forced.decision.assignments.find((a) => a.experiment === "button-color")?.source).toBe("forced");
    const forged = await strata.resolve(request({ cookie }, `/?strata_force=${token.slice(0, -3)}abc`));
    expect(forged.decision.get("button_color")).toBe("blue");
    const explained = forged.decision.explain();
    expect(explained.override).toMatchObject({ state: "invalid", source: "query" });
    expect(explained.notes).toContain("QA override ignored: the signature does not match");
  });

  it.each(["qa", "QA.force-1_x"])("honours a token under the parameter name %j in a link built with URLSearchParams", async (param) => {
    const strata = createStrataHttp({ config: ADAPTER_CONFIG, overrides: { secret: TEST_SECRET, param }, ...quiet });
    const token = await signOverride({ secret: TEST_SECRET, forced: { "button-color": "green" } });
    const link = new URL("https://shop.example/cart?utm_source=news%20letter");
    link.searchParams.set(param, token);
    const { decision } = await strata.resolve(request({ cookie: `strata_id=${visitorIn("control")}` }, link.pathname + link.search));
    expect(decision.override).toMatchObject({ state: "valid", source: "query" });
    expect(decision.get("button_color")).toBe("green");
  });

  it.each([
    ["returns NaN", () => Number.NaN, /the clock returned NaN, not milliseconds since 1970, so the expiry cannot be checked/],
    ["throws", () => {
      throw new Error("clock down");
    }, /the clock threw \(clock down\)/],
  ])("when the clock %s, ignores the token with the reason and decides as usual", async (_what, now, reason) => {
    const onError = vi.fn();
    const strata = createStrataHttp({ config: ADAPTER_CONFIG, overrides: { secret: TEST_SECRET }, engineOptions: { now }, onError });
    const expired = await signOverride({ secret: TEST_SECRET, forced: { "button-color": "green" }, expires: 1000 });
    for (const token of [expired, "x"]) {
      const resolved = await strata.resolve(request({}, `/?strata_force=${encodeURIComponent(token)}`));
      const cookieId = resolved.decision.units.cookieId as string;
      expect(resolved.setCookie).toContain(`strata_id=${cookieId}`);
      expect(groupsOf(resolved.decision.assignments)).toEqual(groupsOf(engine.decide({ units: { cookieId } }).assignments));
      expect(resolved.decision.override.state).toBe("invalid");
    }
    const { decision } = await strata.resolve(request({ cookie: `strata_id=${visitorIn("control")}` }, `/?strata_force=${encodeURIComponent(expired)}`));
    expect(decision.get("button_color")).toBe("blue");
    expect(decision.explain().notes).toContainEqual(expect.stringMatching(reason));
    expect(onError).not.toHaveBeenCalledWith(expect.anything(), "resolve");
  });

  it("ignores tokens when overrides are off, and explain says so", async () => {
    const strata = createStrataHttp({ config: ADAPTER_CONFIG, ...quiet });
    const token = await signOverride({ secret: TEST_SECRET, forced: { "button-color": "green" } });
    const cookie = `strata_id=${visitorIn("control")}`;
    const { decision } = await strata.resolve(request({ cookie, "strata-force": token }));
    expect(decision.get("button_color")).toBe("blue");
    expect(decision.explain().notes.join()).toMatch(/overrides are off/);
  });

  it("while overrides are off, looks for a token only when explain or the override status is read", async () => {
    const strata = createStrataHttp({ config: ADAPTER_CONFIG, ...quiet });
    const looked: string[] = [];
    const headers = new Headers({ cookie: `strata_id=${newUnitId()}` });
    const watched: StrataRequest = {
      get url() {
        looked.push("url");
        return "/?strata_force=button-color:green~1~sig";
      },
      headers: { get: (name: string) => (name === "strata-force" && looked.push("header"), headers.get(name)) },
      secure: false,
    };
    const resolution = strata.resolveNow(watched);
    const { decision } = resolution instanceof Promise ? await resolution : resolution;
    decision.get("button_color");
    expect(looked).toEqual([]);
    expect(decision.override).toMatchObject({ state: "disabled", source: "query" });
    expect(decision.explain().notes.join()).toMatch(/overrides are off/);
    expect(looked).toEqual(["header", "url"]);
  });

  it("gives the debug header only when asked", async () => {
    const id = newUnitId();
    expect((await createStrataHttp({ config: ADAPTER_CONFIG, ...quiet }).resolve(request({ cookie: `strata_id=${id}` }))).debugHeader).toBeUndefined();
    const on = await createStrataHttp({ config: ADAPTER_CONFIG, debugHeader: true, ...quiet }).resolve(request({ cookie: `strata_id=${id}` }));
    expect(on.debugHeader).toBe(on.decision.assignments.map((a) => `${a.experiment}:${a.group}`).join(","));
  });
});

describe("options", () => {
  it.each([
    [{}, /pass exactly one of options\.config .* and options\.engine/],
    [{ config: ADAPTER_CONFIG, engine }, /pass exactly one of/],
    [{ engine: {} }, /options\.engine must be an Engine from createEngine/],
    [{ engine, onExposure: () => undefined }, /options\.onExposure needs options\.config/],
    [{ engine, exposure: "eager" }, /^options\.exposure is "eager", but the engine you passed reports exposures lazily \(its own exposure option decides\): build it with createEngine\(config, \{ exposure: "eager", onExposure \}\), or pass \{ config, exposure \} instead of \{ engine \}$/],
    [{ engine: reporting, exposure: "lazy" }, /^options\.exposure is "lazy", but the engine you passed reports exposures eagerly/],
    [{ engine: reporting, overrides: { secret: TEST_SECRET } }, /^options\.overrides with options\.engine needs options\.exposeForced: true: .* Pass \{ config, engineOptions, overrides \} instead of \{ engine \} to leave them out, or set exposeForced: true to report them$/],
    [{ engine: reporting, overrides: { secret: TEST_SECRET }, exposeForced: false }, /^options\.overrides with options\.engine needs options\.exposeForced: true/],
    [{ config: ADAPTER_CONFIG, userId: "userId" }, /options\.userId must be a function/],
    [{ config: ADAPTER_CONFIG, exposure: "always" }, /options\.exposure must be "lazy" or "eager"/],
    [{ config: ADAPTER_CONFIG, countryHeader: "bad header" }, /options\.countryHeader "bad header" is not a header name/],
    [{ config: ADAPTER_CONFIG, units: { cookie: "deviceId" } }, /options\.units\.cookie is "deviceId", which is not in the config's units \(userId, cookieId\)/],
    [{ config: ADAPTER_CONFIG, units: { user: "cookieId" } }, /both "cookieId"/],
    [{ config: ADAPTER_CONFIG, cookie: { maxAge: -1 } }, /options\.cookie\.maxAge/],
    [{ config: ADAPTER_CONFIG, overrides: { secret: "x" } }, /options\.overrides\.secret must be a string of at least 32 characters, got a string of 1 character;/],
    [{ config: ADAPTER_CONFIG, overrides: null }, /^options\.overrides must be an object such as \{ secret \} \(a string of at least 32 characters\), or left out to keep QA overrides off; got null$/],
    [{ config: ADAPTER_CONFIG, overrides: { secret: TEST_SECRET, header: 123 } }, /^options\.overrides\.header must be a header name, e\.g\. "strata-force"; got 123$/],
    [{ config: ADAPTER_CONFIG, overrides: { secret: TEST_SECRET, param: "a+b" } }, /^options\.overrides\.param must be a query parameter name of letters, digits, .*; got "a\+b"$/],
    [{ config: ADAPTER_CONFIG, overrides: { secret: TEST_SECRET, param: "qa-ü" } }, /^options\.overrides\.param .*; got "qa-ü"$/],
    [{ config: ADAPTER_CONFIG, overrides: { secret: TEST_SECRET, param: "x%41" } }, /^options\.overrides\.param .*; got "x%41"$/],
  ])("refuses %# with an error naming the option and the fix", (options, message) => {
    expect(() => createStrataHttp(options as never)).toThrow(message);
  });

  it("never lets a QA-forced group's exposure reach an engine's own sink unless exposeForced: true", async () => {
    const token = await signOverride({ secret: TEST_SECRET, forced: { "button-color": "green" } });
    for (const exposeForced of [undefined, false, true]) {
      const seen: ExposureEvent[] = [];
      const own = createEngine(ADAPTER_CONFIG, { onExposure: (event) => void seen.push(event) });
      let strata: ReturnType<typeof createStrataHttp>;
      try {
        strata = createStrataHttp({ engine: own, overrides: { secret: TEST_SECRET }, ...(exposeForced === undefined ? {} : { exposeForced }), ...quiet });
      } catch (error) {
        // Refused at startup: nothing could reach the sink.
        expect(exposeForced, "only exposeForced: true is accepted").not.toBe(true);
        expect(error).toBeInstanceOf(TypeError);
        continue;
      }
      const { decision, flush } = await strata.resolve(request({ cookie: `strata_id=${visitorIn("control")}`, "strata-force": token }));
      expect(decision.get("button_color")).toBe("green");
      flush();
      expect(exposeForced, `exposeForced: ${exposeForced} reported ${seen.length} forced exposure(s)`).toBe(true);
      expect(seen.map((e) => `${e.experiment}:${e.group}`)).toEqual(["button-color:green"]);
    }
  });

  it("takes an engine's own exposure mode, and overrides with an engine that reports no exposures at all", async () => {
    expect(() => createStrataHttp({ engine, exposure: "lazy", ...quiet })).not.toThrow();
    expect(() => createStrataHttp({ engine: reporting, exposure: "eager", ...quiet })).not.toThrow();
    const token = await signOverride({ secret: TEST_SECRET, forced: { "button-color": "green" } });
    const strata = createStrataHttp({ engine, overrides: { secret: TEST_SECRET }, ...quiet });
    const { decision } = await strata.resolve(request({ cookie: `strata_id=${visitorIn("control")}`, "strata-force": token }));
    expect(decision.get("button_color")).toBe("green");
  });

  it("takes an engine without overrides whatever exposeForced says (no group is ever forced)", async () => {
    for (const exposeForced of [undefined, false, true]) {
      const strata = createStrataHttp({ engine, ...(exposeForced === undefined ? {} : { exposeForced }), ...quiet });
      expect((await strata.resolve(request())).decision.override.state).toBe("none");
    }
  });

  it("throws the engine's ConfigError for an invalid config", () => {
    expect(() => createStrataHttp({ config: { version: 1 } })).toThrow(/units/);
  });

  it("works with an engine you built, and exposes it for hot reload", async () => {
    const strata = createStrataHttp({ engine, ...quiet });
    expect(strata.engine).toBe(engine);
    expect((await strata.resolve(request())).decision.assignments.length).toBeGreaterThan(0);
  });

  it("reports errors to console.error by default", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const strata = createStrataHttp({
      config: ADAPTER_CONFIG,
      userId: () => {
        throw new Error("boom");
      },
    });
    await strata.resolve(request());
    expect(spy).toHaveBeenCalledWith("[strata] userId callback:", expect.any(Error));
    spy.mockRestore();
  });
});

describe("resolveNow (for adapters)", () => {
  it("answers synchronously when nothing on the way is asynchronous", async () => {
    const strata = createStrataHttp({ config: ADAPTER_CONFIG, userId: () => "u-1", ...quiet });
    const resolution = strata.resolveNow(request({ cookie: `strata_id=${newUnitId()}` }));
    expect(resolution).not.toBeInstanceOf(Promise);
    expect((resolution as Awaited<typeof resolution>).decision.units.userId).toBe("u-1");
  });

  it("answers with a promise for an async callback, a store or an override token", async () => {
    const token = await signOverride({ secret: TEST_SECRET, forced: { "button-color": "green" } });
    const cases = [
      createStrataHttp({ config: ADAPTER_CONFIG, userId: async () => "u-1", ...quiet }).resolveNow(request()),
      createStrataHttp({ config: ADAPTER_CONFIG, engineOptions: { stores: { assignments: new MemoryAssignmentStore() } }, ...quiet }).resolveNow(request()),
      createStrataHttp({ config: ADAPTER_CONFIG, overrides: { secret: TEST_SECRET }, ...quiet }).resolveNow(request({ "strata-force": token })),
    ];
    for (const resolution of cases) {
      expect(resolution).toBeInstanceOf(Promise);
      expect((await resolution).decision.assignments.length).toBeGreaterThan(0);
    }
  });

  it("never throws: a failure inside gives defaults and goes to onError", async () => {
    const onError = vi.fn();
    const strata = createStrataHttp({ config: ADAPTER_CONFIG, onError });
    const hostile = { url: "/", secure: false, headers: { get: () => { throw new Error("headers exploded"); } } };
    const resolution = strata.resolveNow(hostile);
    expect((resolution as Awaited<typeof resolution>).decision.params).toEqual(createEngine(ADAPTER_CONFIG).decide({ units: {} }).params);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: "headers exploded" }), "resolve");
  });
});

describe("a second Strata middleware on the same request", () => {
  const sync = <T>(value: T | Promise<T>): T => {
    if (value instanceof Promise) throw new Error("expected a synchronous resolution");
    return value;
  };

  it("keeps the id an earlier one gave a new visitor, and sets no second cookie", () => {
    const first = createStrataHttp({ config: ADAPTER_CONFIG, ...quiet });
    const second = createStrataHttp({ config: ADAPTER_CONFIG, ...quiet });
    const locals: { strata?: unknown } = {};
    const earlier = sync(first.resolveNow(request(), undefined, locals));
    expect(earlier.setCookie).toMatch(/^strata_id=[0-9a-f]{32};/);
    locals.strata = earlier.decision;
    for (const core of [first, second]) {
      const again = sync(core.resolveNow(request(), undefined, locals));
      expect(again.setCookie).toBeUndefined();
      expect(again.decision.units).toEqual(earlier.decision.units);
      expect(again.decision.assignments).toEqual(earlier.decision.assignments);
      expect(again.decision.explain().notes[0]).toMatch(/^no strata_id cookie: a new cookieId was set/);
    }
  });

  it("passes the kept id on: a third middleware keeps it too", () => {
    const core = createStrataHttp({ config: ADAPTER_CONFIG, ...quiet });
    const locals: { strata?: unknown } = {};
    const first = sync(core.resolveNow(request(), undefined, locals));
    locals.strata = first.decision;
    const second = sync(core.resolveNow(request(), undefined, locals));
    locals.strata = second.decision;
    expect(sync(core.resolveNow(request(), undefined, locals)).decision.units).toEqual(first.decision.units);
  });

  it("gives a new id when the earlier one used another cookie name, left no decision, or the visitor had a valid cookie", () => {
    const other = createStrataHttp({ config: ADAPTER_CONFIG, cookie: { name: "other_id" }, ...quiet });
    const core = createStrataHttp({ config: ADAPTER_CONFIG, ...quiet });
    const byOther = sync(other.resolveNow(request()));
    const returning = sync(core.resolveNow(request({ cookie: `strata_id=${newUnitId()}` })));
    for (const strata of [byOther.decision, returning.decision, "not a decision", undefined]) {
      const resolved = sync(core.resolveNow(request(), undefined, { strata }));
      expect(resolved.setCookie).toMatch(/^strata_id=[0-9a-f]{32};/);
      expect(resolved.decision.units.cookieId).not.toBe(byOther.decision.units.cookieId);
      expect(resolved.decision.units.cookieId).not.toBe(returning.decision.units.cookieId);
    }
  });

  it("replaces an invalid cookie with the id the earlier middleware gave", () => {
    const core = createStrataHttp({ config: ADAPTER_CONFIG, ...quiet });
    const bad = request({ cookie: "strata_id=bad;value" });
    const first = sync(core.resolveNow(bad, undefined, {}));
    expect(first.setCookie).toBeDefined();
    const second = sync(core.resolveNow(bad, undefined, { strata: first.decision }));
    expect(second.setCookie).toBeUndefined();
    expect(second.decision.units.cookieId).toBe(first.decision.units.cookieId);
  });
});
