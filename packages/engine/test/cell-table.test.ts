import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LIMITS, validate, type ExperimentConfig, type StrataConfig } from "@strata/config";
import { builtinSegmenters, type SegmenterFactory } from "@strata/segmenters";
import { buildCellTable } from "../src/cell-table.ts";
import { compileConfig, createEngine } from "../src/index.ts";

type Slots<S> = { slot: S; ranges: [number, number][] }[];

/** The table as the engine built it before: one new cell per bucket, combinations found by scanning every cell (quadratic). */
function quadraticCellTable<S>(buckets: number, slots: Slots<S>): { table: Int32Array; cells: S[][] } {
  const table = new Int32Array(buckets).fill(-1);
  const cells: S[][] = [];
  for (const { slot, ranges } of slots) {
    for (const [start, end] of ranges) {
      for (let b = start; b < end; b++) {
        const cell = table[b] as number;
        if (cell < 0) {
          table[b] = cells.length;
          cells.push([slot]);
        } else if (!(cells[cell] as S[]).includes(slot)) {
          const combined = [...(cells[cell] as S[]), slot];
          const same = cells.findIndex((c) => c.length === combined.length && c.every((s, i) => s === combined[i]));
          table[b] = same >= 0 ? same : cells.push(combined) - 1;
        }
      }
    }
  }
  return { table, cells };
}

/** The slots each bucket resolves to (cell indices may differ between builds; what a bucket holds may not). */
function resolved<S>(table: Int32Array, cells: readonly (readonly S[])[]): (readonly S[] | null)[] {
  return Array.from(table, (cell) => (cell < 0 ? null : (cells[cell] as readonly S[])));
}

const byCountry = (id: string, country: string): ExperimentConfig => ({
  id,
  status: "running",
  conditions: { country },
  groups: [{ id: "a", params: { p: id } }],
  segmenter: { type: "percentage", groups: [{ id: "a", weight: 100 }] },
});

/** One layer of `buckets` buckets, wholly covered by two slots told apart by their conditions. */
const twoDisjointSlots = (buckets: number): StrataConfig => ({
  version: 1,
  units: ["userId"],
  params: { p: "default" },
  domain: {
    id: "root",
    layers: [{ id: "L", params: ["p"], buckets, slots: [{ ranges: [[0, buckets]], experiment: byCountry("us", "US") }, { ranges: [[0, buckets]], experiment: byCountry("fr", "FR") }] }],
  },
});

const factories = new Map((builtinSegmenters as readonly SegmenterFactory[]).map((f) => [f.type, f]));

describe("the bucket → cell table", () => {
  it("resolves every bucket to the same slots as the quadratic build, for random layouts with shared and overlapping ranges (fast-check)", () => {
    const layout = fc.integer({ min: 1, max: 200 }).chain((buckets) =>
      fc.tuple(
        fc.constant(buckets),
        fc.array(fc.array(fc.tuple(fc.nat(buckets), fc.nat(buckets)).map(([a, b]): [number, number] => [Math.min(a, b), Math.max(a, b)]), { maxLength: 4 }), { maxLength: 8 }),
      ),
    );
    fc.assert(
      fc.property(layout, ([buckets, rangesPerSlot]) => {
        const slots = rangesPerSlot.map((ranges, index) => ({ slot: { index }, ranges }));
        const built = buildCellTable(buckets, slots);
        const reference = quadraticCellTable(buckets, slots);
        expect(resolved(built.table, built.cells)).toEqual(resolved(reference.table, reference.cells));
        // …with the very slot objects, and no two cells alike.
        for (let b = 0; b < buckets; b++) {
          const mine = built.cells[built.table[b] as number] ?? [];
          (reference.cells[reference.table[b] as number] ?? []).forEach((slot, i) => expect(mine[i]).toBe(slot));
        }
        const identities = built.cells.map((cell) => cell.map((s) => s.index).join(","));
        expect(new Set(identities).size).toBe(identities.length);
      }),
      { numRuns: 300 },
    );
  });

  it("gives buckets held by the same slots one shared cell", () => {
    const { table, cells } = buildCellTable(1000, [
      { slot: "us", ranges: [[0, 1000]] },
      { slot: "fr", ranges: [[0, 1000]] },
    ]);
    expect(new Set(table)).toEqual(new Set([1]));
    expect(cells[1]).toEqual(["us", "fr"]);
  });

  it(`compiles a layer at the bucket limit (${LIMITS.buckets}) wholly covered by two condition-disjoint slots, and serves it`, () => {
    const cfg = twoDisjointSlots(LIMITS.buckets);
    const checked = validate(cfg);
    expect(checked.errors).toEqual([]);
    const layer = compileConfig(checked.config as StrataConfig, { segmenters: factories }).root.layers[0]!;
    expect(layer.table.length).toBe(LIMITS.buckets);
    expect(layer.cells.map((cell) => cell.map((slot) => slot.experiment?.id))).toEqual([["us"], ["us", "fr"]]);
    expect(layer.table.every((cell) => cell === 1)).toBe(true);
    const engine = createEngine(cfg);
    for (let i = 0; i < 50; i++) {
      const units = { userId: `user-${i}` };
      expect(engine.decide({ units, attributes: { country: "FR" } }).get("p")).toBe("fr");
      expect(engine.decide({ units, attributes: { country: "US" } }).get("p")).toBe("us");
      expect(engine.decide({ units, attributes: { country: "DE" } }).get("p")).toBe("default");
    }
  });
});
