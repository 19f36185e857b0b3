/**
 * The shared suite every HTTP adapter passes against a real server on loopback (Express 5 and
 * 4, Deno, Bun): cookie, stickiness, split, signed overrides, hostile cookies, concurrency.
 * The server implements the routes described in adapter-fixture.ts.
 */
import { connect } from "node:net";
import { createEngine } from "@strata/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newUnitId, signOverride } from "../../src/index.ts";
import { ADAPTER_CONFIG, TEST_SECRET, type DecideBody } from "./adapter-fixture.ts";
import { chiSquare, tally } from "./chi-square.ts";

/** A running test server. */
export interface AdapterServer {
  /** e.g. `http://127.0.0.1:43121` */
  readonly baseUrl: string;
  /** Stops the server. */
  close(): Promise<void>;
}

const COOKIE = /^strata_id=([0-9a-f]{32}); Max-Age=31536000; Path=\/; HttpOnly; SameSite=Lax$/;
const engine = createEngine(ADAPTER_CONFIG);

/** The groups the engine gives these units (what every server must answer). */
function expectedGroups(units: Record<string, string>, attributes: Record<string, unknown> = {}): Record<string, string> {
  const groups: Record<string, string> = {};
  for (const a of engine.decide({ units, attributes }).assignments) groups[a.experiment] = a.group;
  return groups;
}

/** True when the group overrides a parameter (reading it then reports an exposure). */
function setsParams(experiment: string, group: string): boolean {
  for (const layer of ADAPTER_CONFIG.domain.layers) {
    for (const slot of layer.slots) {
      if (slot.experiment.id !== experiment) continue;
      const found = (slot.experiment.groups as ReadonlyArray<{ id: string; params?: object }>).find((g) => g.id === group);
      return found?.params !== undefined;
    }
  }
  return false;
}

/** A cookie id whose natural `button-color` group is `group`. */
function visitorIn(group: string): string {
  for (;;) {
    const id = newUnitId();
    if (expectedGroups({ cookieId: id })["button-color"] === group) return id;
  }
}

/** Sends a raw HTTP/1.1 request (bytes as given, CR and LF included) and resolves with the raw response head. */
function rawRequest(baseUrl: string, head: string): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => socket.write(head));
    let data = "";
    socket.setEncoding("latin1");
    socket.setTimeout(5000, () => socket.destroy(new Error("raw request timed out")));
    socket.on("data", (chunk: string) => {
      data += chunk;
      if (data.includes("\r\n\r\n")) socket.end();
    });
    socket.on("end", () => resolve(data));
    socket.on("close", () => resolve(data));
    socket.on("error", (error) => (data ? resolve(data) : reject(error)));
  });
}

