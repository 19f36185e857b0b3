import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addRolloutGroup, createSegmenter, rampRollout, removeRolloutGroup, rollout, SegmenterOptionsError, type RolloutOptions } from "../src/index.ts";
import { rolloutSchema } from "../src/builtins/rollout.ts";
import { testSegmenter } from "../src/testing/index.ts";
import { bucketContext, context, everyBucket, request, thrown } from "./helpers.ts";

testSegmenter({
  factory: rollout,
  options: { groups: [{ id: "new-checkout", percent: 20 }, { id: "holdback", percent: 5.5 }] },
  invalid: [
    { options: { groups: [{ id: "a", percent: 60 }, { id: "b", percent: 50 }] }, path: "groups" },
    { options: { groups: [{ id: "a", percent: 20, ranges: [[0, 1500]] }] }, path: "groups[0].percent" },
    { options: { groups: [{ id: "a", percent: 20, ranges: [[0, 2000]] }, { id: "b", percent: 10, ranges: [[1500, 2500]] }] }, path: "groups[1].ranges[0]" },
    { options: { groups: [{ id: "a", percent: 20, ranges: [[9000, 11000]] }] }, path: "groups[0].ranges[0]" },
    { options: { groups: [{ id: "a", percent: 20, ranges: [[0, 2000]] }, { id: "b", percent: 10 }] }, path: "groups[1].ranges" },
    { options: { groups: [{ id: "a", percent: 0.001 }] }, path: "groups[0].percent" },
  ],
});

testSegmenter({
  name: 'segmenter "rollout" with explicit, fragmented ranges',
  factory: rollout,
  options: {
    groups: [
      { id: "a", percent: 30, ranges: [[0, 1000], [5000, 7000]] },
      { id: "b", percent: 15, ranges: [[9500, 10_000], [1000, 2000]] },
      { id: "c", percent: 0, ranges: [] },
    ],
  },
  invalid: [{ options: { groups: [{ id: "a", percent: 10, ranges: [[500, 500]] }] }, path: "groups[0].ranges[0]" }],
});

/** The group of each of the 10,000 buckets. */
function layoutOf(options: RolloutOptions): (string | null)[] {
  const segmenter = createSegmenter(rollout, options, bucketContext());
  return everyBucket.map((unit) => segmenter.assign(unit, request));
}

/** Throws unless going from `before` to `after` only added buckets to `group` (growing) or only removed them (shrinking). */
function checkTransition(before: readonly (string | null)[], after: readonly (string | null)[], group: string, grew: boolean, label: (i: number) => string): void {
  before.forEach((was, i) => {
    const now = after[i];
    if (was === now) return;
    const allowed = grew ? was === null && now === group : was === group && now === null;
    if (!allowed) throw new Error(`${label(i)} went from ${was} to ${now} while ${group} ${grew ? "grew" : "shrank"}`);
  });
}

/** `count` percents in hundredths adding up to a random total of at most 100%. */
const startingPercents = (count: number) =>
  fc
    .tuple(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: count, maxLength: count }), fc.integer({ min: 0, max: 10_000 }))
    .map(([weights, budget]) => {
      const total = weights.reduce((a, b) => a + b, 0) || 1;
      return weights.map((w) => Math.floor((w * budget) / total));
    });

/** A ramp as a fraction of what the group could hold (its buckets plus the free ones); above 1 it must fail. */
const rampSequence = fc.integer({ min: 1, max: 5 }).chain((count) =>
  fc.record({
    start: startingPercents(count),
    ramps: fc.array(fc.record({ group: fc.integer({ min: 0, max: count - 1 }), fraction: fc.integer({ min: 0, max: 1100 }).map((n) => n / 1000) }), { minLength: 2, maxLength: 16 }),
  }),
);

/** The target of a ramp in hundredths, given what the group holds and what is free. */
function target(fraction: number, held: number, free: number): number {
  return Math.min(10_000, Math.floor(fraction * (held + free)));
}

