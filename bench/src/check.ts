/**
 * The guard, run by CI: `pnpm bench:check` (from the repository root).
 *
 * Measures three rows in one interleaved run — the raw floor (encodeInto + 10 × murmur3),
 * Strata decide with ten layers, and ten GrowthBook evalFeature calls — and fails when a ratio
 * crosses its threshold (src/thresholds.ts GUARD):
 *   - decide(10) / floor           must be ≤ 2
 *   - 10 × evalFeature / decide(10) must be ≥ 10
 * Ratios only, never absolute times. A crossing is re-measured once in a fresh run; the guard
 * fails only when the threshold is crossed again. About 15 s per attempt on the 2-core machine.
 *
 *   pnpm bench:check [--json]
 *
 * Exit codes: 0 pass; 1 a threshold crossed twice; 2 the harness itself failed (a network
 * attempt or console output from the SDK, or an API that did not assign 50/50).
 * @module
 */
import { parseArgs } from "node:util";
import { ROW } from "./ids.ts";
import { guardWithRetry, limitText, type RatioResult } from "./harness/evaluate.ts";
import { measureInterleaved, type Run } from "./harness/measure.ts";
import { metaLine, runMeta } from "./harness/meta.ts";
import { installOfflineGuard } from "./harness/offline-guard.ts";
import { formatNs, formatRatio, textTable } from "./harness/report.ts";
import { assignmentProblems, checkAssignments, loadGrowthBook } from "./peers/index.ts";
import { guardBenches, treatmentCount, userIds } from "./rows.ts";
import { GUARD, MEASURE } from "./thresholds.ts";

const { values: args } = parseArgs({ options: { json: { type: "boolean", default: false } } });
const text = (s = "") => (args.json ? process.stderr : process.stdout).write(`${s}\n`);

const meta = runMeta();
const started = performance.now();
text(`bench:check — ${metaLine(meta)}`);
text(`clock: process CPU time; ${MEASURE.check.rounds} interleaved rounds × ${MEASURE.check.roundMs} ms per row; a crossed threshold is re-measured once\n`);

const guard = installOfflineGuard();
const runs: Run[] = [];
const problems: string[] = [];
let outcome: Awaited<ReturnType<typeof guardWithRetry>> | undefined;
try {
  const growthbook = await loadGrowthBook();
  const { benches, ten } = guardBenches(growthbook);
  const sample = userIds.slice(0, 2000);
  problems.push(...assignmentProblems("GrowthBook evalFeature", checkAssignments(growthbook.apis[0]!, sample)));
  problems.push(...assignmentProblems("Strata decide(10)", checkAssignments({ one: (userId) => ten.decide({ units: { userId } }).assignments[0]?.group ?? null, ten: (userId) => treatmentCount(ten, userId) }, sample)));
  if (problems.length === 0) {
    outcome = await guardWithRetry(GUARD, async (attempt) => {
      process.stderr.write(`${attempt === 1 ? "measuring" : "a threshold was crossed; re-measuring"}: `);
      const run = await measureInterleaved(benches, { ...MEASURE.check, onRound: (r, n) => process.stderr.write(r === n ? `${r}/${n}\n` : `${r} `) });
      runs.push(run);
      return run;
    });
  }
  await growthbook.close();
} finally {
  guard.restore();
}

const offline = guard.networkAttempts() > 0 || guard.counts.console > 0;
if (offline) problems.push(`offline guard: ${guard.networkAttempts()} network attempts, ${guard.counts.console} console calls: ${guard.log.join("; ")}`);
if (problems.length > 0 || !outcome) {
  for (const p of problems) text(`HARNESS PROBLEM: ${p}`);
  if (args.json) process.stdout.write(`${JSON.stringify({ meta, pass: false, harnessProblems: problems }, null, 2)}\n`);
  process.exit(2);
}

const rowsOf = (run: Run) => [ROW.floor10, ROW.decide10, ROW.peerTen("growthbook.evalFeature")].map((id) => `${run.measurements.get(id)!.label} ${formatNs(run.ns(id))} ns`);
const table = (results: readonly RatioResult[]) =>
  textTable({
    header: ["threshold", "measured", "range over rounds", "limit", "result"],
    align: ["l", "r", "r", "r", "l"],
    rows: results.map((r) => [r.description, formatRatio(r.value), `${formatRatio(r.min)}–${formatRatio(r.max)}`, limitText(r.bound, r.limit), r.pass ? "pass" : "FAIL"]),
  });
outcome.attempts.forEach((results, i) => {
  text(`${i === 0 ? "Attempt 1" : "Attempt 2 (re-measured: only what failed in attempt 1)"}: ${rowsOf(runs[i]!).join("; ")}`);
  text(table(results));
  text();
});
text("decide(10) computes 20 MurmurHash3 hashes (layer bucket + the experiment's segmenter hash per layer); the floor computes 10.");
text(`offline guard: 0 network attempts, 0 console calls; ${((performance.now() - started) / 1000).toFixed(1)} s`);
text(outcome.pass ? "bench:check passed" : `bench:check FAILED: ${outcome.final.filter((r) => !r.pass).map((r) => `${r.description} (measured ${formatRatio(r.value)}, limit ${limitText(r.bound, r.limit)})`).join("; ")}`);
if (args.json) {
  process.stdout.write(
    `${JSON.stringify(
      {
        meta: { ...meta, loadEnd: (await import("node:os")).loadavg() },
        pass: outcome.pass,
        thresholds: GUARD,
        attempts: outcome.attempts,
        final: outcome.final,
        rows: runs.map((run) => Object.fromEntries([...run.measurements.values()].map((m) => [m.id, { ns: m.ns, rounds: m.rounds }]))),
        hashesPerDecide10: 20,
        hashesInFloor: 10,
      },
      null,
      2,
    )}\n`,
  );
}
process.exit(outcome.pass ? 0 : 1);
