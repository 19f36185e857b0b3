import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bucketTable, type BucketRanges } from "../src/builtins/bucket-table.ts";

/** Random disjoint ranges over [0, 10000), dealt out to `groups` groups. */
const layouts = fc
  .tuple(fc.integer({ min: 1, max: 6 }), fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 2, maxLength: 60 }), fc.infiniteStream(fc.nat()))
  .map(([groups, cuts, picks]) => {
    const sorted = [...cuts].sort((a, b) => a - b);
    const byGroup: Array<Array<[number, number]>> = Array.from({ length: groups }, () => []);
    const stream = picks[Symbol.iterator]();
    for (let i = 0; i + 1 < sorted.length; i += 2) {
      byGroup[(stream.next().value as number) % groups]!.push([sorted[i]!, sorted[i + 1]!]);
    }
    return byGroup as BucketRanges[];
  });

describe("bucketTable", () => {
  it("maps every bucket to the group whose range holds it, scanned or tabled (fast-check)", () => {
    fc.assert(
      fc.property(layouts, (byGroup) => {
        const table = bucketTable(byGroup);
        for (let bucket = 0; bucket < 10_000; bucket++) {
          const expected = byGroup.findIndex((ranges) => ranges.some(([start, end]) => bucket >= start && bucket < end));
          if (table.groupAt(bucket) !== expected) expect(table.groupAt(bucket)).toBe(expected);
        }
      }),
      { numRuns: 150 },
    );
  });
});
