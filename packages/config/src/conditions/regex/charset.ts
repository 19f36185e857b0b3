/**
 * Sets of UTF-16 code units as sorted, disjoint, inclusive ranges: what the regex safety
 * analysis needs to decide whether two parts of a pattern can match the same character.
 * @module
 */

/** A set of UTF-16 code units: flattened inclusive ranges `[lo0, hi0, lo1, hi1, …]`, sorted and disjoint. */
export type CharSet = readonly number[];

/** The largest UTF-16 code unit. */
const MAX = 0xffff;

/** The empty set. */
export const EMPTY: CharSet = [];

/** Every code unit. */
export const ANY: CharSet = [0, MAX];

/** `\d`. */
export const DIGIT: CharSet = [0x30, 0x39];

/** `\w`. */
export const WORD: CharSet = normalize([0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a]);

/** `\s`: JavaScript white space and line terminators. */
export const SPACE: CharSet = normalize([
  0x09, 0x0d, 0x20, 0x20, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x202f, 0x205f, 0x205f, 0x3000,
  0x3000, 0xfeff, 0xfeff,
]);

/** Line terminators: what `.` does not match without the `s` flag. */
export const LINE_TERMINATORS: CharSet = normalize([0x0a, 0x0a, 0x0d, 0x0d, 0x2028, 0x2029]);

/** The set of one code unit. */
export function single(code: number): CharSet {
  return [code, code];
}

/** The set of the code units from `lo` to `hi` inclusive. */
export function range(lo: number, hi: number): CharSet {
  return [lo, hi];
}

/** Sorts and merges arbitrary flattened ranges into a CharSet. */
export function normalize(flat: readonly number[]): CharSet {
  const pairs: [number, number][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    const last = out.length - 1;
    if (last > 0 && lo <= out[last]! + 1) out[last] = Math.max(out[last]!, hi);
    else out.push(lo, hi);
  }
  return out;
}

/** The union of two sets. */
export function union(a: CharSet, b: CharSet): CharSet {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  return normalize([...a, ...b]);
}

/** Every code unit not in `set`. */
export function complement(set: CharSet): CharSet {
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < set.length; i += 2) {
    if (set[i]! > next) out.push(next, set[i]! - 1);
    next = set[i + 1]! + 1;
  }
  if (next <= MAX) out.push(next, MAX);
  return out;
}

/** True when the two sets share at least one code unit. */
export function intersects(a: CharSet, b: CharSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i + 1]! < b[j]!) i += 2;
    else if (b[j + 1]! < a[i]!) j += 2;
    else return true;
  }
  return false;
}
