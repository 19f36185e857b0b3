/**
 * The bench harness's logic, without timing anything: ratios, the linear-fit check, threshold
 * evaluation and the guard's retry rule, the offline guard, the profile summary, the step plan
 * of `pnpm bench`, and the reference hashes against the library they claim to match.
 */
import dns from "node:dns";
import net from "node:net";
import murmur from "murmurhash3js-revisited";
import { afterEach, describe, expect, it } from "vitest";
import { sizedConfig } from "../src/fixtures/layered-config.ts";
import { selfTimes, type CpuProfile } from "../src/harness/cpuprofile.ts";
import { evaluateAbsolute, evaluateRatio, guardWithRetry, type RatioSource } from "../src/harness/evaluate.ts";
import { installOfflineGuard, OfflineViolation, type OfflineGuard } from "../src/harness/offline-guard.ts";
import { formatNs, formatRatio } from "../src/harness/report.ts";
import { chunkMedians, linearFit, linearityProblems, median, pairedRatio, withinLimit } from "../src/harness/stats.ts";
import { PEER, ROW } from "../src/ids.ts";
import { assignmentProblems, checkAssignments } from "../src/peers/index.ts";
import { murmur3, UnitMidstate } from "../src/reference/murmur3.ts";
import { plan, STEPS } from "../src/run-all.ts";
import { GUARD, LINEARITY, TARGET_RATIOS, type RatioThreshold } from "../src/thresholds.ts";

/** A fake run: each row's per-round ns. */
function fakeRun(rounds: Record<string, number[]>): RatioSource {
  return { ratio: (a, b) => pairedRatio(rounds[a] ?? [], rounds[b] ?? []) };
}

describe("ratios", () => {
  it("takes the median", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it("takes the median of each generation of rounds", () => {
    expect(chunkMedians([1.1, 1.3, 1.2, 0.9, 1.0, 0.8, 2], 3)).toEqual([1.2, 0.9, 2]);
    expect(chunkMedians([], 3)).toEqual([]);
    expect(() => chunkMedians([1], 0)).toThrow(RangeError);
  });

  it("pairs rounds and takes the median of the per-round ratios", () => {
    // Round 3 was measured while the machine slowed down for one row only: the pairing ignores it.
    const r = pairedRatio([200, 400, 9000, 220], [100, 200, 300, 100]);
    expect(r.rounds).toBe(4);
    expect(r.value).toBeCloseTo(2.1, 10); // median of 2, 2, 2.2, 30
    expect(r.min).toBe(2);
    expect(r.max).toBe(30);
  });

  it("drops rounds it cannot divide and reports NaN when none is left", () => {
    expect(pairedRatio([1, 2], [0, 4]).value).toBe(0.5);
    expect(pairedRatio([1], [0]).value).toBeNaN();
  });

  it("formats figures", () => {
    expect(formatNs(42.46)).toBe("42.5");
    expect(formatNs(12345.6)).toBe("12,346");
    expect(formatRatio(4.736)).toBe("4.74×");
    expect(formatRatio(12.34)).toBe("12.3×");
  });
});

describe("linear fit", () => {
  const layers = [1, 2, 5, 10, 20, 50, 100];

  it("recovers an exact line", () => {
    const fit = linearFit(layers, layers.map((l) => 200 + 300 * l));
    expect(fit.intercept).toBeCloseTo(200, 6);
    expect(fit.slope).toBeCloseTo(300, 6);
    expect(fit.r2).toBeCloseTo(1, 12);
    expect(fit.maxDeviation).toBeCloseTo(0, 12);
    expect(linearityProblems(fit, LINEARITY)).toEqual([]);
  });

  it("accepts a line with ±15% noise", () => {
    const noise = [1.15, 0.85, 1.1, 0.9, 1.15, 0.88, 1.1];
    const fit = linearFit(layers, layers.map((l, i) => (200 + 300 * l) * (noise[i] as number)));
    expect(linearityProblems(fit, LINEARITY)).toEqual([]);
  });

  it("rejects curves that bend: L², L^1.3, and a per-layer cost that doubles at 50 layers", () => {
    for (const ys of [layers.map((l) => l * l), layers.map((l) => l ** 1.3), layers.map((l) => (l < 50 ? 400 * l : 800 * l))]) {
      const problems = linearityProblems(linearFit(layers, ys), LINEARITY);
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.join()).toMatch(/off the line/);
    }
  });

  it("weights relative errors by default, plain least squares on request", () => {
    const ys = [10, 20, 30, 1000];
    const xs = [1, 2, 3, 4];
    expect(linearFit(xs, ys).slope).not.toBeCloseTo(linearFit(xs, ys, "none").slope, 1);
    expect(() => linearFit([1], [1])).toThrow(RangeError);
    expect(() => linearFit([2, 2], [1, 3])).toThrow(RangeError);
  });
});

