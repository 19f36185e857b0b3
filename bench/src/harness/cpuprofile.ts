/**
 * Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and sums self time per function, so that
 * "where does the time go" has an answer in numbers. Pure: unit-tested without profiling.
 * @module
 */

/** The parts of the .cpuprofile format used here. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber?: number };
    readonly hitCount?: number;
    readonly children?: readonly number[];
    readonly positionTicks?: readonly { readonly line: number; readonly ticks: number }[];
  }[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

/** Self time of one function (all its nodes summed). */
export interface SelfTime {
  /** `name (file:line)`, file relative to the repository when possible. */
  readonly where: string;
  readonly functionName: string;
  /** Self time in ms. */
  readonly ms: number;
  /** Share of the profile's total sampled time. */
  readonly share: number;
}

/** Shortens a script URL: `…/packages/engine/src/evaluate.ts`, `node_modules/<pkg>/…`, `node:…`. */
export function shortUrl(url: string): string {
  if (url === "") return "(native)";
  const path = url.replace(/^file:\/\//, "");
  const pnpm = path.lastIndexOf("/node_modules/");
  if (pnpm >= 0) return path.slice(pnpm + 1);
  for (const root of ["/packages/", "/bench/", "/apps/"]) {
    const at = path.lastIndexOf(root);
    if (at >= 0) return path.slice(at + 1);
  }
  return path;
}

/**
 * Self time per function. Uses the sample timestamps when present (as DevTools does: a sample
 * owns the time until the next sample), otherwise hit counts × the mean interval.
 */
export function selfTimes(profile: CpuProfile): { total: number; functions: SelfTime[] } {
  const byNode = new Map<number, number>();
  const { samples, timeDeltas } = profile;
  if (samples && timeDeltas && samples.length === timeDeltas.length && samples.length > 1) {
    // timeDeltas[i] is the time between sample i-1 and sample i: it belongs to sample i-1.
    for (let i = 0; i + 1 < samples.length; i++) {
      const node = samples[i] as number;
      byNode.set(node, (byNode.get(node) ?? 0) + Math.max(0, timeDeltas[i + 1] as number));
    }
  } else {
    const hits = profile.nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0);
    const interval = hits > 0 ? (profile.endTime - profile.startTime) / hits : 0;
    for (const n of profile.nodes) byNode.set(n.id, (n.hitCount ?? 0) * interval);
  }
  const byFunction = new Map<string, { functionName: string; us: number }>();
  let total = 0;
  for (const n of profile.nodes) {
    const us = byNode.get(n.id) ?? 0;
    if (us === 0) continue;
    total += us;
    const { functionName, url, lineNumber } = n.callFrame;
    const name = functionName || "(anonymous)";
    const where = url ? `${name} (${shortUrl(url)}:${lineNumber + 1})` : name;
    const entry = byFunction.get(where) ?? { functionName: name, us: 0 };
    entry.us += us;
    byFunction.set(where, entry);
  }
  const functions = [...byFunction.entries()]
    .map(([where, { functionName, us }]) => ({ where, functionName, ms: us / 1000, share: total > 0 ? us / total : 0 }))
    .sort((a, b) => b.ms - a.ms);
  return { total: total / 1000, functions };
}

/** Ticks on one source line (summed over every node whose function has ticks there). */
export interface LineTicks {
  readonly url: string;
  /** 1-based line. */
  readonly line: number;
  readonly ticks: number;
  /** Share of all line ticks. */
  readonly share: number;
  /** The functions whose ticks these are. */
  readonly functions: readonly string[];
}

/** Ticks per (script, line), from the nodes' `positionTicks`. With inlining, a line of an inlined callee is charged to the caller's call line. */
export function lineTicks(profile: CpuProfile): LineTicks[] {
  const byLine = new Map<string, { url: string; line: number; ticks: number; functions: Set<string> }>();
  let total = 0;
  for (const n of profile.nodes) {
    for (const { line, ticks } of n.positionTicks ?? []) {
      const key = `${n.callFrame.url}\n${line}`;
      let entry = byLine.get(key);
      if (!entry) byLine.set(key, (entry = { url: n.callFrame.url, line, ticks: 0, functions: new Set() }));
      entry.ticks += ticks;
      entry.functions.add(n.callFrame.functionName || "(anonymous)");
      total += ticks;
    }
  }
  return [...byLine.values()]
    .map((e) => ({ url: e.url, line: e.line, ticks: e.ticks, share: total > 0 ? e.ticks / total : 0, functions: [...e.functions] }))
    .sort((a, b) => b.ticks - a.ticks);
}
