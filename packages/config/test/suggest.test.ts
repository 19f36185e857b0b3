import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { closestName, didYouMean } from "../src/index.ts";

describe("closestName", () => {
  it("prefers the same name in another case, then the fewest edits (a swap of neighbours is one)", () => {
    expect(closestName("onexposure", ["onExposure", "exposure"])).toBe("onExposure");
    expect(closestName("stikcy", ["sticky", "status"])).toBe("sticky");
    expect(closestName("segmentr", ["segmenter", "segments"])).toBe("segmenter");
  });

  it("allows one edit up to 4 characters, two up to 8 and three beyond; nothing for names longer than an id may be (128)", () => {
    expect(closestName("unt", ["unit"])).toBe("unit");
    expect(closestName("ut", ["unit"])).toBeUndefined();
    expect(closestName("wieght", ["weight"])).toBe("weight");
    expect(closestName("wxyzht", ["weight"])).toBeUndefined();
    expect(closestName("condtons", ["conditions"])).toBe("conditions");
    expect(closestName("launchlayerz", ["launchLayer"])).toBe("launchLayer");
    expect(closestName("a".repeat(129), ["a".repeat(128)])).toBeUndefined();
    expect(closestName("anything", [])).toBeUndefined();
  });

  it("takes any iterable of names, and didYouMean words the hint", () => {
    expect(closestName("redd", new Set(["red", "blue"]))).toBe("red");
    expect(didYouMean("redd", ["red", "blue"])).toBe(' — did you mean "red"?');
    expect(didYouMean("purple", ["red", "blue"])).toBe("");
  });
});

/** The reference: the full table of edits (insert, delete, replace, swap of neighbours), no limit, no shortcuts. */
function editsReference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The reference closestName: the same rules over the full table. */
function closestReference(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const same = known.find((k) => k.toLowerCase() === lower);
  if (same !== undefined) return same;
  let nearest: string | undefined;
  let nearestEdits = Math.min(3, Math.ceil(name.length / 4)) + 1;
  for (const k of known) {
    const edits = editsReference(lower, k.toLowerCase());
    if (edits < nearestEdits) [nearest, nearestEdits] = [k, edits];
  }
  return nearest;
}

describe("closestName against the full table", () => {
  it("suggests what the full table of edits suggests (random names over a small alphabet)", () => {
    const name = fc.stringMatching(/^[abcA]{0,12}$/);
    fc.assert(fc.property(name, fc.array(name, { maxLength: 8 }), (typed, known) => closestName(typed, known) === closestReference(typed, known)), { numRuns: 3000 });
  });

  it("suggests for ids as long as a config may hold (128 characters), and stops early on long lists of long names", () => {
    const id = `${"layer_checkout_".repeat(8)}x`.slice(0, 128);
    expect(closestName(`${id.slice(0, 60)}Q${id.slice(61)}`, [id])).toBe(id);
    const known = Array.from({ length: 10_000 }, (_, i) => `${"p".repeat(120)}${String(i).padStart(8, "0")}`);
    expect(closestName(`${"p".repeat(120)}0001234`, known)).toBe(`${"p".repeat(120)}00001234`);
  });
});
