/**
 * Regret of the `feedback` bandit against a 50/50 `percentage` split: simulated units convert
 * at 5% (control) and 10% (treatment). Prints, per run and on average, the expected regret
 * (conversions lost against always showing the better arm), the conversions won and the better
 * arm's share of the last 5,000 units.
 *
 * Run: cd bench && npx tsx --conditions=@strata/source src/feedback-regret.ts [units] [runs]
 * @module
 */
import {
  createSegmenter,
  createSegmenterContext,
  feedback,
  MemoryFeedbackStats,
  percentage,
  type Segmenter,
  type SegmenterContext,
} from "@strata/segmenters";

const RATES: Readonly<Record<string, number>> = { control: 0.05, treatment: 0.1 };
const BEST = Math.max(...Object.values(RATES));
const TAIL = 5000;

interface RunResult {
  regret: number;
  conversions: number;
  tailShare: number;
}

/** mulberry32: the conversions' own seeded randomness, independent of the segmenters' hashing. */
function conversionRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function simulate(segmenter: Segmenter, units: number, seed: number): RunResult {
  const random = conversionRandom(seed);
  let regret = 0;
  let conversions = 0;
  let tailBest = 0;
  for (let i = 0; i < units; i++) {
    const unit = `user-${seed}-${i}`;
    const group = segmenter.assign(unit, { attributes: {}, now: 0 }) ?? "control";
    const rate = RATES[group] ?? 0;
    regret += BEST - rate;
    if (i >= units - TAIL && rate === BEST) tailBest++;
    if (random() < rate) {
      conversions++;
      segmenter.convert?.(unit, group, { name: "purchase" });
    }
  }
  return { regret, conversions, tailShare: tailBest / Math.min(TAIL, units) };
}

const units = Number(process.argv[2] ?? 20_000);
const runs = Number(process.argv[3] ?? 10);
const contenders: Record<string, (ctx: SegmenterContext) => Segmenter> = {
  "feedback (Thompson)": (ctx) => createSegmenter(feedback, { groups: [{ id: "control" }, { id: "treatment" }] }, ctx),
  "feedback, floor 5%": (ctx) => createSegmenter(feedback, { groups: [{ id: "control" }, { id: "treatment" }], floor: 5 }, ctx),
  "percentage 50/50": (ctx) => createSegmenter(percentage, { groups: [{ id: "control", weight: 50 }, { id: "treatment", weight: 50 }] }, ctx),
};

console.log(`true conversion rates: control 5%, treatment 10%; ${units} units per run, ${runs} runs`);
console.log(`the best possible: ${(units * BEST).toFixed(0)} expected conversions (regret 0)\n`);
const rows: string[][] = [["segmenter", "mean regret", "min", "max", "mean conversions", `best arm, last ${TAIL}`, "ms per run"]];
for (const [name, make] of Object.entries(contenders)) {
  const results: RunResult[] = [];
  const started = performance.now();
  for (let run = 0; run < runs; run++) {
    const ctx = createSegmenterContext({ experimentId: `regret-${run}`, stores: { feedback: new MemoryFeedbackStats() } });
    results.push(simulate(make(ctx), units, run + 1));
  }
  const elapsed = (performance.now() - started) / runs;
  const mean = (pick: (r: RunResult) => number) => results.reduce((sum, r) => sum + pick(r), 0) / results.length;
  const regrets = results.map((r) => r.regret);
  rows.push([
    name,
    mean((r) => r.regret).toFixed(1),
    Math.min(...regrets).toFixed(1),
    Math.max(...regrets).toFixed(1),
    mean((r) => r.conversions).toFixed(0),
    `${(mean((r) => r.tailShare) * 100).toFixed(1)}%`,
    elapsed.toFixed(0),
  ]);
}
const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
for (const row of rows) console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  "));
