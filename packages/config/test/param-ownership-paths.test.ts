/** Property: in a valid config, no unit can reach two normal layers that own the same parameter. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validate, walkConfig, type StrataConfig } from "../src/index.ts";

const PARAMS = ["p", "q"] as const;

interface TreeDomain {
  readonly layers: readonly TreeLayer[];
}
interface TreeLayer {
  readonly launch: boolean;
  readonly params: readonly string[];
  /** Up to two slots ([0, 500) and [500, 1000)): an experiment setting a parameter (or none), or a nested domain. */
  readonly slots: readonly (string | null | TreeDomain)[];
}

/** Random domain trees: layers own subsets of their parent layer's parameters, slots hold experiments or domains. */
const tree = fc.letrec<{ domain: TreeDomain; layer: TreeLayer; slot: string | null | TreeDomain }>((tie) => ({
  domain: fc.record({ layers: fc.array(tie("layer"), { maxLength: 3 }) }),
  layer: fc.record({
    launch: fc.boolean(),
    params: fc.subarray([...PARAMS]),
    slots: fc.array(tie("slot"), { maxLength: 2 }),
  }),
  slot: fc.oneof({ depthSize: "small", withCrossShrink: true }, fc.constantFrom(null, ...PARAMS), tie("domain")),
})).domain;

/** The tree as a config; parameters outside the parent layer's are dropped so that most trees are close to valid. */
function toConfig(root: TreeDomain): StrataConfig {
  let next = 0;
  const domain = (node: TreeDomain, allowed: readonly string[]): unknown => ({
    id: `d${next++}`,
    layers: node.layers.map((layer) => {
      const id = `l${next++}`;
      const params = layer.params.filter((name) => allowed.includes(name));
      return {
        id,
        ...(layer.launch ? { launch: true } : {}),
        params,
        slots: layer.slots.map((slot, index) => {
          const ranges = [[index * 500, index * 500 + 500]];
          if (slot !== null && typeof slot === "object") return { ranges, domain: domain(slot, params) };
          const sets = slot !== null && params.includes(slot) ? { params: { [slot]: 1 } } : {};
          return {
            ranges,
            experiment: {
              id: `e${next++}`,
              status: "running",
              groups: [{ id: "control" }, { id: "t", ...sets }],
              segmenter: { type: "percentage", groups: [{ id: "control", weight: 50 }, { id: "t", weight: "rest" }] },
            },
          };
        }),
      };
    }),
  });
  return { version: 1, units: ["userId"], params: { p: 0, q: 0 }, domain: domain(root, PARAMS) } as unknown as StrataConfig;
}

/** Each normal layer with its path from the root: domain, layer, domain, layer… ending with the layer itself. */
function normalLayerPaths(config: StrataConfig): { params: readonly string[]; path: readonly object[] }[] {
  const found: { params: readonly string[]; path: readonly object[] }[] = [];
  walkConfig(config, {
    layer: (visit) => {
      if (visit.layer.launch === true) return;
      const path: object[] = [];
      for (let layer: typeof visit | undefined = visit; layer !== undefined; layer = layer.domain.slot?.layer) path.unshift(layer.domain.domain, layer.layer);
      found.push({ params: visit.layer.params, path });
    },
  });
  return found;
}

/**
 * True when one unit can be in both layers: their paths first part at two different layers of one
 * domain (a unit reaches every layer of a domain), not at two slots of one layer (a unit is in one
 * slot) and not because one layer's slot holds the other's domain (a unit there is in no experiment of it).
 */
function reachedTogether(a: readonly object[], b: readonly object[]): boolean {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i % 2 === 1;
  return false;
}

describe("parameter ownership along paths", () => {
  it("a valid config never lets a unit reach two normal layers owning one parameter", () => {
    fc.assert(
      fc.property(tree, (root) => {
        const config = toConfig(root);
        if (!validate(config).ok) return;
        const layers = normalLayerPaths(config);
        for (const [i, a] of layers.entries()) {
          for (const b of layers.slice(i + 1)) {
            const shared = a.params.filter((name) => b.params.includes(name));
            expect(shared.length > 0 && reachedTogether(a.path, b.path), `both own ${shared.join(", ")}`).toBe(false);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
