/**
 * Two demo shops on one real Redis that answers reads but refuses writes for a while
 * (`min-replicas-to-write` without replicas: every write gets `NOREPLICAS`, as during a failover's
 * write pause). A buy is never answered "never shown" by the server that showed the headline, nor
 * "could not be read" when it was a write that failed, and it counts once writes are back.
 * @module
 */
import { createHash } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRedisStores, RedisConnection, type RedisStores } from "@strata/redis";
import { expect, it, vi } from "vitest";
import { describeWithRedis, RedisServer } from "../../../packages/redis/test/support/redis-server.ts";
import { BANDIT, createDemoApp } from "../src/demo-app.ts";

/** A demo shop on `stores`, listening on loopback; `base` is its URL. */
async function shop(stores: RedisStores): Promise<{ base: string; server: Server }> {
  const { app } = createDemoApp({ onExposure: () => undefined, stores: { assignments: stores.assignments, feedback: stores.feedback } });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** A JSON buy by the visitor with `cookie`. */
async function buy(base: string, cookie: string): Promise<{ ok: boolean; reason?: string }> {
  return (await (await fetch(`${base}/buy`, { method: "POST", headers: { cookie, accept: "application/json" } })).json()) as { ok: boolean; reason?: string };
}

describeWithRedis("the demo shop on two servers while Redis refuses writes", () => {
  it("tells a buyer to retry instead of blaming them, and counts the buy once writes are back", { timeout: 30_000 }, async () => {
    const redis = await RedisServer.start();
    const control = new RedisConnection({ url: redis.url });
    const stores = [createRedisStores({ url: redis.url, onError: () => undefined }), createRedisStores({ url: redis.url, onError: () => undefined })] as const;
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const shops: Array<{ base: string; server: Server }> = [];
    try {
      for (const s of stores) expect(await s.ready(5000)).toBe(true);
      expect(await control.ready(5000)).toBe(true);
      const a = await shop(stores[0]);
      const b = await shop(stores[1]);
      shops.push(a, b);
      // Visitors in the bandit's buckets (which visitors they are depends on the hash alone).
      const probe = createDemoApp({ onExposure: () => undefined }).engine;
      const [returning, newcomer] = Array.from({ length: 200 }, (_, i) => createHash("md5").update(`pause-${i}`).digest("hex"))
        .filter((cookieId) => probe.decide({ units: { cookieId } }).assignments.some((x) => x.experiment === BANDIT))
        .map((id) => `strata_id=${id}`);
      // Before the pause, the returning visitor's headline is drawn and stored (an API call shows it to nobody).
      await (await fetch(`${a.base}/api/decision`, { headers: { cookie: returning as string } })).text();

      await control.run([["CONFIG", "SET", "min-replicas-to-write", "1"]], "test");
      try {
        // The shop page shows the stored headline; the record that it did is refused.
        expect((await fetch(`${a.base}/`, { headers: { cookie: returning as string } })).status).toBe(200);
        const here = await buy(a.base, returning as string);
        expect(here.ok).toBe(false);
        expect(here.reason).toContain(`not counted yet: the shop page showed this visitor a "${BANDIT}" headline, but the assignment store refused the record of it`);
        expect(here.reason).toContain("NOREPLICAS");
        expect(here.reason).toContain("retry the buy once the store takes writes again");
        // The other server cannot know; it says what the store shows, and when to retry.
        const there = await buy(b.base, returning as string);
        expect(there.ok).toBe(false);
        expect(there.reason).toContain("never showed this visitor");
        expect(there.reason).toContain("on record within seconds once the store takes writes again");
        const clickedThere = await fetch(`${b.base}/buy`, { method: "POST", headers: { cookie: returning as string }, redirect: "manual" });
        expect(clickedThere.headers.get("location")).toBe("/?bought=unseen");
        // The shop's own Buy button (a form post) lands on a page that says to buy again, not that the buy cannot count.
        const clicked = await fetch(`${a.base}/buy`, { method: "POST", headers: { cookie: returning as string }, redirect: "manual" });
        expect(clicked.headers.get("location")).toBe("/?bought=retry");
        expect(await (await fetch(`${a.base}/?bought=retry`, { headers: { cookie: returning as string } })).text()).toContain("Please buy again in a moment");

        // A new visitor's headline cannot be saved: they are left out, and told that the save failed, not the read.
        const left = await buy(a.base, newcomer as string);
        expect(left.ok).toBe(false);
        expect(left.reason).toContain("the assignment store refused to save this visitor's headline (new sticky assignments not saved");
        expect(left.reason).not.toContain("could not be read");
        const explained = (await (await fetch(`${a.base}/explain`, { headers: { cookie: newcomer as string, accept: "application/json" } })).json()) as {
          layers: Array<{ experiments: Array<{ experiment: string; outcome: string; reason: string }> }>;
        };
        const bandit = explained.layers.flatMap((l) => l.experiments).find((e) => e.experiment === BANDIT);
        expect(bandit?.outcome).toBe("store-unavailable");
        expect(bandit?.reason).toMatch(/^sticky, this request's save of new sticky assignments failed/);
      } finally {
        await control.run([["CONFIG", "SET", "min-replicas-to-write", "0"]], "test");
      }
      // Writes are back: the server that showed the page writes the refused record again within
      // seconds, with no request of its own, and the buy on the other server counts, once.
      let after = await buy(b.base, returning as string);
      for (let waited = 0; !after.ok && waited < 15_000; waited += 250) {
        expect(after.reason).toContain("never showed this visitor");
        await new Promise((resolve) => setTimeout(resolve, 250));
        after = await buy(b.base, returning as string);
      }
      expect(after).toMatchObject({ ok: true });
      expect(await buy(a.base, returning as string)).toEqual({ ok: false, reason: expect.stringContaining("counted already") });
    } finally {
      errors.mockRestore();
      await Promise.all(shops.map(({ server }) => new Promise<void>((resolve) => server.close(() => resolve()))));
      await Promise.all([...stores.map((s) => s.close()), control.close()]);
      await redis.close();
    }
  });
});