describe("rollout", () => {
  it("puts the first of two groups at the bottom and the second at the top", () => {
    const layout = layoutOf({ groups: [{ id: "a", percent: 20 }, { id: "b", percent: 30 }] });
    expect(layout.slice(0, 2000).every((g) => g === "a")).toBe(true);
    expect(layout.slice(2000, 7000).every((g) => g === null)).toBe(true);
    expect(layout.slice(7000).every((g) => g === "b")).toBe(true);
  });

  it("lays three or more groups out one after another, and uses explicit ranges as given", () => {
    const derived = layoutOf({ groups: [{ id: "a", percent: 10 }, { id: "b", percent: 10 }, { id: "c", percent: 10 }] });
    expect([derived[0], derived[999], derived[1000], derived[2999], derived[3000]]).toEqual(["a", "a", "b", "c", null]);
    const explicit = layoutOf({ groups: [{ id: "a", percent: 1, ranges: [[9900, 10_000]] }, { id: "b", percent: 0.5, ranges: [[0, 25], [500, 525]] }] });
    expect([explicit[9899], explicit[9900], explicit[24], explicit[25], explicit[524]]).toEqual([null, "a", "b", null, "b"]);
  });

  it("declares each group's percent as its expected share", () => {
    const segmenter = createSegmenter(rollout, { groups: [{ id: "a", percent: 12.34 }, { id: "b", percent: 0 }] }, context());
    expect(segmenter.expectedShares).toEqual({ a: 0.1234, b: 0 });
  });

  it("ramping up and back down restores the original buckets (newest released first)", () => {
    const start: RolloutOptions = { groups: [{ id: "a", percent: 10 }, { id: "b", percent: 10 }, { id: "c", percent: 10 }] };
    const up = rampRollout(start, "a", 25);
    expect(up.groups[0]).toEqual({ id: "a", percent: 25, ranges: [[0, 1000], [3000, 4500]] });
    const down = rampRollout(up, "a", 10);
    expect(down.groups.map((g) => g.ranges)).toEqual([[[0, 1000]], [[1000, 2000]], [[2000, 3000]]]);
  });

  it("releases the newest part of a range that grew in place", () => {
    const start: RolloutOptions = { groups: [{ id: "a", percent: 10 }, { id: "b", percent: 10 }, { id: "c", percent: 10 }] };
    const grown = rampRollout(start, "c", 20);
    expect(grown.groups[2]?.ranges).toEqual([[2000, 4000]]);
    expect(rampRollout(grown, "c", 15).groups[2]?.ranges).toEqual([[2000, 3500]]);
  });

  it("raising a group straight back after lowering it gives it back the buckets it released", () => {
    const start = addRolloutGroup({ groups: [{ id: "a", percent: 10 }, { id: "b", percent: 30 }] }, "c");
    expect(start.groups[1]).toEqual({ id: "b", percent: 30, ranges: [[7000, 10_000]] });
    const lowered = rampRollout(start, "b", 20);
    expect(lowered.groups[1]?.ranges).toEqual([[7000, 9000]]);
    expect(rampRollout(lowered, "b", 30)).toEqual(start);
    // Past the released buckets, growth goes on from the same edge while it can, then takes the lowest free buckets.
    expect(rampRollout(lowered, "b", 35).groups[1]?.ranges).toEqual([[7000, 10_000], [1000, 1500]]);
    const grownDown = rampRollout({ groups: [{ id: "a", percent: 10, ranges: [[0, 1000]] }, { id: "b", percent: 20, ranges: [[2000, 4000]] }] }, "b", 10);
    expect(grownDown.groups[1]?.ranges).toEqual([[3000, 4000]]);
    expect(rampRollout(grownDown, "b", 20).groups[1]?.ranges).toEqual([[2000, 4000]]);
  });

  it("keeps two-group options free of ranges, growing the second group downward", () => {
    const start: RolloutOptions = { groups: [{ id: "on", percent: 10 }, { id: "holdback", percent: 5 }] };
    const next = rampRollout(rampRollout(start, "holdback", 20), "on", 50);
    expect(next).toEqual({ groups: [{ id: "on", percent: 50 }, { id: "holdback", percent: 20 }] });
    expect(start).toEqual({ groups: [{ id: "on", percent: 10 }, { id: "holdback", percent: 5 }] });
  });

  it("refuses to take another group's buckets", () => {
    const error = thrown(() => rampRollout({ groups: [{ id: "a", percent: 70 }, { id: "b", percent: 20 }] }, "b", 40, { experimentId: "ramp" }));
    expect(error).toBeInstanceOf(SegmenterOptionsError);
    expect(error.message).toBe('experiment "ramp": groups[1].percent: cannot ramp "b" from 20% to 40%: only 10% is free — lower another group first');
    expect(() => rampRollout({ groups: [{ id: "a", percent: 10 }] }, "z", 5)).toThrow(
      'groups: has no group "z" to ramp — known groups: "a"; add a new group with addRolloutGroup(), which moves no unit',
    );
    expect(() => rampRollout({ groups: [{ id: "a", percent: 10 }] }, "a", 10.001)).toThrow(/groups\[0\]\.percent: has more than two decimals/);
    expect(() => rampRollout({ groups: [{ id: "a", percent: 10 }] }, "a", 101)).toThrow(/groups\[0\]\.percent: must be between 0 and 100/);
  });

  it("explains overlapping and mismatched ranges", () => {
    const overlap = thrown(() =>
      createSegmenter(rollout, { groups: [{ id: "a", percent: 20, ranges: [[0, 2000]] }, { id: "b", percent: 10, ranges: [[1500, 2500]] }] }, context("rollout")),
    );
    expect(overlap.message).toBe(
      'experiment "rollout": groups[1].ranges[0]: [1500, 2500) overlaps groups[0].ranges[0] [0, 2000) — ranges must be disjoint; use rampRollout() to change allocations; it keeps ranges and percents in step',
    );
    const mismatch = thrown(() => createSegmenter(rollout, { groups: [{ id: "a", percent: 20, ranges: [[0, 1500]] }] }, context("rollout")));
    expect(mismatch.message).toContain("groups[0].percent: is 20 but the group's ranges cover 15% — make them agree");
  });

  it("shows NaN and Infinity in a bad range as themselves", () => {
    const error = thrown(() => createSegmenter(rollout, { groups: [{ id: "a", percent: 10, ranges: [[Number.NaN, 1000], [0, Infinity]] }] }, context("rollout")));
    expect(error.message).toBe(
      'experiment "rollout": groups[0].ranges[0]: must be a bucket range [start, end) with whole numbers 0 <= start < end <= 10000 (got [NaN,1000])\n' +
        'experiment "rollout": groups[0].ranges[1]: must be a bucket range [start, end) with whole numbers 0 <= start < end <= 10000 (got [0,Infinity])',
    );
  });

  it("random sequences of ramps never move a bucket between groups, and release the newest buckets first (property)", () => {
    fc.assert(
      fc.property(rampSequence, ({ start, ramps }) => {
        const ids = start.map((_, i) => `g${i}`);
        let options: RolloutOptions = { groups: ids.map((id, i) => ({ id, percent: (start[i] as number) / 100 })) };
        let before = layoutOf(options);
        // When each bucket joined its group: 0 for the starting layout, then the ramp's step.
        const joined = before.map(() => 0);
        ramps.forEach(({ group, fraction }, step) => {
          const id = ids[group] as string;
          const held = before.filter((g) => g === id).length;
          const free = before.filter((g) => g === null).length;
          const hundredths = target(fraction, held, free);
          if (hundredths > held + free) {
            expect(() => rampRollout(options, id, hundredths / 100)).toThrow(SegmenterOptionsError);
            return;
          }
          const next = rampRollout(options, id, hundredths / 100);
          const after = layoutOf(next);
          checkTransition(before, after, id, hundredths > held, (i) => `bucket ${i}`);
          expect(after.filter((g) => g === id).length).toBe(hundredths);
          if (hundredths < held) {
            const released = before.flatMap((g, i) => (g === id && after[i] === null ? [joined[i] as number] : []));
            const kept = after.flatMap((g, i) => (g === id ? [joined[i] as number] : []));
            expect(Math.min(...released)).toBeGreaterThanOrEqual(Math.max(0, ...kept));
          }
          after.forEach((g, i) => {
            if (g !== before[i]) joined[i] = step + 1;
          });
          if (ids.length <= 2) expect(next.groups.every((g) => g.ranges === undefined)).toBe(true);
          options = next;
          before = after;
        });
      }),
      { numRuns: 150 },
    );
  });

  it("random sequences of ramps never move a sampled unit between groups, with the real hash (property)", () => {
    const units = Array.from({ length: 400 }, (_, i) => `user-${i}`);
    fc.assert(
      fc.property(rampSequence, fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !s.includes(":")), ({ start, ramps }, salt) => {
        const ids = start.map((_, i) => `g${i}`);
        const ctx = context(salt);
        const assignAll = (options: RolloutOptions) => {
          const segmenter = createSegmenter(rollout, options, ctx);
          return units.map((unit) => segmenter.assign(unit, request));
        };
        let options: RolloutOptions = { groups: ids.map((id, i) => ({ id, percent: (start[i] as number) / 100 })) };
        let before = assignAll(options);
        for (const { group, fraction } of ramps) {
          const id = ids[group] as string;
          const held = Math.round((options.groups[group]?.percent as number) * 100);
          const free = 10_000 - options.groups.reduce((sum, g) => sum + Math.round(g.percent * 100), 0);
          const hundredths = target(fraction, held, free);
          let next: RolloutOptions;
          try {
            next = rampRollout(options, id, hundredths / 100);
          } catch (error) {
            if (error instanceof SegmenterOptionsError) continue;
            throw error;
          }
          const after = assignAll(next);
          checkTransition(before, after, id, hundredths > held, (i) => units[i] as string);
          options = next;
          before = after;
        }
      }),
      { numRuns: 100 },
    );
  });

  it("with two groups, hand edits of one percent at a time never move a bucket between groups (property)", () => {
    const edits = fc.array(fc.record({ group: fc.integer({ min: 0, max: 1 }), hundredths: fc.integer({ min: 0, max: 10_000 }) }), { maxLength: 15 });
    fc.assert(
      fc.property(edits, (steps) => {
        const percents = [0, 0];
        let before = layoutOf({ groups: [{ id: "a", percent: 0 }, { id: "b", percent: 0 }] });
        for (const { group, hundredths } of steps) {
          const other = percents[1 - group] as number;
          const value = Math.min(hundredths, 10_000 - other);
          const grew = value > (percents[group] as number);
          percents[group] = value;
          const after = layoutOf({ groups: [{ id: "a", percent: (percents[0] as number) / 100 }, { id: "b", percent: (percents[1] as number) / 100 }] });
          checkTransition(before, after, group === 0 ? "a" : "b", grew, (i) => `bucket ${i}`);
          before = after;
        }
      }),
      { numRuns: 150 },
    );
  });

  it("with three groups, hand edits of percents alone do move units (which is why rampRollout writes ranges)", () => {
    const before = layoutOf({ groups: [{ id: "a", percent: 10 }, { id: "b", percent: 10 }, { id: "c", percent: 10 }] });
    const edited = layoutOf({ groups: [{ id: "a", percent: 20 }, { id: "b", percent: 10 }, { id: "c", percent: 10 }] });
    expect([before[1500], edited[1500]]).toEqual(["b", "a"]);
    const ramped = layoutOf(rampRollout({ groups: [{ id: "a", percent: 10 }, { id: "b", percent: 10 }, { id: "c", percent: 10 }] }, "a", 20));
    expect(() => checkTransition(before, ramped, "a", true, String)).not.toThrow();
  });

  it("with two groups, adding a third by hand moves units, even at 0% (which is why addRolloutGroup writes ranges)", () => {
    const two: RolloutOptions = { groups: [{ id: "a", percent: 30 }, { id: "b", percent: 50 }] };
    const before = layoutOf(two);
    const byHand = layoutOf({ groups: [...two.groups, { id: "c", percent: 0 }] });
    expect([before[9000], byHand[9000], before[4000], byHand[4000]]).toEqual(["b", null, null, "b"]);
    expect(layoutOf(addRolloutGroup(two, "c"))).toEqual(before);
  });
});

