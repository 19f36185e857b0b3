/**
 * The README's store-outage example, run as written: each line ending in `// "value"` must give
 * that value.
 * @module
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { createEngine, MemoryAssignmentStore } from "../src/index.ts";

/** The README's ```ts blocks, in order. */
const blocks = [...readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);

/** The block, as a function body that returns each commented line's value and the value it promises. */
function checked(block: string): string {
  const lines = block
    .split("\n")
    .filter((line) => !line.startsWith("import "))
    .map((line) => line.replace(/ as const;$/, ";"))
    .map((line) => {
      const claim = /^(.*); \/\/ ("[^"]*")/.exec(line);
      return claim ? `results.push([${claim[1]}, ${claim[2]}]);` : line;
    });
  return `const results = [];\n${lines.join("\n")}\nreturn results;`;
}

it("the store-outage example gives what its comments say", () => {
  const block = blocks.find((b) => b.includes('"store-unavailable"'));
  expect(block).toBeDefined();
  const results = new Function("createEngine", checked(block as string))(createEngine) as Array<[unknown, unknown]>;
  expect(results).toHaveLength(2);
  for (const [got, promised] of results) expect(got).toBe(promised);
});

it("the loadByUnit example gives what its comments say", () => {
  const block = blocks.find((b) => b.includes("store.loadByUnit("));
  expect(block).toBeDefined();
  const body = (block as string)
    .split("\n")
    .filter((line) => !line.startsWith("import "))
    .map((line) => line.replace(/ as const;$/, ";"))
    .map((line) => {
      const claim = /^(.*); \/\/ (\{.*\})$/.exec(line);
      return claim ? `results.push([${claim[1]}, ${JSON.stringify(claim[2])}]);` : line;
    });
  const run = new Function("createEngine", "MemoryAssignmentStore", `const results = [];\n${body.join("\n")}\nreturn results;`);
  const results = run(createEngine, MemoryAssignmentStore) as Array<[unknown, string]>;
  expect(results).toHaveLength(2);
  for (const [got, promised] of results) expect({ ...(got as object) }).toEqual(JSON.parse(promised));
});
