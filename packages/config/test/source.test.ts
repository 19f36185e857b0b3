import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { LIMITS } from "../src/index.ts";

const root = new URL("..", import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const sources = files(join(root, "src")).map((path) => ({ path: relative(root, path), text: readFileSync(path, "utf8") }));

describe("the package source", () => {
  it.each(sources.map((s) => [s.path, s.text]))("%s is runtime-neutral and evaluates no code", (_path, text) => {
    expect(text).not.toMatch(/from\s+["']node:/);
    expect(text).not.toMatch(/\bBuffer\b/);
    expect(text).not.toMatch(/\bprocess\./);
    expect(text).not.toMatch(/\beval\s*\(/);
    expect(text).not.toMatch(/new\s+Function\b/);
    expect(text).not.toMatch(/https?:\/\//);
  });

  it.each(sources.map((s) => [s.path, s.text]))("%s has a @module header and documents every export", (_path, text) => {
    expect(text.startsWith("/**")).toBe(true);
    expect(text.slice(0, text.indexOf("*/"))).toContain("@module");
    const lines = text.split("\n");
    lines.forEach((line, index) => {
      if (!/^export (const|function|class|interface|async function|type [A-Za-z])/.test(line)) return;
      let previous = index - 1;
      while (previous >= 0 && lines[previous]!.trim() === "") previous--;
      expect(lines[previous]!.trim(), `${_path}:${index + 1} ${line}`).toMatch(/\*\/$/);
    });
  });

  it("imports relative files with explicit .ts extensions", () => {
    for (const { path, text } of sources) {
      for (const match of text.matchAll(/from\s+["'](\.[^"']*)["']/g)) expect(match[1], path).toMatch(/\.ts$/);
    }
  });

  it("documents every limit in the README", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    for (const [name, value] of Object.entries(LIMITS)) {
      expect(readme, name).toContain(`\`${name}\``);
      expect(readme, name).toContain(value.toLocaleString("en-US"));
    }
  });
});