describe("thresholds", () => {
  const atMost2: RatioThreshold = { id: "t", numerator: "a", denominator: "b", bound: "at most", limit: 2, description: "a within 2× of b" };

  it("evaluates bounds, NaN never passing", () => {
    expect(withinLimit(2, { bound: "at most", limit: 2 })).toBe(true);
    expect(withinLimit(2.01, { bound: "at most", limit: 2 })).toBe(false);
    expect(withinLimit(10, { bound: "at least", limit: 10 })).toBe(true);
    expect(withinLimit(9.99, { bound: "at least", limit: 10 })).toBe(false);
    expect(withinLimit(Number.NaN, { bound: "at least", limit: 0 })).toBe(false);
  });

  it("evaluates a ratio threshold on a run", () => {
    const result = evaluateRatio(atMost2, fakeRun({ a: [300, 330, 290], b: [100, 100, 100] }));
    expect(result.value).toBe(3);
    expect(result.pass).toBe(false);
    expect(evaluateRatio(atMost2, fakeRun({ a: [150], b: [100] })).pass).toBe(true);
    expect(evaluateAbsolute({ id: "x", row: "a", maxNs: 1000, description: "" }, 999).pass).toBe(true);
    expect(evaluateAbsolute({ id: "x", row: "a", maxNs: 1000, description: "" }, Number.NaN).pass).toBe(false);
  });

  it("holds the issue's limits, in one place", () => {
    const byId = Object.fromEntries([...GUARD, ...TARGET_RATIOS].map((t) => [t.id, t]));
    expect(byId["decide10-vs-floor"]).toMatchObject({ numerator: ROW.decide10, denominator: ROW.floor10, bound: "at most", limit: 2 });
    expect(byId["growthbook10-vs-decide10"]).toMatchObject({ numerator: ROW.peerTen(PEER.growthbook), denominator: ROW.decide10, bound: "at least", limit: 10 });
    expect(byId["growthbook1-vs-decide1"]).toMatchObject({ bound: "at least", limit: 5 });
    expect(byId["optimizely1-vs-decide1"]).toMatchObject({ numerator: ROW.peerOne(PEER.optimizelyGetVariation), bound: "at least", limit: 10 });
    expect(GUARD.map((g) => g.id)).toEqual(["decide10-vs-floor", "growthbook10-vs-decide10"]);
  });
});