describe("addRolloutGroup", () => {
  const two: RolloutOptions = { groups: [{ id: "on", percent: 30 }, { id: "holdback", percent: 50 }] };

  it("writes the current layout out as ranges and appends the new group with none", () => {
    const added = addRolloutGroup(two, "variant-b");
    expect(added).toEqual({
      groups: [
        { id: "on", percent: 30, ranges: [[0, 3000]] },
        { id: "holdback", percent: 50, ranges: [[5000, 10_000]] },
        { id: "variant-b", percent: 0, ranges: [] },
      ],
    });
    expect(rampRollout(added, "variant-b", 20).groups[2]).toEqual({ id: "variant-b", percent: 20, ranges: [[3000, 5000]] });
    expect(addRolloutGroup(two, "variant-b", 20)).toEqual(rampRollout(added, "variant-b", 20));
    expect(two).toEqual({ groups: [{ id: "on", percent: 30 }, { id: "holdback", percent: 50 }] });
  });

  it("keeps a one-group rollout free of ranges: the second group grows down from the top", () => {
    expect(addRolloutGroup({ groups: [{ id: "on", percent: 30 }] }, "holdback", 5)).toEqual({
      groups: [{ id: "on", percent: 30 }, { id: "holdback", percent: 5 }],
    });
  });

  it("appends an empty range to explicit ranges", () => {
    const explicit: RolloutOptions = { groups: [{ id: "a", percent: 10, ranges: [[0, 1000]] }] };
    expect(addRolloutGroup(explicit, "b")).toEqual({ groups: [...explicit.groups, { id: "b", percent: 0, ranges: [] }] });
  });

  it("refuses duplicate ids and percents larger than the free space, naming the field", () => {
    const duplicate = thrown(() => addRolloutGroup(two, "holdback", 0, { experimentId: "checkout" }));
    expect(duplicate).toBeInstanceOf(SegmenterOptionsError);
    expect(duplicate.message).toBe('experiment "checkout": groups[2].id: duplicate group id "holdback" (also groups[1].id) — give each group a unique id');
    expect(() => addRolloutGroup(two, "variant-b", 30)).toThrow('groups[2].percent: cannot ramp "variant-b" from 0% to 30%: only 20% is free — lower another group first');
    expect(() => addRolloutGroup(two, "variant-b", 12.345)).toThrow(/groups\[2\]\.percent: has more than two decimals/);
  });

  it("is what the error for a group added by hand to explicit ranges points to", () => {
    const byHand = { groups: [{ id: "a", percent: 10, ranges: [[0, 1000]] }, { id: "b", percent: 0 }] };
    expect(() => createSegmenter(rollout, byHand, context("rollout"))).toThrow(
      'experiment "rollout": groups[1].ranges: is missing while other groups list ranges — give every group its ranges, or none; to add a group, use addRolloutGroup(), which gives it an empty range',
    );
  });
});

