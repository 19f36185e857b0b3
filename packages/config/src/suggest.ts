/**
 * "Did you mean …?" for misspelt names (config ids, option names, CLI commands): the known name a
 * misspelt one was most likely meant to be, the same name in another case, else the nearest by
 * edit distance.
 * @module
 */

/** Names longer than this get no suggestion (no id, option or command name is anywhere near as long). */
const LONGEST_COMPARED = 64;

/**
 * The number of single-character edits (insert, delete, replace, or swap two neighbours) that
 * turn `from` into `to`.
 */
function editsBetween(from: string, to: string): number {
  // Three rolling rows of the table: the one before the previous (for swaps), the previous, this.
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: to.length + 1 }, (_, j) => j);
  for (let i = 1; i <= from.length; i++) {
    const row = [i];
    for (let j = 1; j <= to.length; j++) {
      const replace = (previous[j - 1] as number) + (from[i - 1] === to[j - 1] ? 0 : 1);
      let best = Math.min(replace, (previous[j] as number) + 1, (row[j - 1] as number) + 1);
      if (i > 1 && j > 1 && from[i - 1] === to[j - 2] && from[i - 2] === to[j - 1]) best = Math.min(best, (beforePrevious[j - 2] as number) + 1);
      row.push(best);
    }
    beforePrevious = previous;
    previous = row;
  }
  return previous[to.length] as number;
}

/**
 * The name of `known` that `name` was probably meant to be: one equal to it ignoring case, else
 * the nearest within a few edits (one for names up to 4 characters, up to three for long ones);
 * undefined when none is that close.
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
    const edits = editsBetween(lower, candidate.toLowerCase());
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