describe("the guard's retry rule", () => {
  const thresholds: RatioThreshold[] = [
    { id: "floor", numerator: "decide", denominator: "floor", bound: "at most", limit: 2, description: "" },
    { id: "peer", numerator: "peer", denominator: "decide", bound: "at least", limit: 10, description: "" },
  ];
  // decide within 2× of the floor and 26× faster than the peer; then 3× the floor (but still 13× faster than the peer).
  const good = fakeRun({ floor: [100, 100], decide: [150, 160], peer: [4000, 4200] });
  const slowDecide = fakeRun({ floor: [100, 100], decide: [300, 310], peer: [4000, 4200] });

  it("measures once when everything passes", async () => {
    const attempts: number[] = [];
    const outcome = await guardWithRetry(thresholds, async (n) => (attempts.push(n), good));
    expect(attempts).toEqual([1]);
    expect(outcome.pass).toBe(true);
    expect(outcome.attempts).toHaveLength(1);
  });

  it("re-measures once, and passes when the crossing does not repeat", async () => {
    const runs = [slowDecide, good];
    const attempts: number[] = [];
    const outcome = await guardWithRetry(thresholds, async (n) => (attempts.push(n), runs[n - 1]!));
    expect(attempts).toEqual([1, 2]);
    expect(outcome.pass).toBe(true);
    // Only what failed is evaluated again.
    expect(outcome.attempts[0]!.map((r) => [r.id, r.pass])).toEqual([
      ["floor", false],
      ["peer", true],
    ]);
    expect(outcome.attempts[1]!.map((r) => r.id)).toEqual(["floor"]);
    expect(outcome.final.every((r) => r.pass)).toBe(true);
  });

  it("fails when the same threshold is crossed twice, and never measures a third time", async () => {
    const attempts: number[] = [];
    const outcome = await guardWithRetry(thresholds, async (n) => (attempts.push(n), slowDecide));
    expect(attempts).toEqual([1, 2]);
    expect(outcome.pass).toBe(false);
    expect(outcome.final.find((r) => r.id === "floor")).toMatchObject({ pass: false });
    expect(outcome.final.find((r) => r.id === "peer")).toMatchObject({ pass: true });
  });
});