describe("removeRolloutGroup", () => {
  const two: RolloutOptions = { groups: [{ id: "on", percent: 30 }, { id: "holdback", percent: 50 }] };

  it("keeps the other groups' buckets, writing ranges when the derived layout would move them", () => {
    expect(removeRolloutGroup(two, "on")).toEqual({ groups: [{ id: "holdback", percent: 50, ranges: [[5000, 10_000]] }] });
    expect(removeRolloutGroup(two, "holdback")).toEqual({ groups: [{ id: "on", percent: 30 }] });
    const three = addRolloutGroup(two, "variant-b", 10);
    expect(removeRolloutGroup(three, "holdback")).toEqual({
      groups: [
        { id: "on", percent: 30, ranges: [[0, 3000]] },
        { id: "variant-b", percent: 10, ranges: [[3000, 4000]] },
      ],
    });
  });

  it("refuses unknown groups and the only group", () => {
    expect(() => removeRolloutGroup(two, "off")).toThrow('groups: has no group "off" to remove — known groups: "on", "holdback"');
    const only = thrown(() => removeRolloutGroup({ groups: [{ id: "on", percent: 30 }] }, "on", { experimentId: "checkout" }));
    expect(only).toBeInstanceOf(SegmenterOptionsError);
    expect(only.message).toBe(
      'experiment "checkout": groups[0]: cannot remove "on", the only group — a rollout needs at least one group; ramp it to 0 with rampRollout() instead',
    );
  });
});

