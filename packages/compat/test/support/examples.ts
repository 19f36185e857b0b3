/** The sample source documents and their imported configs (golden files), under examples/. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL("../../examples/", import.meta.url));

/** A parsed JSON file of examples/. */
export function example(name: string): any {
  return JSON.parse(readFileSync(dir + name, "utf8"));
}

/** The golden file's content; with UPDATE_EXAMPLES=1 (or when missing) it is (re)written from `actual` first. */
export function golden(name: string, actual: unknown): unknown {
  if (process.env.UPDATE_EXAMPLES === "1" || !existsSync(dir + name)) writeFileSync(dir + name, `${JSON.stringify(actual, null, 2)}\n`);
  return example(name);
}
