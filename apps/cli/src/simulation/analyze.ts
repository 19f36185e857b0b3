/**
 * Turns a simulation's counts into checks: a sample-ratio-mismatch test per experiment (exact when
 * a group expects fewer than 5 units), a uniformity test per layer and an independence test per
 * pair of layers — pooled (Pearson), or, when either layer's experiments read attributes that take
 * several `--attr` values, within each combination of those (the generalized
 * Cochran–Mantel–Haenszel test, valid however small the strata); experiments coupled by design
 * are left out of their pair's test, which runs on the rest — each flagged when its p-value is
 * below alpha (0.001).
 * @module
 */
import type { TrafficModel } from "../model/traffic-model.ts";
import { formatCount } from "../numbers.ts";
import { goodnessOfFit, independence, type ChiSquareTest } from "../stats/chi-square.ts";
import { generalizedCochranMantelHaenszel } from "../stats/cochran-mantel-haenszel.ts";
import { sampleRatioTest } from "../stats/sample-ratio.ts";
import { attributeStrata } from "./attribute-strata.ts";
import type { DesignedDependence } from "./designed-dependence.ts";
import type { CheckResult, ExperimentResult, GroupCount, LayerResult, PairResult, SimulationResult, TestMethod } from "./result.ts";
import type { ExperimentTally, LayerTally, SimulationTally } from "./tally.ts";

/** The flag threshold: a check is flagged when p < 0.001. */
export const ALPHA = 0.001;

/** The group label of units a segmenter put in no group. */
export const NO_GROUP = "(no group)";

/** What `analyze` needs besides the counts. */
export interface AnalyzeInput {
  /** The config's model. */
  readonly model: TrafficModel;
  /** The counts. */
  readonly tally: SimulationTally;
  /** Which experiments of which pairs of layers depend on each other by design. */
  readonly designed: DesignedDependence;
  /** Layer id → the attributes its assignment can depend on (`attributesReadByLayer`). */
  readonly attributesRead: ReadonlyMap<string, ReadonlySet<string>>;
  /** Each experiment's expected shares after the run (undefined: adaptive). */
  readonly expectedShares: ReadonlyMap<string, Readonly<Record<string, number>> | undefined>;
  /** The config's name. */
  readonly config: string;
  /** Where the units came from. */
  readonly population: string;
}

/** Runs every check on the counts. */
/** What would let units reach an experiment that none reached, given why those in its buckets were left out. */
function unreachedFix(excluded: Readonly<Record<string, number>>, diversion: string): string {
  if ((excluded.conditions ?? 0) > 0) return "give attributes with --attr to meet its conditions";
  if (Object.keys(excluded).length > 0) return "the units in its buckets were left out for the reasons given";
  return `none landed in its buckets: run more units (--units N), and with a file of ids check that they are ${diversion} ids (--unit-type)`;
}

export function analyze(input: AnalyzeInput): SimulationResult {
  const { model, tally } = input;
  const experiments = model.experiments.map((experiment) =>
    experimentResult(experiment, tally.experiments.get(experiment.id) as ExperimentTally, input.expectedShares.get(experiment.id)),
  );
  const layers = model.layers.map((layer, index) => layerResult(layer, tally.layers[index] as LayerTally));
  const pairs = tally.pairIndices().map(([a, b]) => pairResult(tally, input, a, b));
  const tests = [...experiments, ...layers, ...pairs].flatMap((item) => (item.test === null ? [] : [item.test]));
  return {
    config: input.config,
    population: input.population,
    units: tally.units,
    alpha: ALPHA,
    experiments,
    layers,
    pairs,
    checks: tests.length,
    flagged: tests.filter((test) => test.flagged).length,
  };
}

function check(test: ChiSquareTest | undefined, method: TestMethod = "chi-square"): CheckResult | null {
  return test === undefined ? null : { statistic: test.statistic, df: test.df, method, pValue: test.pValue, flagged: test.pValue < ALPHA };
}

