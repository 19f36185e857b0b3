/**
 * Checks a workspace package as it is published: the package.json pnpm packs (with the
 * `publishConfig` overrides applied), the files it ships, its LICENSE and its README's links.
 */
/// <reference types="node" />
import { existsSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { describe, expect, it } from "vitest";

/** The repository root. */
const repoRoot = join(import.meta.dirname, "..", "..", "..", "..");

/** The export condition that resolves workspace packages to their TypeScript sources, in this repository only. */
const SOURCE_CONDITION = "@strata/source";

/** The `publishConfig` fields pnpm writes over the top-level ones when it packs or publishes. */
const OVERRIDDEN_AT_PACK = ["exports", "main", "module", "types", "typings", "bin"] as const;

/** The parts of a package.json these checks read. */
interface Manifest {
  readonly name: string;
  readonly files?: readonly string[];
  readonly exports?: unknown;
  readonly publishConfig?: Readonly<Record<string, unknown>>;
  readonly [field: string]: unknown;
}

/** `exports` (or any part of it) without the source condition. */
function withoutSourceCondition(exports: unknown): unknown {
  if (typeof exports !== "object" || exports === null) return exports;
  return Object.fromEntries(Object.entries(exports).filter(([key]) => key !== SOURCE_CONDITION).map(([key, value]) => [key, withoutSourceCondition(value)]));
}

/** The package.json as pnpm packs it: `publishConfig`'s entry-point fields replace the top-level ones. */
function packedManifest(manifest: Manifest): Manifest {
  const overrides = Object.entries(manifest.publishConfig ?? {}).filter(([field]) => (OVERRIDDEN_AT_PACK as readonly string[]).includes(field));
  return { ...manifest, ...Object.fromEntries(overrides) };
}

/** Every file path (`./dist/index.js`) that an `exports` map or entry field points at. */
function targets(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (typeof value !== "object" || value === null) return [];
  return Object.values(value).flatMap(targets);
}

/** True when the package-relative `path` is packed: always-packed files, or under an entry of `files`. */
function ships(manifest: Manifest, path: string): boolean {
  const relative = posix.normalize(path).replace(/^\.\//, "");
  if (["package.json", "README.md", "LICENSE"].includes(relative)) return true;
  return (manifest.files ?? []).some((entry) => relative === entry || relative.startsWith(`${entry.replace(/\/$/, "")}/`));
}

/** The relative link targets (no URL, no bare `#anchor`) of a Markdown file, without their anchors. */
function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => (match[1] as string).split("#")[0] as string)
    .filter((target) => target !== "" && !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/**
 * Registers the checks for the package in `packageDir`: what users install has no
 * `@strata/source` condition and no `src/`, every entry point ships, the LICENSE ships and is
 * the repository's, and the README links only to files in the package.
 */
export function describePublishedPackage(packageDir: string): void {
  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as Manifest;
  const packed = packedManifest(manifest);

  describe(`${manifest.name} as published`, () => {
    it(`its packed package.json has no ${SOURCE_CONDITION} condition (publishConfig.exports = exports without it)`, () => {
      expect(manifest.publishConfig?.exports, "publishConfig.exports").toEqual(withoutSourceCondition(manifest.exports));
      for (const field of OVERRIDDEN_AT_PACK) expect(JSON.stringify(packed[field] ?? null), field).not.toContain(SOURCE_CONDITION);
    });

    it("ships no src/ (the source maps carry the sources)", () => {
      expect(manifest.files).toBeDefined();
      expect(manifest.files).not.toContain("src");
    });

    it("ships every file its packed package.json points at", () => {
      const entryPoints = OVERRIDDEN_AT_PACK.flatMap((field) => targets(packed[field]));
      expect(entryPoints.length).toBeGreaterThan(0);
      for (const path of entryPoints) expect(ships(manifest, path), `${path} is not under "files"`).toBe(true);
    });

    it("ships the repository's LICENSE", () => {
      expect(manifest.files).toContain("LICENSE");
      expect(existsSync(join(packageDir, "LICENSE")), "LICENSE is missing: copy the repository's").toBe(true);
      expect(readFileSync(join(packageDir, "LICENSE"), "utf8")).toBe(readFileSync(join(repoRoot, "LICENSE"), "utf8"));
      expect(manifest.license).toBe("MIT");
    });

    it("its README links only to files that ship (a reader on npm has nothing else)", () => {
      const links = relativeLinks(readFileSync(join(packageDir, "README.md"), "utf8"));
      for (const link of links) {
        expect(ships(manifest, link) && existsSync(join(packageDir, link)), `README.md links to ${link}, which is not in the package`).toBe(true);
      }
    });
  });
}