/** Runs `tasks` with at most `width` in flight. */
async function inBatches<T>(count: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

/** Registers the adapter suite; `start` starts a fresh server (once for the suite). */
export function describeAdapter(name: string, start: () => Promise<AdapterServer>): void {
  describe(`${name}: real server on loopback`, () => {
    let server: AdapterServer;
    const url = (path: string) => `${server.baseUrl}${path}`;
    const decide = async (headers: Record<string, string> = {}, path = "/decide"): Promise<{ body: DecideBody; setCookie: string[]; response: Response }> => {
      const response = await fetch(url(path), { headers });
      expect(response.status).toBe(200);
      return { body: (await response.json()) as DecideBody, setCookie: response.headers.getSetCookie(), response };
    };

    beforeAll(async () => {
      server = await start();
    }, 60_000);
    afterAll(async () => {
      await server?.close();
    });

    it("sets a 128-bit HttpOnly, SameSite=Lax, Path=/, one-year cookie on the first visit", async () => {
      const { body, setCookie } = await decide();
      expect(setCookie).toHaveLength(1);
      const match = COOKIE.exec(setCookie[0] as string);
      expect(match, setCookie[0]).not.toBeNull();
      expect(body.units).toEqual({ cookieId: match?.[1] });
      expect(body.groups).toEqual(expectedGroups({ cookieId: match?.[1] as string }));
    });

    it("adds Secure when the request is HTTPS (X-Forwarded-Proto from a trusted proxy)", async () => {
      const { setCookie } = await decide({ "x-forwarded-proto": "https" });
      expect(setCookie[0]).toMatch(/; Secure$/);
    });

    it("gives later visits with the cookie the same groups and no new cookie", async () => {
      const first = await decide({ "x-user-id": "user-7" });
      const id = COOKIE.exec(first.setCookie[0] as string)?.[1] as string;
      for (let i = 0; i < 5; i++) {
        const again = await decide({ cookie: `other=1; strata_id=${id}`, "x-user-id": "user-7" });
        expect(again.setCookie).toEqual([]);
        expect(again.body.groups).toEqual(first.body.groups);
        expect(again.body.params).toEqual(first.body.params);
      }
      expect(first.body.groups).toEqual(expectedGroups({ userId: "user-7", cookieId: id }));
    });

    it("splits 2,000 distinct visitors within chi-square tolerance", async () => {
      // Fixed visitor ids (valid unit cookies), so the split is the same on every run: with fresh
      // random cookies each of these checks would fail one run in a thousand by chance.
      const ids = Array.from({ length: 2000 }, (_, i) => `visitor${String(i).padStart(12, "0")}`);
      const bodies = await inBatches(2000, 50, async (i) => (await decide({ cookie: `strata_id=${ids[i]}` })).body);
      expect(bodies.map((b) => b.units.cookieId)).toEqual(ids);
      const color = chiSquare(tally(bodies.map((b) => b.groups["button-color"] as string)), { control: 0.5, green: 0.5 });
      const size = chiSquare(tally(bodies.map((b) => b.groups["button-size"] as string)), { small: 0.25, medium: 0.25, large: 0.5 });
      expect(color.passes, `button-color chi-square ${color.statistic}`).toBe(true);
      expect(size.passes, `button-size chi-square ${size.statistic}`).toBe(true);
    }, 60_000);

    it("targets with the country header and the user id callback", async () => {
      const id = newUnitId();
      const de = await decide({ cookie: `strata_id=${id}`, "x-country": "de", "x-user-id": "u-1" });
      expect(de.body.groups["eu-banner"]).toBe("shown");
      expect(de.body.groups).toEqual(expectedGroups({ userId: "u-1", cookieId: id }, { country: "DE" }));
      const us = await decide({ cookie: `strata_id=${id}`, "x-country": "US" });
      expect(us.body.groups["eu-banner"]).toBeUndefined();
      expect(us.body.groups["new-checkout"]).toBeUndefined();
    });

    describe("QA overrides", () => {
      const control = visitorIn("control");
      const cookie = `strata_id=${control}`;
      const forced = { "button-color": "green" };

      it("a valid signature forces the group, by query parameter or by header", async () => {
        const token = await signOverride({ secret: TEST_SECRET, forced });
        const byQuery = await decide({ cookie }, `/decide?strata_force=${encodeURIComponent(token)}`);
        expect(byQuery.body.override).toBe("valid");
        expect(byQuery.body.groups["button-color"]).toBe("green");
        expect(byQuery.body.params.button_color).toBe("green");
        const byHeader = await decide({ cookie, "strata-force": token });
        expect(byHeader.body.groups["button-color"]).toBe("green");
      });

      it("a valid signature forces the group for visitors whose bucket is outside the experiment's slot", async () => {
        // promo covers a tenth of its layer's buckets: most visitors never reach it by themselves.
        const outside = Array.from({ length: 40 }, () => newUnitId()).filter((id) => expectedGroups({ cookieId: id }).promo === undefined);
        expect(outside.length).toBeGreaterThan(20);
        const token = await signOverride({ secret: TEST_SECRET, forced: { promo: "on" } });
        for (const id of outside.slice(0, 20)) {
          const { body } = await decide({ cookie: `strata_id=${id}` }, `/decide?strata_force=${encodeURIComponent(token)}`);
          expect(body.override).toBe("valid");
          expect(body.groups.promo).toBe("on");
          expect(body.params.promo).toBe("on");
          expect(body.groups["button-color"]).toBe(expectedGroups({ cookieId: id })["button-color"]);
        }
      });

      it("a forged, missing, tampered or expired signature forces nothing, and explain says why", async () => {
        const forged = await signOverride({ secret: "another-secret-that-is-long-enough-0000", forced });
        const valid = await signOverride({ secret: TEST_SECRET, forced: { "button-color": "control" } });
        const tampered = valid.replace("button-color:control", "button-color:green");
        const expired = await signOverride({ secret: TEST_SECRET, forced, expires: Math.floor(Date.now() / 1000) - 60 });
        const cases = { forged, missing: "button-color:green", tampered, expired, garbage: "~~~" };
        for (const [what, token] of Object.entries(cases)) {
          const { body } = await decide({ cookie }, `/decide?strata_force=${encodeURIComponent(token)}`);
          expect(body.override, what).toBe("invalid");
          expect(body.groups["button-color"], what).toBe("control");
          const explained = (await (await fetch(url(`/explain?strata_force=${encodeURIComponent(token)}`), { headers: { cookie } })).json()) as {
            notes: string[];
            override: { state: string; reason: string };
          };
          expect(explained.override.state, what).toBe("invalid");
          expect(explained.notes.join("\n"), what).toMatch(/QA override ignored/);
        }
      });
    });

    describe("hostile cookies are replaced, never echoed", () => {
      const harmless = (head: string, marker: string) => {
        const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1]);
        expect(head.toLowerCase()).not.toContain(marker.toLowerCase());
        if (status !== 200) return expect(status, head.slice(0, 200)).toBeGreaterThanOrEqual(400);
        // Served: a cookie is only ever ours, freshly made (a bare LF ends the header line, so a valid prefix may be kept).
        for (const line of head.split("\r\n").filter((l) => /^set-cookie:/i.test(l))) expect(line.slice(12)).toMatch(COOKIE);
      };

      it("percent-encoded CRLF, quotes, ';' and spaces get a fresh id", async () => {
        for (const value of ["%0D%0ASet-Cookie:%20evil=1", '"abcdefabcdefabcdef; Domain=evil.example"', "abcdefabcdef abcdefabcdef", "abcdefabcdefabcdef\\r\\nevil"]) {
          const { body, setCookie } = await decide({ cookie: `strata_id=${value}` });
          expect(setCookie, value).toHaveLength(1);
          expect(setCookie[0], value).toMatch(COOKIE);
          expect(setCookie[0], value).not.toContain("evil");
          expect(body.units.cookieId).toMatch(/^[0-9a-f]{32}$/);
        }
      });

      it("raw CR/LF in the Cookie header is either refused by the server or replaced", async () => {
        const { host } = new URL(server.baseUrl);
        for (const injected of ["abcdefabcdefabcdef\rSet-Cookie: evilcookie=1", "abcdefabcdefabcdef\r\nX-Evil: evilheader"]) {
          const head = await rawRequest(server.baseUrl, `GET /decide HTTP/1.1\r\nHost: ${host}\r\nCookie: strata_id=${injected}\r\nConnection: close\r\n\r\n`);
          expect(head).toMatch(/^HTTP\/1\.[01] \d{3}/);
          harmless(head, "evil");
        }
      });

      it("an oversized cookie gets a fresh short id", async () => {
        const { body, setCookie } = await decide({ cookie: `strata_id=${"a".repeat(4000)}` });
        expect(setCookie[0]).toMatch(COOKIE);
        expect(body.units.cookieId).toHaveLength(32);
      });
    });

    it("answers 500 concurrent requests each with its own decision and its own exposures", async () => {
      const visitors = Array.from({ length: 500 }, (_, i) => ({ cookieId: newUnitId(), userId: `concurrent-${i}` }));
      const bodies = await Promise.all(
        visitors.map(async (v) => (await decide({ cookie: `strata_id=${v.cookieId}`, "x-user-id": v.userId, "x-country": "FR" })).body),
      );
      bodies.forEach((body, i) => {
        const v = visitors[i] as { cookieId: string; userId: string };
        expect(body.units).toEqual(v);
        expect(body.groups).toEqual(expectedGroups(v, { country: "FR" }));
      });
      // Exposures are flushed after each response; give the last flushes a moment.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const exposures = (await (await fetch(url("/exposures"))).json()) as Array<{ unit: string; experiment: string; group: string }>;
      visitors.forEach((v, i) => {
        const groups = (bodies[i] as DecideBody).groups;
        const mine = exposures.filter((e) => e.unit === v.cookieId || e.unit === v.userId);
        // Each exposure is this visitor's own group, once per experiment ...
        for (const e of mine) expect(e.group, `visitor ${i}, ${e.experiment}`).toBe(groups[e.experiment]);
        expect(new Set(mine.map((e) => e.experiment)).size).toBe(mine.length);
        // ... and every group that set a parameter the handler read was reported.
        for (const [experiment, group] of Object.entries(groups)) {
          if (setsParams(experiment, group)) expect(mine.some((e) => e.experiment === experiment), `visitor ${i}, ${experiment}`).toBe(true);
        }
      });
    }, 60_000);

    it("goes on with the cookie's groups when the userId callback throws, and reports it", async () => {
      const id = newUnitId();
      const { body } = await decide({ cookie: `strata_id=${id}`, "x-user-id": "throw" });
      expect(body.units).toEqual({ cookieId: id });
      expect(body.groups).toEqual(expectedGroups({ cookieId: id }));
      const errors = (await (await fetch(url("/errors"))).json()) as string[];
      expect(errors).toContain("userId callback");
    });

    it("sends the Strata-Assignments debug header (on in the test servers)", async () => {
      const id = newUnitId();
      const { response } = await decide({ cookie: `strata_id=${id}` });
      const expected = Object.entries(expectedGroups({ cookieId: id })).map(([e, g]) => `${e}:${g}`).join(",");
      expect(response.headers.get("strata-assignments")).toBe(expected);
    });

    it("adds the cookie to a redirect", async () => {
      const response = await fetch(url("/redirect"), { redirect: "manual" });
      expect(response.status).toBe(302);
      expect(response.headers.getSetCookie()[0]).toMatch(COOKIE);
    });
  });
}
