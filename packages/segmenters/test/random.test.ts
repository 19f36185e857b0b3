import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { betaLogOdds, logGammaDraw, sampleBeta, sampleGamma, sampleNormal } from "../src/random/beta-sampler.ts";
import { portableExp, portableLog } from "../src/random/portable-math.ts";
import { SeededRandom } from "../src/random/seeded-random.ts";
import { chiSquareTest } from "../src/testing/index.ts";

/** Mean and variance of `n` draws. */
function moments(draw: () => number, n = 20_000): { mean: number; variance: number } {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    squares += x * x;
  }
  const mean = sum / n;
  return { mean, variance: squares / n - mean * mean };
}

describe("portable math", () => {
  it("portableLog agrees with Math.log to within a few ulps (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true }), (x) => {
        const expected = Math.log(x);
        expect(Math.abs(portableLog(x) - expected)).toBeLessThanOrEqual(Math.max(Math.abs(expected) * 4e-16, 4e-16));
      }),
      { numRuns: 5000 },
    );
    expect([portableLog(1), portableLog(0), portableLog(-1), portableLog(Infinity)]).toEqual([0, -Infinity, Number.NaN, Infinity]);
  });

  it("portableExp agrees with Math.exp to within a few ulps (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: -700, max: 700, noNaN: true }), (x) => {
        const expected = Math.exp(x);
        expect(Math.abs(portableExp(x) - expected)).toBeLessThanOrEqual(expected * 1e-15);
      }),
      { numRuns: 5000 },
    );
    expect([portableExp(0), portableExp(-800), portableExp(800)]).toEqual([1, 0, Infinity]);
  });
});

describe("SeededRandom", () => {
  it("gives a pinned sequence per seed (feedback assignments depend on it)", () => {
    const random = new SeededRandom(42);
    expect(Array.from({ length: 4 }, () => random.nextUint32())).toMatchInlineSnapshot(`
      [
        660444221,
        3652823732,
        77672526,
        910233633,
      ]
    `);
    expect(new SeededRandom(7).next()).toBe(new SeededRandom(7).next());
    expect(new SeededRandom(7).next()).not.toBe(new SeededRandom(8).next());
  });

  it("is uniform over [0, 1) (chi-square over 20 bins)", () => {
    const random = new SeededRandom(1);
    const bins = new Array<number>(20).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const x = random.next();
      if (!(x >= 0 && x < 1)) throw new Error(`draw ${i} is ${x}, outside [0, 1)`);
      bins[Math.floor(x * 20)]! += 1;
    }
    expect(chiSquareTest(bins, bins.map(() => 5000)).pValue).toBeGreaterThan(1e-4);
  });
});

describe("Gamma and Beta draws", () => {
  it("draws standard normals", () => {
    const random = new SeededRandom(3);
    const { mean, variance } = moments(() => sampleNormal(random));
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.04);
  });

  for (const shape of [0.3, 1, 3.7, 50]) {
    it(`Gamma(${shape}) has mean and variance ${shape}`, () => {
      const random = new SeededRandom(11);
      const { mean, variance } = moments(() => sampleGamma(random, shape));
      expect(Math.abs(mean - shape)).toBeLessThan(4 * Math.sqrt(shape / 20_000));
      expect(Math.abs(variance / shape - 1)).toBeLessThan(0.1);
    });
  }

  for (const [a, b] of [[1, 1], [0.5, 0.5], [6, 16], [200, 3000]] as const) {
    it(`Beta(${a}, ${b}) has mean ${a}/${a + b} and the right variance`, () => {
      const random = new SeededRandom(5);
      const { mean, variance } = moments(() => sampleBeta(random, a, b));
      const expectedMean = a / (a + b);
      const expectedVariance = (a * b) / ((a + b) ** 2 * (a + b + 1));
      expect(Math.abs(mean - expectedMean)).toBeLessThan(4 * Math.sqrt(expectedVariance / 20_000));
      expect(Math.abs(variance / expectedVariance - 1)).toBeLessThan(0.1);
    });
  }

  it("keeps the log of a Gamma draw finite where the draw underflows to 0", () => {
    const random = new SeededRandom(9);
    const replay = new SeededRandom(9);
    const logs = Array.from({ length: 200 }, () => logGammaDraw(random, 0.001));
    const draws = Array.from({ length: 200 }, () => sampleGamma(replay, 0.001));
    expect(draws.filter((draw) => draw === 0).length).toBeGreaterThan(50);
    for (const log of logs) expect(Number.isFinite(log)).toBe(true);
    // E[log G] = ψ(0.001) ≈ −1000.
    expect(logs.reduce((sum, log) => sum + log, 0) / logs.length).toBeLessThan(-500);
  });

  it("gives the log of the same Gamma draw, from the same random numbers, wherever it has not underflowed (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.double({ min: 1e-4, max: 1e4, noNaN: true }), (seed, shape) => {
        const logRandom = new SeededRandom(seed);
        const valueRandom = new SeededRandom(seed);
        const log = logGammaDraw(logRandom, shape);
        const value = sampleGamma(valueRandom, shape);
        expect(logRandom.next()).toBe(valueRandom.next());
        expect(Number.isFinite(log)).toBe(true);
        if (value >= 1e-300) expect(Math.abs(log - Math.log(value))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(log)));
      }),
      { numRuns: 2000 },
    );
  });

  it("gives a Beta draw's log-odds log X − log Y from the same random numbers, finite even where X / (X + Y) rounds to 0 or 1 (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.double({ min: 1e-4, max: 1e4, noNaN: true }), fc.double({ min: 1e-4, max: 1e4, noNaN: true }), (seed, alpha, beta) => {
        const oddsRandom = new SeededRandom(seed);
        const valueRandom = new SeededRandom(seed);
        const logOdds = betaLogOdds(oddsRandom, alpha, beta);
        const value = sampleBeta(valueRandom, alpha, beta);
        expect(oddsRandom.next()).toBe(valueRandom.next());
        expect(Number.isFinite(logOdds)).toBe(true);
        const gammas = new SeededRandom(seed);
        expect(logOdds).toBe(logGammaDraw(gammas, alpha) - logGammaDraw(gammas, beta));
      }),
      { numRuns: 2000 },
    );
  });
});
