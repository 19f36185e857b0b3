/**
 * What the `i` flag makes equal. Without the `u` flag (which `$options` does not offer),
 * JavaScript compares two characters case-insensitively by ECMA-262's Canonicalize: a code unit
 * stands for its `toUpperCase()` when that is a single code unit, except that a non-ASCII code unit
 * never stands for an ASCII one. So `é`/`É`, `ж`/`Ж`, `σ`/`Σ`/`ς` and `µ`/`Μ`/`μ` match each other,
 * while `ſ` does not match `s` and the Kelvin sign does not match `k`.
 *
 * The table is built from this JavaScript engine's own `toUpperCase`, the function its regex
 * matcher follows, so it is exact for the engine that validates the pattern. It must be exact,
 * not merely generous: a negated class `[^…]` matches the complement of its folded contents, so
 * folding too much would make that complement too small.
 * @module
 */
import { normalize, type CharSet } from "./charset.ts";

/** The case classes with more than one member: their code units in order, and each one's class. */
interface CaseClasses {
  /** Every code unit that has a case partner, ascending. */
  readonly codes: Uint16Array;
  /** For `codes[i]`, the index in `members` of its class. */
  readonly classOf: Uint16Array;
  /** The classes: the code units that are equal under the `i` flag, ascending. */
  readonly members: readonly (readonly number[])[];
}

let classes: CaseClasses | undefined;

/** The code unit `code` stands for when the `i` flag compares it (Canonicalize without `u`). */
function canonicalize(code: number): number {
  const upper = String.fromCharCode(code).toUpperCase();
  if (upper.length !== 1) return code;
  const unit = upper.charCodeAt(0);
  return code >= 0x80 && unit < 0x80 ? code : unit;
}

function caseClasses(): CaseClasses {
  if (classes !== undefined) return classes;
  const canonical = new Uint16Array(0x10000);
  const size = new Uint16Array(0x10000);
  for (let code = 0; code <= 0xffff; code++) {
    canonical[code] = canonicalize(code);
    size[canonical[code]!]!++;
  }
  const indexOfCanonical = new Map<number, number>();
  const members: number[][] = [];
  const codes: number[] = [];
  const classOf: number[] = [];
  for (let code = 0; code <= 0xffff; code++) {
    const key = canonical[code]!;
    if (size[key]! < 2) continue;
    let index = indexOfCanonical.get(key);
    if (index === undefined) {
      index = members.length;
      indexOfCanonical.set(key, index);
      members.push([]);
    }
    members[index]!.push(code);
    codes.push(code);
    classOf.push(index);
  }
  classes = { codes: Uint16Array.from(codes), classOf: Uint16Array.from(classOf), members };
  return classes;
}

/** `set` plus every code unit the `i` flag makes equal to one of its members: what a pattern part matches under `i`. */
export function foldCase(set: CharSet): CharSet {
  const { codes, classOf, members } = caseClasses();
  const extra: number[] = [];
  let next = 0;
  for (let i = 0; i < set.length; i += 2) {
    const lo = set[i]!;
    const hi = set[i + 1]!;
    next = lowerBound(codes, lo, next);
    for (; next < codes.length && codes[next]! <= hi; next++) {
      for (const partner of members[classOf[next]!]!) extra.push(partner, partner);
    }
  }
  return extra.length === 0 ? set : normalize([...set, ...extra]);
}

/** The first index from `from` on whose code unit is at least `code` (a binary search). */
function lowerBound(codes: Uint16Array, code: number, from: number): number {
  let lo = from;
  let hi = codes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (codes[mid]! < code) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
