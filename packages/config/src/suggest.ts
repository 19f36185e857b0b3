/**
 * "Did you mean …?" for misspelt names (config ids, option names, CLI commands): the known name a
 * misspelt one was most likely meant to be, the same name in another case, else the nearest by
 * edit distance.
 * @module
 */
import { LIMITS } from "./limits.ts";

/** Names longer than the longest id a config may hold get no suggestion. */
const LONGEST_COMPARED = LIMITS.idLength;

/**
 * The number of single-character edits (insert, delete, replace, or swap two neighbours) that
 * turn `from` into `to`, or `limit + 1` when that is more than `limit`. Only the cells within
 * `limit` of the diagonal are computed, and a row whose every cell is over the limit ends it, so
 * a long name against many long candidates costs little.
 */
function editsWithin(from: string, to: string, limit: number): number {
  const over = limit + 1;
  if (Math.abs(from.length - to.length) > limit) return over;
  // Three rolling rows of the table: the one before the previous (for swaps), the previous, this.
  let beforePrevious = new Array<number>(to.length + 1).fill(over);
  let previous = Array.from({ length: to.length + 1 }, (_, j) => Math.min(j, over));
  let row = new Array<number>(to.length + 1).fill(over);
  for (let i = 1; i <= from.length; i++) {
    row.fill(over);
    row[0] = Math.min(i, over);
    let rowBest = row[0] as number;
    const last = Math.min(to.length, i + limit);
    for (let j = Math.max(1, i - limit); j <= last; j++) {
      let best = Math.min((previous[j - 1] as number) + (from[i - 1] === to[j - 1] ? 0 : 1), (previous[j] as number) + 1, (row[j - 1] as number) + 1);
      if (i > 1 && j > 1 && from[i - 1] === to[j - 2] && from[i - 2] === to[j - 1]) best = Math.min(best, (beforePrevious[j - 2] as number) + 1);
      row[j] = Math.min(best, over);
      if (best < rowBest) rowBest = best;
    }
    if (rowBest > limit) return over;
    [beforePrevious, previous, row] = [previous, row, beforePrevious];
  }
  return previous[to.length] as number;
}

/**
 * The name of `known` that `name` was probably meant to be: one equal to it ignoring case, else
 * the nearest within a few edits (one for names up to 4 characters, two up to 8, three for
 * longer ones); undefined when none is that close.
 */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  if (name.length > LONGEST_COMPARED) return undefined;
  const lower = name.toLowerCase();
  const candidates = [...known];
  const sameButCase = candidates.find((candidate) => candidate.toLowerCase() === lower);
  if (sameButCase !== undefined) return sameButCase;
  let nearest: string | undefined;
  let nearestEdits = Math.min(3, Math.ceil(name.length / 4)) + 1;
  for (const candidate of candidates) {
    const edits = editsWithin(lower, candidate.toLowerCase(), nearestEdits - 1);
    if (edits < nearestEdits) {
      nearest = candidate;
      nearestEdits = edits;
    }
  }
  return nearest;
}

/** ` — did you mean "x"?` or `` when nothing is close. */
export function didYouMean(name: string, known: Iterable<string>): string {
  const match = closestName(name, known);
  return match === undefined ? "" : ` — did you mean ${JSON.stringify(match)}?`;
}