/** One change to a rollout: add a group (taking a fraction of the free space), remove one, or ramp one. */
const groupStep = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), fraction: fc.integer({ min: 0, max: 1100 }).map((n) => n / 1000) }),
  fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("ramp" as const), pick: fc.nat(), fraction: fc.integer({ min: 0, max: 1100 }).map((n) => n / 1000) }),
);

/** A starting rollout of 1–5 groups and 1–16 changes. */
const groupSequence = fc.record({ start: fc.integer({ min: 1, max: 5 }).chain(startingPercents), steps: fc.array(groupStep, { minLength: 1, maxLength: 16 }) });

/** The options after `steps`, skipping a step the options refuse (more than is free, the only group). */
function withHistory(start: readonly number[], steps: readonly (typeof groupStep extends fc.Arbitrary<infer Step> ? Step : never)[]): RolloutOptions {
  let created = start.length;
  let options: RolloutOptions = { groups: start.map((hundredths, i) => ({ id: `g${i}`, percent: hundredths / 100 })) };
  for (const step of steps) {
    const free = layoutOf(options).filter((g) => g === null).length;
    const id = options.groups[(step.kind === "add" ? 0 : step.pick) % options.groups.length]?.id as string;
    const held = Math.round((options.groups.find((g) => g.id === id)?.percent ?? 0) * 100);
    try {
      if (step.kind === "add") options = addRolloutGroup(options, `g${created++}`, target(step.fraction, 0, free) / 100);
      else if (step.kind === "remove") options = removeRolloutGroup(options, id);
      else options = rampRollout(options, id, target(step.fraction, held, free) / 100);
    } catch (error) {
      if (!(error instanceof SegmenterOptionsError)) throw error;
    }
  }
  return options;
}

