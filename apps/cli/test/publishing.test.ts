/**
 * The CLI as it is published: the package name (`strata` on npm is another project), the binary,
 * the changesets and README that name the package, and dependencies that match what the bundle imports.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, CLI_ROOT, describeCli, REPO_ROOT } from "./support/cli.ts";

/** The parts of apps/cli/package.json these tests read. */
interface Manifest {
  readonly name: string;
  readonly bin?: Readonly<Record<string, string>>;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
}

const readJson = (file: string): Manifest => JSON.parse(readFileSync(file, "utf8")) as Manifest;
const pkg = readJson(join(CLI_ROOT, "package.json"));

/** The package a bare specifier names: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return (specifier.startsWith("@") ? parts.slice(0, 2) : parts.slice(0, 1)).join("/");
}

/** True for Node's own modules (`fs`, `node:fs`, `fs/promises`). */
function isBuiltin(specifier: string): boolean {
  return specifier.startsWith("node:") || builtinModules.includes(specifier);
}

/** The workspace's packages by name, from the folders pnpm-workspace.yaml lists. */
function workspacePackages(): Map<string, Manifest> {
  const globs = [...readFileSync(join(REPO_ROOT, "pnpm-workspace.yaml"), "utf8").split(/^\S.*$/m)[1]!.matchAll(/^\s+-\s+(\S+)\s*$/gm)].map((match) => match[1]!);
  const folders = globs.flatMap((glob) =>
    glob.endsWith("/*")
      ? readdirSync(join(REPO_ROOT, glob.slice(0, -2)), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => join(REPO_ROOT, glob.slice(0, -2), entry.name))
      : [join(REPO_ROOT, glob)],
  );
  const manifests = folders.filter((folder) => existsSync(join(folder, "package.json"))).map((folder) => readJson(join(folder, "package.json")));
  return new Map(manifests.map((manifest) => [manifest.name, manifest]));
}

/** The packages each pending changeset releases, by file name. */
function pendingChangesets(): Map<string, string[]> {
  const changesetDir = join(REPO_ROOT, ".changeset");
  const files = readdirSync(changesetDir).filter((name) => name.endsWith(".md") && name !== "README.md");
  return new Map(
    files.map((file) => {
      const frontmatter = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(changesetDir, file), "utf8"))?.[1] ?? "";
      return [file, [...frontmatter.matchAll(/^\s*["']?([^"':]+)["']?\s*:/gm)].map((match) => match[1]!)];
    }),
  );
}

/** The workspace packages bundled into dist/cli.js: its @strata devDependencies and everything of the workspace they depend on. */
function bundledWorkspacePackages(workspace: Map<string, Manifest>): Set<string> {
  const bundled = new Set<string>();
  const pending = Object.keys(pkg.devDependencies ?? {}).filter((name) => workspace.has(name));
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (bundled.has(name)) continue;
    bundled.add(name);
    pending.push(...Object.keys(workspace.get(name)?.dependencies ?? {}).filter((dependency) => workspace.has(dependency)));
  }
  return bundled;
}

describe("the published package", () => {
  it("is @strata/cli and installs the binary strata", () => {
    expect(pkg.name).toBe("@strata/cli");
    expect(pkg.bin).toEqual({ strata: "./dist/cli.js" });
  });

  it("every pending changeset names packages of this workspace (the CLI as @strata/cli)", () => {
    const names = new Set(workspacePackages().keys());
    expect(names).toContain(pkg.name);
    for (const [file, released] of pendingChangesets()) for (const name of released) expect(names, `.changeset/${file} names "${name}"`).toContain(name);
  });

  it("a pending release of a package the CLI bundles releases the CLI too", () => {
    // Changesets bumps dependents, not packages that hold a dependency as a devDependency, so the
    // CLI's bundled copy of a fixed package ships only if a changeset names @strata/cli as well.
    const bundled = bundledWorkspacePackages(workspacePackages());
    expect(bundled).toContain("@strata/config");
    const released = new Set([...pendingChangesets().values()].flat());
    const releasedBundled = [...released].filter((name) => bundled.has(name));
    if (releasedBundled.length > 0) {
      expect(released, `the pending changesets release ${releasedBundled.join(", ")}, which dist/cli.js bundles: add "${pkg.name}": patch to one of them`).toContain(pkg.name);
    }
  });

  it("the README installs the package before `npx strata`, and names it for a one-off run", () => {
    const readme = readFileSync(join(CLI_ROOT, "README.md"), "utf8");
    expect(readme).toContain(`npm i -D ${pkg.name}\nnpx strata `);
    expect(readme).toContain(`npx -p ${pkg.name} strata validate`);
  });

  it("declares every package its sources import (bundled ones as devDependencies)", () => {
    const declared = { ...pkg.dependencies, ...pkg.devDependencies };
    const sources = readdirSync(join(CLI_ROOT, "src"), { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts"));
    const imported = new Set(
      sources.flatMap((file) => [...readFileSync(join(CLI_ROOT, "src", file), "utf8").matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+"([^".][^"]*)"/gm)].map((match) => match[1]!)),
    );
    const packages = [...imported].filter((specifier) => !isBuiltin(specifier)).map(packageOf);
    expect(packages.length).toBeGreaterThan(0);
    for (const name of packages) expect(Object.keys(declared), `src imports ${name}`).toContain(name);
  });
});

describeCli("the built binary's dependencies", () => {
  it("are exactly what dist/cli.js leaves external: the bundled @strata packages are not installed for users", () => {
    const bundle = readFileSync(BIN, "utf8");
    const statements = /^(?:import|export)\b[^;]*?\bfrom\s*['"]([^'"]+)['"]|^import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\b__require\(\s*['"]([^'"]+)['"]\s*\)/gm;
    const specifiers = [...bundle.matchAll(statements)].map((match) => (match[1] ?? match[2] ?? match[3] ?? match[4])!);
    expect(specifiers.length, "the bundle's imports were found").toBeGreaterThan(0);
    const external = [...new Set(specifiers.filter((specifier) => !isBuiltin(specifier)).map(packageOf))].sort();
    expect(Object.keys(pkg.dependencies ?? {}).sort()).toEqual(external);
  });
});