describe("offline guard", () => {
  let guard: OfflineGuard | undefined;
  afterEach(() => guard?.restore());

  it("blocks and counts a connect, a fetch and a DNS lookup, and swallows the console", async () => {
    const connect = net.Socket.prototype.connect;
    const lookup = dns.lookup;
    const log = console.log;
    guard = installOfflineGuard();
    expect(() => new net.Socket().connect(9, "127.0.0.1")).toThrow(OfflineViolation);
    expect(() => net.connect({ host: "example.invalid", port: 443 })).toThrow(/blocked net.Socket#connect to example.invalid:443/);
    await expect(fetch("http://127.0.0.1:9/")).rejects.toThrow(OfflineViolation);
    expect(() => dns.lookup("example.invalid", () => undefined)).toThrow(OfflineViolation);
    await expect(dns.promises.lookup("example.invalid")).rejects.toThrow(OfflineViolation);
    console.log("an SDK talking");
    console.warn("another");
    expect(guard.counts).toEqual({ connect: 2, fetch: 1, dns: 2, console: 2 });
    expect(guard.networkAttempts()).toBe(5);
    expect(guard.log.some((line) => line.includes("127.0.0.1:9"))).toBe(true);
    guard.restore();
    expect(net.Socket.prototype.connect).toBe(connect);
    expect(dns.lookup).toBe(lookup);
    expect(console.log).toBe(log);
  });

  it("can leave the console alone", () => {
    const log = console.log;
    guard = installOfflineGuard({ swallowConsole: false });
    expect(console.log).toBe(log);
  });
});

describe("assignment check", () => {
  it("accepts 50/50 independent experiments and rejects a decider that answers nothing or the same for all ten", () => {
    const ids = Array.from({ length: 4000 }, (_, i) => `user-${i}`);
    const fair = (id: string, salt: number) => (murmur.x86.hash32(new TextEncoder().encode(`${id}:${salt}`), 0) & 1) === 1;
    const good = { one: (id: string) => (fair(id, 0) ? "treatment" : "control"), ten: (id: string) => Array.from({ length: 10 }, (_, i) => fair(id, i)).filter(Boolean).length };
    expect(assignmentProblems("good", checkAssignments(good, ids))).toEqual([]);
    const silent = { one: () => null, ten: () => 0 };
    expect(assignmentProblems("silent", checkAssignments(silent, ids)).length).toBeGreaterThan(0);
    const sameSalt = { one: good.one, ten: (id: string) => (fair(id, 0) ? 10 : 0) };
    expect(assignmentProblems("same", checkAssignments(sameSalt, ids)).join()).toMatch(/variance/);
  });
});

describe("cpu profile summary", () => {
  it("sums self time per function, giving each sample the time until the next", () => {
    const profile: CpuProfile = {
      startTime: 0,
      endTime: 400,
      nodes: [
        { id: 1, callFrame: { functionName: "(root)", url: "", lineNumber: -1 }, children: [2, 3] },
        { id: 2, callFrame: { functionName: "evaluateLayer", url: "file:///work/main/packages/engine/src/evaluate.ts", lineNumber: 22 } },
        { id: 3, callFrame: { functionName: "hash32", url: "file:///x/node_modules/murmurhash3js-revisited/lib/m.js", lineNumber: 204 } },
      ],
      samples: [2, 3, 2, 2],
      timeDeltas: [0, 100, 100, 200],
    };
    const { total, functions } = selfTimes(profile);
    expect(total).toBeCloseTo(0.4, 10);
    expect(functions[0]).toMatchObject({ functionName: "evaluateLayer", where: "evaluateLayer (packages/engine/src/evaluate.ts:23)" });
    expect(functions[0]!.ms).toBeCloseTo(0.3, 10);
    expect(functions[1]).toMatchObject({ where: "hash32 (node_modules/murmurhash3js-revisited/lib/m.js:205)" });
    expect(functions[1]!.share).toBeCloseTo(0.25, 10);
  });
});

describe("pnpm bench plan", () => {
  it("runs every step by default, in order, and names every skip", () => {
    expect(plan(STEPS, [], []).run.map((s) => s.name)).toEqual(["suite", "engine", "hash", "regret", "redis", "express"]);
    const some = plan(STEPS, [], ["express", "redis"]);
    expect(some.run.map((s) => s.name)).toEqual(["suite", "engine", "hash", "regret"]);
    expect(some.skipped).toEqual([
      { name: "redis", reason: "--skip" },
      { name: "express", reason: "--skip" },
    ]);
    expect(plan(STEPS, ["suite"], []).skipped.every((s) => s.reason === "not in --only")).toBe(true);
    expect(() => plan(STEPS, [], ["nope"])).toThrow(/unknown step "nope"/);
  });
});

describe("reference hashing", () => {
  it("gives exactly murmurhash3js-revisited's x86.hash32, seeds and tails included", () => {
    const encoder = new TextEncoder();
    for (let n = 0; n < 3000; n++) {
      const bytes = encoder.encode(`user-${n * 7919}:${"xyz".slice(0, n % 4)}layer-${n % 37}${n % 5 === 0 ? "é" : ""}`);
      for (const seed of [0, 1, 86028157]) expect(murmur3(bytes, bytes.length, seed)).toBe(murmur.x86.hash32(bytes, seed));
    }
  });

  it("gives the strata/v1 bucket when the unit's blocks are mixed once", () => {
    const encoder = new TextEncoder();
    const midstate = new UnitMidstate();
    for (let n = 0; n < 2000; n++) {
      const unit = `user-${n}`;
      midstate.setUnit(unit);
      for (const salt of ["layer-0", "exp-12", "a", "abcdefghijk"]) {
        expect(midstate.bucket(encoder.encode(salt), 1000)).toBe(murmur.x86.hash32(encoder.encode(`${unit}:${salt}`), 0) % 1000);
      }
    }
  });
});

describe("fixtures", () => {
  it("spreads experiments evenly over the layers' buckets", () => {
    const config = sizedConfig(1000, 10);
    const layers = config.domain.layers!;
    expect(layers).toHaveLength(10);
    expect(layers.reduce((n, l) => n + (l.slots?.length ?? 0), 0)).toBe(1000);
    expect(layers[0]!.slots!.at(-1)!.ranges).toEqual([[990, 1000]]);
    expect(() => sizedConfig(20_000, 10)).toThrow(RangeError);
  });
});
