/** Fixtures shared by the tests: the shop example and small configs built from it. */
import { readFileSync } from "node:fs";
import type { ExperimentConfig, StrataConfig } from "../src/types.ts";

const shopText = readFileSync(new URL("../examples/shop.json", import.meta.url), "utf8");

/** A fresh, mutable copy of examples/shop.json. */
export function shop(): any {
  return JSON.parse(shopText);
}

/** A small valid config: one root layer "main" owning `color` and `size`, with the given experiments in slots. */
export function small(slots: { ranges: [number, number][]; experiment?: Partial<ExperimentConfig> & { id: string } }[] = [], extra: Partial<StrataConfig> = {}): any {
  return {
    version: 1,
    units: ["userId", "cookieId"],
    params: { color: "blue", size: "m" },
    domain: {
      id: "root",
      layers: [
        {
          id: "main",
          params: ["color", "size"],
          slots: slots.map(({ ranges, experiment }) => ({ ranges, experiment: experiment === undefined ? undefined : exp(experiment) })),
        },
      ],
    },
    ...extra,
  };
}

/** A valid experiment with a control and a treatment setting `color`. */
export function exp(overrides: Partial<ExperimentConfig> & { id: string }): ExperimentConfig {
  return {
    status: "running",
    groups: [{ id: "control" }, { id: "treatment", params: { color: "green" } }],
    segmenter: { type: "percentage", groups: [{ id: "control", weight: 50 }, { id: "treatment", weight: "rest" }] },
    ...overrides,
  } as ExperimentConfig;
}

/** Sets (or, with `undefined`, removes) the value at a JSON Pointer of `pointers`; a missing parent is ignored. */
export function setAt(document: any, pointer: string, value: unknown): void {
  const tokens = pointer.slice(1).split("/").map((t) => t.replaceAll("~1", "/").replaceAll("~0", "~"));
  let node = document;
  for (const token of tokens.slice(0, -1)) {
    if (typeof node !== "object" || node === null) return;
    node = node[token];
  }
  if (typeof node !== "object" || node === null) return;
  const last = tokens[tokens.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
}

/** Every JSON Pointer in a document, root included. */
export function pointers(value: unknown, at = ""): string[] {
  const out = [at];
  if (Array.isArray(value)) value.forEach((item, index) => out.push(...pointers(item, `${at}/${index}`)));
  else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) out.push(...pointers(item, `${at}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`));
  }
  return out;
}

/** The codes of a list of problems. */
export function codes(problems: readonly { code: string }[]): string[] {
  return problems.map((problem) => problem.code);
}
