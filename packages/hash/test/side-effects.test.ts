import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import murmurhash3 from "murmurhash3js-revisited";
import { describe, expect, it } from "vitest";
import { hash32 } from "../src/index.ts";

const packageDir = join(import.meta.dirname, "..");
const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { sideEffects: unknown };
const builtEntry = join(packageDir, "dist/index.js");
// CI builds before testing (.ci/run), so there a missing build fails instead of skipping.
const canBundle = existsSync(builtEntry) || process.env.CI === "true";

/** The part of esbuild's API these tests use (esbuild is tsup's, so the one the packages are built with). */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }>;
}
const esbuild = createRequire(createRequire(import.meta.url).resolve("tsup"))("esbuild") as Esbuild;

/** Bundles `code` (resolved from this package's folder) as an app's bundler would, honouring `sideEffects`. */
async function bundle(code: string): Promise<string> {
  const result = await esbuild.build({
    stdin: { contents: code, resolveDir: packageDir, loader: "js" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    logLevel: "silent",
  });
  return (result.outputFiles[0] as { text: string }).text;
}

const switchOff = /\.inputValidation = false;/;

describe("the one side effect: murmurhash3js-revisited's input validation is switched off", () => {
  it("importing @strata/hash turns it off for every user of that copy of the library (as the README says)", () => {
    expect(hash32("user-42", "button-color")).toBeTypeOf("number");
    expect(murmurhash3.inputValidation).toBe(false);
    // What other code in the app then sees: a hash for bytes that are not bytes, instead of undefined.
    expect(murmurhash3.x86.hash32([300, 1, 2, 3])).toBeTypeOf("number");
  });

  it("package.json declares it: the built entry that sets the switch, and its source file", () => {
    expect(manifest.sideEffects).toEqual(["./dist/index.js", "./src/murmur3.ts"]);
  });

  it.runIf(canBundle)("a bundler keeps the switch when the app only imports the package", async () => {
    expect(await bundle(`import "./dist/index.js";`)).toMatch(switchOff);
  });

  it.runIf(canBundle)("a bundler keeps the switch when the app uses the hash functions", async () => {
    expect(await bundle(`import { bucket } from "./dist/index.js"; console.log(bucket("u", "s", 10));`)).toMatch(switchOff);
  });
});
