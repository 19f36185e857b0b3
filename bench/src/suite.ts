/**
 * The comparison suite: Strata's rows, the raw cost floor and the peers (GrowthBook,
 * Optimizely, Unleash) measured in one run, interleaved, then the scaling runs; prints a table
 * with ns/op and each ratio (peer / Strata, Strata / floor), the targets and whether each is met.
 *
 *   pnpm --filter @strata/bench bench:suite [--json] [--out results.json] [--markdown] [--quick]
 *
 * --json: JSON on stdout, human text on stderr. --out: also write the JSON to a file.
 * --markdown: tables as markdown (what the README shows). --quick: fewer, shorter rounds.
 *
 * The peers run fully offline and silent: the offline guard (harness/offline-guard.ts) is
 * installed before any SDK is imported, blocks and counts every connect/fetch/DNS lookup, and
 * swallows and counts console output; the run fails unless both counts are zero. Each peer's
 * assignments are checked first (50/50, ten independent experiments), so a setup mistake is
 * not measured as a fast "no decision".
 * @module
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { PEER, ROW } from "./ids.ts";
import { evaluateAbsolute, evaluateRatio, limitText, type AbsoluteResult, type RatioResult } from "./harness/evaluate.ts";
import { measureInterleaved, type Run } from "./harness/measure.ts";
import { metaLine, runMeta } from "./harness/meta.ts";
import { installOfflineGuard } from "./harness/offline-guard.ts";
import { formatBytes, formatNs, formatRatio, markdownTable, textTable, type Table } from "./harness/report.ts";
import { assignmentProblems, checkAssignments, loadPeers, type Peer } from "./peers/index.ts";
import { floorBenches, hashingBenches, peerBenches, strataBenches, strataEngines, treatmentCount, userIds } from "./rows.ts";
import { layerScaling, sizeScaling, type LayerCurve, type LayerScaling, type SizeScaling } from "./scaling.ts";
import { LINEARITY, MEASURE, TARGET_ABSOLUTE, TARGET_RATIOS } from "./thresholds.ts";

const { values: args } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    out: { type: "string" },
    markdown: { type: "boolean", default: false },
    quick: { type: "boolean", default: false },
  },
});
const text = (s = "") => (args.json ? process.stderr : process.stdout).write(`${s}\n`);
const progress = (s: string) => process.stderr.write(s);
const render = (table: Table) => (args.markdown ? markdownTable(table) : textTable(table));
const settings = args.quick ? { rounds: 5, roundMs: 30 } : MEASURE.suite;
const scalingSettings = args.quick ? { rounds: 5, roundMs: 30 } : MEASURE.scaling;

const meta = runMeta();
text(`Strata bench suite — ${metaLine(meta)}`);
text(`clock: process CPU time; ${settings.rounds} interleaved rounds × ${settings.roundMs} ms per row; ns/op = median over rounds; ratios = median of per-round ratios\n`);

const guard = installOfflineGuard();
let peers: Peer[] = [];
let run: Run;
let layers: LayerScaling;
let sizes: SizeScaling;
const problems: string[] = [];
try {
  progress("setting up the peers (offline) … ");
  peers = await loadPeers();
  const engines = strataEngines();
  const sample = userIds.slice(0, 4000);
  for (const peer of peers) for (const api of peer.apis) problems.push(...assignmentProblems(api.label, checkAssignments(api, sample)));
  problems.push(
    ...assignmentProblems(
      "Strata decide",
      checkAssignments({ one: (userId) => engines.one.decide({ units: { userId } }).assignments[0]?.group ?? null, ten: (userId) => treatmentCount(engines.ten, userId) }, sample),
    ),
  );
  progress(problems.length ? "assignment check FAILED\n" : "every API assigns 50/50 (checked over 4,000 users)\n");
  if (problems.length === 0) {
    const benches = [...strataBenches(engines), ...floorBenches(), ...hashingBenches(), ...peerBenches(peers)];
    progress(`measuring ${benches.length} rows: `);
    run = await measureInterleaved(benches, { ...settings, onRound: (r, n) => progress(`${r}/${n} `) });
    progress("\nscaling: decide against layers … ");
    layers = await layerScaling(scalingSettings);
    progress("compile time and memory against config size … ");
    sizes = await sizeScaling(scalingSettings);
    progress("done\n\n");
  }
  for (const peer of peers) await peer.close();
  // Give anything a closing SDK scheduled a chance to try the network (and be counted).
  await new Promise((r) => setTimeout(r, 200));
} finally {
  guard.restore();
}
meta.loadEnd = (await import("node:os")).loadavg().map((l) => Math.round(l * 100) / 100);

const offline = { ...guard.counts, networkAttempts: guard.networkAttempts(), blocked: guard.log };
const offlineLine = `offline guard: ${offline.networkAttempts} network attempts (connect ${offline.connect}, fetch ${offline.fetch}, dns ${offline.dns}); ${offline.console} console calls swallowed`;
if (offline.networkAttempts > 0 || offline.console > 0) problems.push(`${offlineLine}: ${guard.log.join("; ")}`);
if (problems.length > 0 || !run! || !layers! || !sizes!) {
  text(offlineLine);
  for (const p of problems) text(`PROBLEM: ${p}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// Tables.

const floorRatio = (id: string) => formatRatio(run.ratio(id, ROW.floor10).value);
const range = (id: string) => {
  const m = run.measurements.get(id)!;
  return `${formatNs(Math.min(...m.rounds))}–${formatNs(Math.max(...m.rounds))}`;
};
const row = (id: string, strataOverFloor: string, peerOverStrata: string) => [run.measurements.get(id)!.label, formatNs(run.ns(id)), range(id), strataOverFloor, peerOverStrata];
const header = ["row", "ns/op", "range over rounds", "Strata / floor", "peer / Strata"];
const align = ["l", "r", "r", "r", "r"] as const;
const apis = peers.flatMap((p) => p.apis.map((a) => a.id));

const oneTable: Table = {
  header,
  align,
  rows: [
    row(ROW.decide1, "", ""),
    row(ROW.bucket, "", ""),
    ...apis.map((api) => row(ROW.peerOne(api), "", formatRatio(run.ratio(ROW.peerOne(api), ROW.decide1).value))),
  ],
};
const tenTable: Table = {
  header,
  align,
  rows: [
    row(ROW.decide10, floorRatio(ROW.decide10), ""),
    row(ROW.decide10Get, floorRatio(ROW.decide10Get), ""),
    row(ROW.decide10Conditions, floorRatio(ROW.decide10Conditions), ""),
    row(ROW.decide10Sticky, floorRatio(ROW.decide10Sticky), ""),
    ...apis.map((api) => row(ROW.peerTen(api), "", formatRatio(run.ratio(ROW.peerTen(api), ROW.decide10).value))),
    row(ROW.decide100, `${formatNs(run.ns(ROW.decide100) / 100)} ns/layer`, ""),
  ],
};
const hashTable: Table = {
  header: ["row (decide(10) computes 20 hashes)", "ns/op", "range over rounds", "row / floor(10)", "share of decide(10)"],
  align,
  rows: [ROW.floor10, ROW.floor20, ROW.unitHasher20, ROW.refImul20, ROW.refMidstate20, ROW.decide10].map((id) => [
    run.measurements.get(id)!.label,
    formatNs(run.ns(id)),
    range(id),
    floorRatio(id),
    `${((run.ns(id) / run.ns(ROW.decide10)) * 100).toFixed(0)}%`,
  ]),
};

const ratioResults: RatioResult[] = TARGET_RATIOS.map((t) => evaluateRatio(t, run));
const absoluteResults: AbsoluteResult[] = TARGET_ABSOLUTE.map((t) => evaluateAbsolute(t, run.ns(t.row)));
const targetTable: Table = {
  header: ["target", "measured", "range over rounds", "limit", "met"],
  align: ["l", "r", "r", "r", "l"],
  rows: [
    ...ratioResults.map((r) => [r.description, formatRatio(r.value), `${formatRatio(r.min)}–${formatRatio(r.max)}`, limitText(r.bound, r.limit), r.pass ? "yes" : "NO"]),
    ...absoluteResults.map((r) => [r.description, `${formatNs(r.ns)} ns`, range(r.row), `≤ ${formatNs(r.maxNs)} ns`, r.pass ? "yes" : "NO"]),
  ],
};

const layerTable: Table = {
  header: ["layers", "cold: decide ns/op", "on the line", "off", "ns per layer", "warm: decide ns/op", "on the line", "off", "ns per layer"],
  align: ["r", "r", "r", "r", "r", "r", "r", "r", "r"],
  rows: layers.cold.fit.points.map((c, i) => {
    const w = layers.warm.fit.points[i]!;
    const cells = (p: typeof c) => [formatNs(p.y), formatNs(p.fit), `${(p.deviation * 100).toFixed(1)}%`, formatNs(p.y / p.x)];
    return [String(c.x), ...cells(c), ...cells(w)];
  }),
};
const sizeTable: Table = {
  header: ["experiments", "layers", "compile ms (median)", "µs per experiment", "retained heap", "typed arrays", "heap per experiment", "decide ns/op", "decide ns/op, 2 users"],
  align: ["r", "r", "r", "r", "r", "r", "r", "r", "r"],
  rows: sizes.points.map((p) => [
    p.experiments.toLocaleString("en"),
    String(p.layers),
    p.compileMs.toFixed(1),
    ((p.compileMs * 1000) / p.experiments).toFixed(1),
    formatBytes(p.heapBytes),
    formatBytes(p.arrayBufferBytes),
    formatBytes(p.heapBytes / p.experiments),
    formatNs(p.decideNs),
    formatNs(p.decideWarmNs),
  ]),
};

text("One experiment, one user (peer / Strata: how many times slower the peer is than Strata decide with 1 layer)");
text(render(oneTable));
text("\nTen experiments for one user — Strata: ten layers (Strata / floor: against encodeInto + 10 × murmur3; decide computes 20 hashes for 10 layers, the floor 10)");
text(render(tenTable));
text("\nWhere ten layers' time goes: hashing alone, and reference hashing with identical output (src/reference)");
text(render(hashTable));
text("\nTargets");
text(render(targetTable));
const verdict = (c: LayerCurve) =>
  `${formatNs(c.fit.intercept)} ns + ${formatNs(c.fit.slope)} ns × layers, R² ${c.fit.r2.toFixed(4)}, max ${(c.fit.maxDeviation * 100).toFixed(1)}% off the line → ` +
  (c.problems.length === 0 ? "linear" : `NOT LINEAR (${c.problems.join("; ")})`);
const linear = layers.warm.problems.length === 0;
text(`\nScaling: decide against layers (least squares on relative errors; linear = every point within ${LINEARITY.maxDeviation * 100}% of the line)`);
text(`  warm tables (2 users in turn; the algorithm):           ${verdict(layers.warm)}`);
text(`  cold tables (10,000 rotating users; algorithm + memory): ${verdict(layers.cold)}`);
text(`  per-layer cost at 100 vs 10 layers: cold ${formatRatio(layers.cold.points.at(-1)!.ns / 100 / (layers.cold.points[3]!.ns / 10))}, warm ${formatRatio(layers.warm.points.at(-1)!.ns / 100 / (layers.warm.points[3]!.ns / 10))}`);
text(render(layerTable));
text(
  `\nScaling: compile time and memory against config size (${sizes.points[0]?.layers} layers) — ` +
    `${(sizes.compileFit.slope * 1000).toFixed(0)} µs and ${formatBytes(sizes.heapFit.slope)} of heap per added experiment (least squares)`,
);
text(render(sizeTable));
text(`\n${offlineLine}`);
text(`peers: ${peers.map((p) => `${p.name} ${p.version}`).join(", ")}; ${metaLine(meta)}`);

const json = {
  meta,
  settings: { clock: run.clock, ...settings, scaling: scalingSettings },
  peers: peers.map((p) => ({ name: p.name, version: p.version, apis: p.apis.map((a) => a.id) })),
  rows: [...run.measurements.values()].map((m) => ({ id: m.id, label: m.label, ns: m.ns, rounds: m.rounds, calls: m.calls })),
  ratios: {
    peerOverStrata: Object.fromEntries(apis.flatMap((api) => [
      [ROW.peerOne(api), run.ratio(ROW.peerOne(api), ROW.decide1)],
      [ROW.peerTen(api), run.ratio(ROW.peerTen(api), ROW.decide10)],
    ])),
    overFloor10: Object.fromEntries([ROW.decide10, ROW.decide10Get, ROW.decide10Conditions, ROW.decide10Sticky, ROW.floor20, ROW.unitHasher20, ROW.refImul20, ROW.refMidstate20].map((id) => [id, run.ratio(id, ROW.floor10)])),
  },
  hashesPerDecide10: 20,
  targets: { ratios: ratioResults, absolute: absoluteResults },
  scaling: { layers: { ...layers, warmLinear: linear, coldLinear: layers.cold.problems.length === 0, limits: LINEARITY }, sizes },
  offline,
  growthbookRow: ROW.peerTen(PEER.growthbook),
};
if (args.out) writeFileSync(args.out, `${JSON.stringify(json, null, 2)}\n`);
if (args.json) process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
