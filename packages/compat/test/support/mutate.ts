/** Random damage to a JSON document for fuzzing importers: values replaced by nulls, numbers, strings of the wrong kind… at random paths. */
import fc from "fast-check";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What a mutation puts at its path (`undefined`: the entry is deleted). */
const replacements: fc.Arbitrary<Json | undefined> = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.integer({ min: -5, max: 20_000 }),
  fc.constantFrom(0.5, -0.2, 1.2, 10_000.5, 1e21),
  fc.constantFrom(true, false),
  fc.constantFrom("", "x", "and", "or", "not", "Running", "random", "fr", "10000", "__proto__", "constructor"),
  fc.constantFrom<Json>([], {}, [null], [1, 2], { key: 5 }, ["and"], [{}], { id: 7, key: 8 }, [[0, 1]], [1.2, -0.2]),
  // Beyond Strata's limits: a string over 4,096 characters, values nested 70 deep.
  fc.constantFrom<Json>("x".repeat(4097), nested(70), [nested(70)]),
);

/** A value nested `levels` objects deep. */
function nested(levels: number): Json {
  let value: Json = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

/** A mutation: which path (an index into the document's paths, modulo their count) gets which value. */
export const mutations = fc.array(fc.record({ at: fc.nat(), value: replacements }), { minLength: 1, maxLength: 6 });

/** Every path of `document` (lists of keys and indices), the root excluded. */
function pathsOf(document: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(document)) document.forEach((item, i) => (out.push([...prefix, i]), pathsOf(item, [...prefix, i], out)));
  else if (document !== null && typeof document === "object") for (const [key, item] of Object.entries(document)) out.push([...prefix, key]), pathsOf(item, [...prefix, key], out);
  return out;
}

/** A copy of `document` with each mutation applied in turn (paths are recomputed after each). */
export function mutate(document: unknown, list: readonly { at: number; value: Json | undefined }[]): unknown {
  let copy = structuredClone(document) as Json;
  for (const { at, value } of list) {
    const paths = pathsOf(copy);
    if (paths.length === 0) break;
    const path = paths[at % paths.length]!;
    let parent = copy as Record<string | number, Json>;
    for (const token of path.slice(0, -1)) parent = parent[token] as Record<string | number, Json>;
    const last = path[path.length - 1]!;
    if (value === undefined) {
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
    } else parent[last] = structuredClone(value);
  }
  return copy;
}
