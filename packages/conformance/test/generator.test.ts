import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { generateHashVectors, renderHashVectors } from "../scripts/generate.mjs";
import { vectorsText } from "./support/vector-file.ts";

describe("scripts/generate.mjs", () => {
  it("regenerates the committed vector file byte for byte (stale vectors fail here)", () => {
    expect(renderHashVectors(generateHashVectors()) === vectorsText, "vectors/hash-vectors.json is stale: run node scripts/generate.mjs").toBe(true);
  });

  it("is deterministic", () => {
    expect(renderHashVectors(generateHashVectors())).toBe(renderHashVectors(generateHashVectors()));
  });

  it("shares no code with the implementation it checks", async () => {
    const scriptsDir = new URL("../scripts/", import.meta.url);
    // The hash generator and its helpers are the .mjs files; the decision generator (.ts) asks the engine on purpose.
    const files = (await readdir(scriptsDir)).filter((file) => file.endsWith(".mjs"));
    expect(files).toContain("generate.mjs");
    for (const file of files) {
      const source = await readFile(new URL(file, scriptsDir), "utf8");
      expect(source, file).not.toMatch(/from\s+["'](?:@strata\/hash|murmurhash3js-revisited|@noble\/hashes)|\.\.\/\.\.\/hash\//);
    }
  });

  it("writes lone surrogates as escapes, so the file is valid UTF-8 and parses to the same strings everywhere", () => {
    const bytes = new TextEncoder().encode(vectorsText);
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).not.toThrow();
    expect(vectorsText).not.toMatch(/[\uD800-\uDFFF]/u);
    expect(vectorsText).toContain("\\ud800");
    const parsed = JSON.parse(vectorsText) as { cases: { utf8: { input: { text: string } }[] } };
    expect(parsed.cases.utf8.some((c) => c.input.text === "\uD800")).toBe(true);
  });
});
