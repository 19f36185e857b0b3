import { describe, expect, it, vi } from "vitest";
import { createEngine, randomId } from "../src/index.ts";
import { config, layer, percentExperiment } from "./support/configs.ts";

describe("randomId", () => {
  it("makes 128-bit ids: 32 lower-case hex digits, all distinct", () => {
    const ids = Array.from({ length: 10_000 }, randomId);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("never reuses random bytes across refills of its 4,096-id pool", () => {
    const calls: number[] = [];
    const original = globalThis.crypto.getRandomValues.bind(globalThis.crypto);
    const spy = vi.spyOn(globalThis.crypto, "getRandomValues").mockImplementation((array) => {
      calls.push((array as Uint8Array).length);
      return original(array);
    });
    try {
      const ids = Array.from({ length: 10_000 }, randomId);
      expect(new Set(ids).size).toBe(10_000);
      // 10,000 ids need 160,000 bytes: 2 or 3 fills of 65,536 (the first ids may come from the pool left by earlier tests).
      expect(calls.length).toBeGreaterThanOrEqual(2);
      expect(calls.length).toBeLessThanOrEqual(3);
      expect(new Set(calls)).toEqual(new Set([65_536]));
    } finally {
      spy.mockRestore();
    }
  });

  it("writes each random byte as two hex digits, high nibble first, in the pool's order", () => {
    // Drain the pool so the next id comes from a fresh fill of known bytes; fills after that are random again.
    const original = globalThis.crypto.getRandomValues.bind(globalThis.crypto);
    let fills = 0;
    const spy = vi.spyOn(globalThis.crypto, "getRandomValues").mockImplementation((array) => {
      if (++fills > 1) return original(array);
      const bytes = array as Uint8Array;
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37 + 11) % 256;
      return array;
    });
    try {
      let id = randomId();
      for (let n = 0; n < 4096 && fills === 0; n++) id = randomId();
      const expected = Array.from({ length: 16 }, (_, i) => ((i * 37 + 11) % 256).toString(16).padStart(2, "0")).join("");
      expect(id).toBe(expected);
      expect(randomId()).toBe(Array.from({ length: 16 }, (_, i) => (((16 + i) * 37 + 11) % 256).toString(16).padStart(2, "0")).join(""));
      // Leave no patterned bytes in the pool for later tests.
      for (let n = 0; n < 4096 && fills === 1; n++) randomId();
      expect(fills).toBe(2);
    } finally {
      spy.mockRestore();
    }
  });

  it("uses every hex digit at every position (no stuck bits)", () => {
    const ids = Array.from({ length: 2000 }, randomId);
    for (let position = 0; position < 32; position++) expect(new Set(ids.map((id) => id[position])).size).toBe(16);
  });
});

describe("random diversion", () => {
  it("draws its per-request ids from randomId's pool: one getRandomValues call serves thousands of decisions", () => {
    const engine = createEngine(config({ a: "-" }, [layer("L", ["a"], [[0, 1000, percentExperiment("r", "a", { x: 50, y: 50 }, { unit: "random" })]])]));
    const spy = vi.spyOn(globalThis.crypto, "getRandomValues");
    try {
      const units = new Set(Array.from({ length: 3000 }, () => engine.decide({ units: {} }).assignments[0]?.unit));
      expect(units.size).toBe(3000);
      for (const unit of units) expect(unit).toMatch(/^[0-9a-f]{32}$/);
      // 3,000 ids need 48,000 bytes: at most one refill of the 65,536-byte pool.
      expect(spy.mock.calls.length).toBeLessThanOrEqual(1);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("options.random that fails", () => {
  const cfg = config({ p: "off", r: "off" }, [
    layer("L1", ["p"], [[0, 1000, percentExperiment("by-user", "p", { on: 100 })]]),
    layer("L2", ["r"], [[0, 1000, percentExperiment("by-request", "r", { on: 100 }, { unit: "random" })]]),
  ]);

  it("skips only the random diversions when it throws, and says why", () => {
    const engine = createEngine(cfg, {
      random: () => {
        throw new Error("entropy unavailable");
      },
      onError: () => undefined,
    });
    const decision = engine.decide({ units: { userId: "u1" } });
    expect(decision.get("p")).toBe("by-user:on");
    expect(decision.get("r")).toBe("off");
    expect(decision.errors).toEqual([expect.stringMatching(/^the random source \(options\.random\) failed: entropy unavailable; random diversions were skipped — make random\(\) return a number in \[0, 1\)/)]);
    expect(engine.explain({ units: { userId: "u1" } }).decision.errors).toEqual(decision.errors);
  });

  it.each([
    ["NaN", () => Number.NaN, "NaN"],
    ["undefined", () => undefined as unknown as number, "undefined"],
    ["a string", () => "0.3" as unknown as number, '"0.3"'],
    ["1", () => 1, "1"],
    ["a negative number", () => -0.5, "-0.5"],
  ])("refuses %s instead of giving every request one id", (_, random, shown) => {
    const engine = createEngine(cfg, { random, onError: () => undefined });
    const decision = engine.decide({ units: { userId: "u1" } });
    expect(decision.get("p")).toBe("by-user:on");
    expect(decision.get("r")).toBe("off");
    expect(decision.errors?.[0]).toContain(`failed: it returned ${shown}, not a number in [0, 1)`);
  });
});
