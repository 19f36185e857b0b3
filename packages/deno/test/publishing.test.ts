import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bin, packageDir } from "./support/runtime-process.ts";

const json = (file: string) => JSON.parse(readFileSync(join(packageDir, file), "utf8")) as Record<string, unknown> & { version: string };
const pkg = json("package.json") as ReturnType<typeof json> & { exports: { ".": Record<string, string> }; dependencies: Record<string, string> };
const deno = json("deno.json") as ReturnType<typeof json> & { imports: Record<string, string> };
const jsr = json("jsr.json");

/** The bare specifiers (packages) that the .ts/.js/.d.ts files directly in `dir` import, comments left out; none if `dir` is missing. */
function packagesImportedIn(dir: string): Set<string> {
  const imported = new Set<string>();
  if (!existsSync(join(packageDir, dir))) return imported;
  for (const file of readdirSync(join(packageDir, dir)).filter((name) => /\.(ts|js)$/.test(name))) {
    const code = readFileSync(join(packageDir, dir, file), "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    for (const match of code.matchAll(/\b(?:from\s+|import\s*\(\s*)["']([^"'.][^"']*)["']/g)) imported.add(match[1] as string);
  }
  return imported;
}

/** Runs the real Deno binary in this package and resolves with its exit code and output. */
function runDeno(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(bin("deno"), args, { cwd: packageDir, env: { ...process.env, NO_COLOR: "1" }, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

describe("publishing to npm and JSR", () => {
  it("deno.json, jsr.json and package.json agree on name, version, license and entry", () => {
    for (const manifest of [deno, jsr]) {
      expect(manifest.name).toBe(pkg.name);
      expect(manifest.version).toBe(pkg.version);
      expect(manifest.license).toBe(pkg.license);
      expect(manifest.exports).toBe(pkg.exports["."]["@strata/source"]);
    }
  });

  it("deno.json maps every package src imports to the npm version this release depends on", () => {
    const imported = packagesImportedIn("src");
    expect([...imported].sort()).toEqual(Object.keys(deno.imports).sort());
    for (const name of imported) {
      const version = (json(`node_modules/${name}/package.json`) as { version: string }).version;
      expect(deno.imports[name]).toBe(`npm:${name}@^${version}`);
      expect(pkg.dependencies[name]).toBeDefined();
    }
  });

  it("package.json depends on exactly the packages its published code imports (src, and the built dist and .d.ts when present)", () => {
    // A dependency nothing imports is installed by every user for nothing; one missing breaks them.
    const published = new Set([...packagesImportedIn("src"), ...packagesImportedIn("dist")]);
    expect(Object.keys(pkg.dependencies).sort()).toEqual([...published].sort());
  });

  it("type-checks with the real Deno (deno check)", async () => {
    const { code, output } = await runDeno(["check", "--no-lock", "--conditions=@strata/source", "src/index.ts", "test/support/serve-deno.ts"]);
    expect(code, output).toBe(0);
  }, 120_000);

  // The dry run type-checks against @strata/http as JSR users get it: its built types. CI builds
  // before testing (.ci/run), so there a missing build fails instead of skipping.
  const httpTypes = join(packageDir, "node_modules/@strata/http/dist/index.d.ts");
  it.skipIf(!existsSync(httpTypes) && process.env.CI !== "true")("passes deno publish --dry-run (JSR's checks, slow types included)", async () => {
    const { code, output } = await runDeno(["publish", "--dry-run", "--allow-dirty", "--no-lock"]);
    expect(code, `${output}\n(the dry run reads @strata/http's dist: run \`pnpm build\` if it is stale)`).toBe(0);
    expect(output).toContain("Dry run complete");
    expect(output).toContain("src/with-strata.ts");
  }, 120_000);
});