function experimentResult(
  experiment: TrafficModel["experiments"][number],
  counts: ExperimentTally,
  shares: Readonly<Record<string, number>> | undefined,
): ExperimentResult {
  const reached = [...counts.groups.values()].reduce((sum, count) => sum + count, 0) + counts.noGroup;
  const groups: GroupCount[] = experiment.groups.map((group) => {
    const count = counts.groups.get(group.id) ?? 0;
    return { group: group.id, count, observedShare: reached > 0 ? count / reached : 0, expectedShare: shares === undefined ? null : (shares[group.id] ?? 0) };
  });
  const assigned = shares === undefined ? undefined : Object.values(shares).reduce((sum, share) => sum + share, 0);
  if (counts.noGroup > 0 || (assigned !== undefined && assigned < 1 - 1e-9)) {
    groups.push({
      group: NO_GROUP,
      count: counts.noGroup,
      observedShare: reached > 0 ? counts.noGroup / reached : 0,
      expectedShare: assigned === undefined ? null : Math.max(0, 1 - assigned),
    });
  }
  const base = {
    experiment: experiment.id,
    layer: experiment.layer.id,
    domain: experiment.layer.domain.id,
    segmenter: experiment.segmenter,
    status: experiment.status,
    reached,
    forced: counts.forced,
    excluded: Object.fromEntries(counts.excluded),
    groups,
  };
  if (experiment.status !== "running") return { ...base, test: null, note: `its status is ${experiment.status}, so it takes no units` };
  if (shares === undefined) {
    return { ...base, test: null, note: `the ${experiment.segmenter} segmenter adapts its shares to conversions, so there is no fixed expectation to test` };
  }
  if (experiment.slot.share === 0) return { ...base, test: null, note: "it has no buckets yet (strata allocate gives it some)" };
  if (reached === 0) {
    const why = Object.keys(base.excluded).length > 0 ? ` (${Object.entries(base.excluded).map(([reason, n]) => `${formatCount(n)} excluded by ${reason}`).join(", ")})` : "";
    return { ...base, test: null, note: `no simulated unit reached its segmenter${why}; ${unreachedFix(base.excluded, experiment.diversion)}` };
  }
  const ratio = sampleRatioTest(groups.map((group) => group.count), groups.map((group) => (group.expectedShare ?? 0) * reached));
  const test = check(ratio, ratio?.method);
  if (test === null) return { ...base, test, note: "a single group gets every unit, so there is nothing to compare" };
  return { ...base, test, note: test.method === "chi-square" || test.flagged ? null : `a group expects fewer than 5 units: ${test.method} test` };
}

function layerResult(layer: TrafficModel["layers"][number], counts: LayerTally): LayerResult {
  const histogram = counts.histogram;
  const units = histogram.reduce((sum, count) => sum + count, 0);
  // Merge adjacent buckets until each bin expects at least 5 units, the usual validity rule of the chi-square approximation.
  const bins = Math.max(1, Math.min(layer.buckets, Math.floor(units / 5)));
  const observed = new Array<number>(bins).fill(0);
  const width = new Array<number>(bins).fill(0);
  for (let b = 0; b < layer.buckets; b++) {
    const bin = Math.floor((b * bins) / layer.buckets);
    observed[bin] = (observed[bin] as number) + (histogram[b] as number);
    width[bin] = (width[bin] as number) + 1;
  }
  const expected = width.map((buckets) => (units * buckets) / layer.buckets);
  const profileBins = Math.min(50, layer.buckets);
  const profile = new Array<number>(profileBins).fill(0);
  for (let b = 0; b < layer.buckets; b++) {
    const bin = Math.floor((b * profileBins) / layer.buckets);
    profile[bin] = (profile[bin] as number) + (histogram[b] as number);
  }
  return {
    layer: layer.id,
    domain: layer.domain.id,
    launch: layer.launch,
    buckets: layer.buckets,
    units,
    bins,
    test: bins >= 2 ? check(goodnessOfFit(observed, expected)) : null,
    profile,
  };
}

function pairResult(tally: SimulationTally, input: AnalyzeInput, a: number, b: number): PairResult {
  const table = tally.table(a, b) ?? [];
  const layers: [string, string] = [(tally.layers[a] as LayerTally).id, (tally.layers[b] as LayerTally).id];
  const coupling = input.designed.between(layers[0], layers[1]);
  const read = new Set([...(input.attributesRead.get(layers[0]) ?? []), ...(input.attributesRead.get(layers[1]) ?? [])]);
  const strata = attributeStrata(tally.strata(a, b) ?? [], (stratum) => tally.stratumAttributes(stratum), read);
  const units = table.reduce((sum, row) => sum + row.reduce((inner, cell) => inner + cell, 0), 0);
  const rows = table.filter((row) => row.some((cell) => cell > 0)).length;
  const width = Math.max(0, ...table.map((row) => row.length));
  const columns = Array.from({ length: width }, (_, column) => column).filter((column) => table.some((row) => (row[column] ?? 0) > 0)).length;
  const stratified = strata.tables.length > 1;
  return {
    layers,
    units,
    categories: [rows, columns],
    stratifiedBy: stratified ? strata.attributes : [],
    strata: Math.max(1, strata.tables.length),
    dependentByDesign: coupling?.reason ?? null,
    leftOut: coupling === undefined ? null : { experiments: [...coupling.first, ...coupling.second], units: tally.leftOut(a, b) },
    test: stratified ? check(generalizedCochranMantelHaenszel(strata.tables), "Cochran-Mantel-Haenszel") : check(independence(table)),
  };
}
