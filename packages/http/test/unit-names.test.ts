import { createEngine, type Units } from "@strata/engine";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createStrataHttp, newUnitId, type StrataHttpOptions, type StrataRequest } from "../src/index.ts";
import { ADAPTER_CONFIG } from "./support/adapter-fixture.ts";

const quiet = { onError: () => undefined };
const request = (headers: Record<string, string> = {}): StrataRequest => ({ url: "/", headers: new Headers(headers), secure: false });
const groupsOf = (assignments: readonly { experiment: string; group: string }[]) => Object.fromEntries(assignments.map((a) => [a.experiment, a.group]));

/** ADAPTER_CONFIG with every experiment diverted by `unit` and `unit` its only unit type. */
function configWithOnly(unit: string): unknown {
  const config = JSON.parse(JSON.stringify(ADAPTER_CONFIG).replaceAll('"userId"', `"${unit}"`).replaceAll('"cookieId"', `"${unit}"`)) as { units: string[] };
  return { ...config, units: [unit] };
}

const COOKIE_ONLY = configWithOnly("cookieId");
const USER_ONLY = configWithOnly("userId");

/** The TypeError message createStrataHttp throws for `options`, or undefined when it accepts them. */
function refusal(options: StrataHttpOptions<StrataRequest>): string | undefined {
  try {
    createStrataHttp(options);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return (error as Error).message;
  }
}

describe("unit names: a config with one unit type", () => {
  it("serves a cookie-only config (anonymous-only site): sets the cookie and decides on it as the engine does", async () => {
    const strata = createStrataHttp({ config: COOKIE_ONLY, ...quiet });
    const fresh = await strata.resolve(request());
    expect(fresh.setCookie).toMatch(/^strata_id=[0-9a-f]{32};/);
    const cookieId = fresh.decision.units.cookieId as string;
    expect(fresh.decision.units).toEqual({ cookieId });
    const engine = createEngine(COOKIE_ONLY);
    for (const id of [cookieId, newUnitId(), newUnitId()]) {
      const { decision } = await strata.resolve(request({ cookie: `strata_id=${id}` }));
      expect(decision.assignments.length).toBeGreaterThan(0);
      expect(groupsOf(decision.assignments)).toEqual(groupsOf(engine.decide({ units: { cookieId: id } }).assignments));
    }
  });

  it("serves a user-only config with a userId callback, deciding on the user id; the cookie is still set, but decides nothing", async () => {
    const strata = createStrataHttp({ config: USER_ONLY, userId: () => "u-42", ...quiet });
    const { decision, setCookie } = await strata.resolve(request());
    expect(setCookie).toMatch(/^strata_id=[0-9a-f]{32};/);
    expect(decision.units.userId).toBe("u-42");
    expect(decision.assignments.length).toBeGreaterThan(0);
    expect(decision.assignments).toEqual(createEngine(USER_ONLY).decide({ units: { userId: "u-42" } }).assignments);
  });

  it("refuses a userId callback when the config has no user unit, naming options.userId; each fix it gives works", () => {
    const message = refusal({ config: COOKIE_ONLY, userId: () => "u-1" });
    expect(message).toMatch(/^options\.userId is given, but the config's units \(cookieId\) have no "userId" for its ids: set options\.units\.user .*, add "userId" to the config's units, or remove options\.userId$/);
    expect(refusal({ config: { ...(COOKIE_ONLY as object), units: ["cookieId", "userId"] }, userId: () => "u-1" })).toBeUndefined();
    expect(refusal({ config: { ...(COOKIE_ONLY as object), units: ["cookieId", "accountId"] }, units: { user: "accountId" }, userId: () => "u-1" })).toBeUndefined();
    expect(refusal({ config: COOKIE_ONLY })).toBeUndefined();
  });

  it("refuses a config with neither default unit unless options.units names one of its units, as the message says", async () => {
    const deviceOnly = configWithOnly("deviceId");
    expect(refusal({ config: deviceOnly })).toMatch(/^the config's units \(deviceId\) include neither "userId" nor "cookieId", so every request would get the defaults: set options\.units\.cookie .* or options\.units\.user .* to one of them$/);
    const strata = createStrataHttp({ config: deviceOnly, units: { cookie: "deviceId" }, ...quiet });
    const id = newUnitId();
    const { decision } = await strata.resolve(request({ cookie: `strata_id=${id}` }));
    expect(decision.units).toEqual({ deviceId: id });
    expect(decision.assignments).toEqual(createEngine(deviceOnly).decide({ units: { deviceId: id } }).assignments);
  });

  it("still checks the names you pass against the config", () => {
    expect(refusal({ config: COOKIE_ONLY, units: { cookie: "visitorId" } })).toMatch(/^options\.units\.cookie is "visitorId", which is not in the config's units \(cookieId\); set options\.units\.cookie to one of them$/);
    expect(refusal({ config: USER_ONLY, units: { user: "accountId" } })).toMatch(/^options\.units\.user is "accountId", which is not in the config's units \(userId\)/);
  });

  it("accepts any config units that hold a unit the core fills, and then decides exactly as the engine does", async () => {
    const unitTypes = fc.uniqueArray(fc.constantFrom<string>("userId", "cookieId", "deviceId"), { minLength: 1, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(unitTypes, fc.boolean(), fc.boolean(), async (units, withUserId, signedIn) => {
        // Only the listed unit types are in the config: an experiment diverted by another one is diverted by the first listed.
        const text = JSON.stringify(ADAPTER_CONFIG).replace(/"unit":"(userId|cookieId)"/g, (all, unit: string) => (units.includes(unit) ? all : `"unit":"${units[0]}"`));
        const config = { ...(JSON.parse(text) as object), units };
        const options = { config, ...(withUserId ? { userId: () => (signedIn ? "u-7" : undefined) } : {}), ...quiet };
        const message = refusal(options);
        const hasUser = units.includes("userId");
        const hasCookie = units.includes("cookieId");
        if ((withUserId && !hasUser) || (!hasUser && !hasCookie)) {
          expect(message).toMatch(/options\.(userId|units\.cookie)/);
          return;
        }
        expect(message).toBeUndefined();
        const id = newUnitId();
        const { decision, setCookie } = await createStrataHttp(options).resolve(request({ cookie: `strata_id=${id}` }));
        expect(setCookie).toBeUndefined();
        const expected: Record<string, string> = {};
        if (withUserId && signedIn) expected.userId = "u-7";
        expected.cookieId = id;
        expect(decision.units).toEqual(expected);
        const engineUnits: Units = Object.fromEntries(Object.entries(expected).filter(([type]) => units.includes(type)));
        expect(decision.assignments).toEqual(createEngine(config).decide({ units: engineUnits }).assignments);
      }),
      { numRuns: 60 },
    );
  });
});
