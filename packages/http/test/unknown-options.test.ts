import { createEngine, MemoryAssignmentStore } from "@strata/engine";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createStrataHttp, OverrideVerifier, resolveCookie, type ExposureEvent } from "../src/index.ts";
import { STRATA_HTTP_OPTION_NAMES } from "../src/options.ts";
import { ADAPTER_CONFIG, TEST_SECRET } from "./support/adapter-fixture.ts";

const config = ADAPTER_CONFIG;
const quiet = { onError: () => undefined };

/** The TypeError `make` throws (fails the test when it throws nothing or something else). */
function refusal(make: () => unknown): string {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return (error as Error).message;
  }
  throw new Error("accepted");
}

const refused = (options: unknown) => refusal(() => createStrataHttp(options as never));

describe("createStrataHttp refuses options it does not read", () => {
  it("refuses a misspelt onExposure instead of dropping every exposure without a word", () => {
    const seen: ExposureEvent[] = [];
    const options = { config, onexposure: (events: ExposureEvent[]) => seen.push(...events), userId: () => "u-2" };
    expect(refused(options)).toMatch(/^options\.onexposure is not an option of createStrataHttp — did you mean onExposure\? \(the known ones are config, engineOptions, engine, /);
  });

  it.each([
    [{ config, cookies: { name: "sid" } }, /^options\.cookies is not an option of createStrataHttp — did you mean cookie\?/],
    [{ config, debugheader: true }, /^options\.debugheader is not an option .* did you mean debugHeader\?/],
    [{ config, exposure_: "eager" }, /^options\.exposure_ is not an option .* did you mean exposure\?/],
    [{ config, store: new MemoryAssignmentStore() }, /^options\.store is not an option of createStrataHttp; remove it \(the known ones are /],
    [{ config, cookie: { maxage: 60 } }, /^options\.cookie\.maxage is not a cookie option — did you mean maxAge\? \(the known ones are name, maxAge, path, domain, sameSite, secure\)$/],
    [{ config, cookie: { httpOnly: false } }, /^options\.cookie\.httpOnly is not a cookie option; remove it \(the known ones are name, maxAge, /],
    [{ config, overrides: { secret: TEST_SECRET, headers: "x-qa" } }, /^options\.overrides\.headers is not an override option — did you mean header\? \(the known ones are secret, param, header\)$/],
    [{ config, units: { users: "userId" } }, /^options\.units\.users is not a unit option — did you mean user\? \(the known ones are user, cookie\)$/],
    [{ config, engineOptions: { store: { assignments: new MemoryAssignmentStore() } } }, /^options\.engineOptions\.store is not an option of createEngine — did you mean stores\?/],
    [{ config, engineOptions: { stores: { assignment: new MemoryAssignmentStore() } } }, /^options\.engineOptions\.stores\.assignment is not a store createEngine reads — did you mean assignments\?/],
  ])("refuses %# naming the key and the fix", (options, message) => {
    expect(refused(options)).toMatch(message);
  });

  it("refuses any key that is not an option, naming it (fast-check)", () => {
    const known: readonly string[] = [...STRATA_HTTP_OPTION_NAMES, "trustProxy"];
    fc.assert(
      fc.property(
        fc.string({ maxLength: 20 }).filter((key) => !known.includes(key) && key !== "__proto__"),
        (key) => {
          const message = refused({ config, [key]: true });
          expect(message.startsWith(`options.${key} is not`) || message.startsWith(`options[${JSON.stringify(key)}] is not`)).toBe(true);
        },
      ),
    );
  });

  it("accepts trustProxy, which withStrata (@strata/deno) reads from the same options", () => {
    expect(createStrataHttp({ config, trustProxy: true, ...quiet } as never).cookieName).toBe("strata_id");
  });
});

describe("createStrataHttp checks the values it did not check", () => {
  const engine = createEngine(config);
  it.each([
    [{ config, units: "userId" }, /^options\.units must be an object such as \{ user: "userId", cookie: "cookieId" \}, or left out for those defaults$/],
    [{ config, cookie: "sid" }, /^options\.cookie must be an object such as \{ name: "strata_id", maxAge: 31536000 \}, or left out for the defaults; got a string$/],
    [{ config, debugHeader: "yes" }, /^options\.debugHeader must be true or false \(default false\), got "yes"$/],
    [{ config, exposeForced: 1 }, /^options\.exposeForced must be true or false \(default false\), got a number$/],
    [{ config, trustProxy: "true" }, /^options\.trustProxy must be true or false \(default false\), got "true"$/],
    [{ config, engineOptions: { now: 5 } }, /^options\.engineOptions\.now must be a function/],
    [{ config, engineOptions: "memory" }, /^options\.engineOptions must be an object/],
    [{ config, engineOptions: { onExposure: () => undefined } }, /^options\.engineOptions\.onExposure is set by createStrataHttp: pass it as options\.onExposure instead$/],
    [{ config, engineOptions: { exposure: "eager" } }, /^options\.engineOptions\.exposure is set by createStrataHttp: pass it as options\.exposure instead$/],
    [{ config, engineOptions: { onError: () => undefined } }, /^options\.engineOptions\.onError is set by createStrataHttp: pass it as options\.onError instead$/],
    [{ engine, engineOptions: { now: () => 0 } }, /^options\.engineOptions is used only with options\.config; an engine you build takes its options from createEngine\(config, options\)/],
  ])("refuses %# with an error naming the option and the fix", (options, message) => {
    expect(refused(options)).toMatch(message);
  });

  it("still takes every documented option", async () => {
    const events: ExposureEvent[] = [];
    const strata = createStrataHttp({
      config,
      engineOptions: { stores: { assignments: new MemoryAssignmentStore() }, now: () => 1000, segmenters: [], random: Math.random },
      userId: () => "u-1",
      attributes: (_request, standard) => standard,
      countryHeader: "cf-ipcountry",
      units: { user: "userId", cookie: "cookieId" },
      cookie: { name: "sid", maxAge: 60, path: "/", sameSite: "Strict", secure: true },
      overrides: { secret: TEST_SECRET, param: "qa", header: "x-qa" },
      onExposure: (batch) => void events.push(...batch),
      exposure: "eager",
      exposeForced: false,
      debugHeader: true,
      ...quiet,
    });
    const resolution = await strata.resolve({ url: "/", headers: new Headers(), secure: true });
    resolution.flush();
    expect(resolution.setCookie).toMatch(/^sid=/);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((event) => event.at === 1000)).toBe(true);
  });
});

describe("the cookie and override options on their own", () => {
  it("resolveCookie refuses unknown keys and non-objects", () => {
    expect(refusal(() => resolveCookie({ Secure: true } as never))).toBe("cookie.Secure is not a cookie option — did you mean secure? (the known ones are name, maxAge, path, domain, sameSite, secure)");
    expect(refusal(() => resolveCookie(null as never))).toMatch(/^cookie must be an object such as .*; got null$/);
  });

  it("OverrideVerifier refuses unknown keys", () => {
    expect(refusal(() => new OverrideVerifier({ secret: TEST_SECRET, params: "qa" } as never))).toMatch(/^overrides\.params is not an override option — did you mean param\?/);
  });
});
