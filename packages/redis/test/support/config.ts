/**
 * The experiment config of the Redis tests: a sticky percentage experiment (`color-test`) and a
 * feedback bandit (`headline-bandit`, sticky by nature) in two layers over `userId`.
 * @module
 */

/** The `colors` layer: the sticky percentage experiment `color-test` over the groups of `weights` (percent by group id), each setting `color` to its id. */
function colorLayer(weights: Record<string, number>) {
  return {
    id: "colors",
    params: ["color"],
    slots: [
      {
        ranges: [[0, 1000]],
        experiment: {
          id: "color-test",
          status: "running",
          sticky: true,
          groups: Object.keys(weights).map((id) => ({ id, params: { color: id } })),
          segmenter: { type: "percentage", groups: Object.entries(weights).map(([id, weight]) => ({ id, weight })) },
        },
      },
    ],
  };
}

/** The config with `color-test`'s weights (percent by group id). */
export function testConfig(weights: { red: number; blue: number } = { red: 50, blue: 50 }) {
  return {
    version: 1,
    units: ["userId"],
    params: { color: "grey", headline: "h0" },
    domain: {
      id: "root",
      layers: [
        colorLayer({ red: weights.red, blue: weights.blue }),
        {
          id: "headlines",
          params: ["headline"],
          slots: [
            {
              ranges: [[0, 1000]],
              experiment: {
                id: "headline-bandit",
                status: "running",
                groups: [
                  { id: "h1", params: { headline: "h1" } },
                  { id: "h2", params: { headline: "h2" } },
                ],
                segmenter: { type: "feedback", groups: [{ id: "h1" }, { id: "h2" }] },
              },
            },
          ],
        },
      ],
    },
  };
}

/** `n` user ids with a prefix. */
export function userIds(n: number, prefix = "user-"): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}

/** A one-layer config with the sticky percentage experiment `color-test` over any groups (percent by group id), so groups can be retired. */
export function stickyColorConfig(weights: Record<string, number>) {
  return { version: 1, units: ["userId"], params: { color: "grey" }, domain: { id: "root", layers: [colorLayer(weights)] } };
}
