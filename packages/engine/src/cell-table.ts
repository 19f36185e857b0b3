/**
 * A layer's bucket → cell table. A cell is the list of slots covering a bucket, in config order:
 * one slot, or several whose conditions are provably disjoint. Buckets covered by the same slots
 * share one cell, found through a map keyed by the slots' indices, so building the table costs
 * one step per bucket of each slot's ranges (a layer at the bucket limit compiles in milliseconds).
 * @module
 */

/** The table of a layer: the cell of every bucket (−1: none) and the cells. */
export interface CellTable<Slot> {
  /** Bucket → cell index (−1: the bucket is in no slot). */
  readonly table: Int32Array;
  /** Each distinct list of slots sharing buckets, in config order. */
  readonly cells: readonly (readonly Slot[])[];
}

/** Builds the bucket → cell table of a layer with `buckets` buckets from its slots (in config order) and their half-open ranges. */
export function buildCellTable<Slot>(buckets: number, slots: readonly { readonly slot: Slot; readonly ranges: readonly (readonly [number, number])[] }[]): CellTable<Slot> {
  const table = new Int32Array(buckets).fill(-1);
  const cells: Slot[][] = [];
  // The identity of each cell: its slots' indices, e.g. "0,3"; the cell of each identity; the index of each cell's last slot.
  const keys: string[] = [];
  const byKey = new Map<string, number>();
  const lastSlot: number[] = [];
  const cellOf = (key: string, slots: Slot[], last: number): number => {
    let cell = byKey.get(key);
    if (cell === undefined) {
      cell = cells.push(slots) - 1;
      keys.push(key);
      lastSlot.push(last);
      byKey.set(key, cell);
    }
    return cell;
  };
  for (let index = 0; index < slots.length; index++) {
    const { slot, ranges } = slots[index] as (typeof slots)[number];
    // Adding this slot moves every bucket from its cell to one cell: remember each move once.
    const moves = new Map<number, number>();
    let lastFrom = Number.NaN;
    let lastTo = -1;
    for (const [start, end] of ranges) {
      for (let b = start; b < end; b++) {
        const from = table[b] as number;
        if (from !== lastFrom) {
          let to = moves.get(from);
          if (to === undefined) {
            if (from < 0) to = cellOf(String(index), [slot], index);
            // Ranges of one slot that overlap: the bucket already holds this slot.
            else if (lastSlot[from] === index) to = from;
            else to = cellOf(`${keys[from] as string},${index}`, [...(cells[from] as Slot[]), slot], index);
            moves.set(from, to);
          }
          lastFrom = from;
          lastTo = to;
        }
        table[b] = lastTo;
      }
    }
  }
  return { table, cells };
}
