/**
 * Cool-down durations: milliseconds, or text such as `"14d"`, `"36h"`, `"90m"`, `"2w"`.
 * @module
 */

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Milliseconds for `14d`, `36h`, `90m`, `30s`, `500ms`, `2w` or a number of milliseconds; undefined when unreadable. */
export function parseDuration(value: number | string): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*$/.exec(value);
  if (match === null) return undefined;
  const ms = Number(match[1]) * UNITS[match[2]!]!;
  return Number.isFinite(ms) ? ms : undefined;
}

/** A duration as people read it: `14d`, `36h`, `90m`. */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [["d", UNITS.d!], ["h", UNITS.h!], ["m", UNITS.m!], ["s", UNITS.s!]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return ms >= UNITS.d! ? `${Math.round((ms / UNITS.d!) * 10) / 10}d` : ms >= UNITS.h! ? `${Math.round((ms / UNITS.h!) * 10) / 10}h` : `${Math.round(ms / 1000)}s`;
}