describe("adding, removing and ramping groups (property)", () => {
  it("lowering a group within its newest range and raising it straight back restores every range", () => {
    const undo = fc.record({ history: groupSequence, pick: fc.nat(), fraction: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }) });
    fc.assert(
      fc.property(undo, ({ history, pick, fraction }) => {
        const options = withHistory(history.start, history.steps);
        const { ids, sizes, layout } = rolloutSchema.verify(options, "");
        const index = pick % ids.length;
        const newest = layout[index]?.at(-1);
        fc.pre(newest !== undefined && newest[1] - newest[0] >= 2);
        const [start, end] = newest as [number, number];
        const lowerBy = 1 + Math.floor(fraction * (end - start - 1));
        const size = sizes[index] as number;
        const id = ids[index] as string;
        const back = rampRollout(rampRollout(options, id, (size - lowerBy) / 100), id, size / 100);
        expect(rolloutSchema.verify(back, "").layout).toEqual(layout);
      }),
      { numRuns: 300 },
    );
  });


  it("never moves a bucket from one group to another, and changes only the group it is about", () => {
    fc.assert(
      fc.property(groupSequence, ({ start, steps }) => {
        let created = start.length;
        let options: RolloutOptions = { groups: start.map((hundredths, i) => ({ id: `g${i}`, percent: hundredths / 100 })) };
        let before = layoutOf(options);
        for (const step of steps) {
          const free = before.filter((g) => g === null).length;
          let next: RolloutOptions;
          let check: (was: string | null, now: string | null) => boolean;
          if (step.kind === "add") {
            const id = `g${created++}`;
            const hundredths = target(step.fraction, 0, free);
            if (hundredths > free) {
              expect(() => addRolloutGroup(options, id, hundredths / 100)).toThrow(SegmenterOptionsError);
              continue;
            }
            next = addRolloutGroup(options, id, hundredths / 100);
            check = (was, now) => was === null && now === id;
            expect(next.groups.at(-1)?.percent).toBe(hundredths / 100);
          } else {
            const id = options.groups[step.pick % options.groups.length]?.id as string;
            if (step.kind === "remove") {
              if (options.groups.length === 1) {
                expect(() => removeRolloutGroup(options, id)).toThrow(SegmenterOptionsError);
                continue;
              }
              next = removeRolloutGroup(options, id);
              check = (was, now) => was === id && now === null;
            } else {
              const held = before.filter((g) => g === id).length;
              const hundredths = target(step.fraction, held, free);
              if (hundredths > held + free) continue;
              next = rampRollout(options, id, hundredths / 100);
              check = (was, now) => (hundredths > held ? was === null && now === id : was === id && now === null);
            }
          }
          const after = layoutOf(next);
          before.forEach((was, i) => {
            const now = after[i] as string | null;
            if (was !== null && now !== null && was !== now) throw new Error(`bucket ${i} moved from ${was} to ${now} at ${JSON.stringify(step)}`);
            if (was !== now && !check(was, now)) throw new Error(`bucket ${i} went from ${was} to ${now} at ${JSON.stringify(step)}`);
          });
          next.groups.forEach((group) => expect(after.filter((g) => g === group.id).length).toBe(Math.round(group.percent * 100)));
          options = next;
          before = after;
        }
      }),
      { numRuns: 150 },
    );
  });
});
