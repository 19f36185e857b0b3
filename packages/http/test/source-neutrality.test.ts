import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";

describe("src/ is runtime-neutral", () => {
  it("uses no node:* module, Buffer or process, so Deno, Bun and Workers run it as it is", async () => {
    const srcDir = new URL("../src/", import.meta.url);
    const files = (await readdir(srcDir)).filter((file) => file.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const code = (await readFile(new URL(file, srcDir), "utf8")).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      expect(code, file).not.toMatch(/from\s+["']node:|\bBuffer\b|\bprocess\.|\brequire\(/);
    }
  });
});
