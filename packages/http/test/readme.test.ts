import { execFile, execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { OverrideVerifier } from "../src/index.ts";
import { codeBlocks, exampleFolder, repoRoot } from "./support/readme-example.ts";
import { typeErrors } from "./support/type-check.ts";

const packageDir = join(import.meta.dirname, "..");
const [example, , mint] = codeBlocks(join(packageDir, "README.md"), "ts");
const [exampleOutput] = codeBlocks(join(packageDir, "README.md"), "text");
const SECRET = "readme-secret-0123456789abcdefghijkl";
const shellRecipe = codeBlocks(join(packageDir, "README.md"), "sh").find((block) => block.includes("openssl"));
const hasTools = (() => {
  try {
    execFileSync("bash", ["-c", "command -v openssl && command -v basenc"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** Runs a file with tsx (workspace packages resolved to their sources) and resolves with its output. */
function tsx(dir: string, file: string, env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(join(repoRoot, "node_modules/.bin/tsx"), ["--conditions=@strata/source", file], { cwd: dir, env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${file}: ${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

describe("the README's examples, run as written", () => {
  const dir = exampleFolder(packageDir, { "example.ts": example as string, "mint.ts": mint as string });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("quick start: prints what the README says it prints, in that order, on every run", async () => {
    const cookieId = /strata_id=[0-9a-f]{32}/g;
    const expected = (exampleOutput as string).replace(cookieId, "strata_id=<id>");
    for (let run = 0; run < 3; run++) {
      const output = await tsx(dir, "example.ts");
      expect(output).toMatch(/^cookie: strata_id=[0-9a-f]{32}$/m);
      expect(output.replace(cookieId, "strata_id=<id>")).toBe(expected);
    }
  }, 120_000);

  it("quick start: type-checks as written (strict, module nodenext)", () => {
    expect(typeErrors(join(dir, "example.ts"))).toEqual([]);
  }, 60_000);

  it("mint.ts makes a link whose token the server honours", async () => {
    const output = await tsx(dir, "mint.ts", { STRATA_QA_SECRET: SECRET });
    const link = new URL(output.trim());
    const status = await new OverrideVerifier({ secret: SECRET }).read({ url: link.href, headers: new Headers(), secure: true }, Date.now());
    expect(status).toMatchObject({ state: "valid", forced: { "button-color": "green" } });
  }, 60_000);

  it.skipIf(!hasTools)("the openssl recipe makes a link whose token the server honours", async () => {
    const script = (shellRecipe as string).replace(/^SECRET=.*$/m, `SECRET='${SECRET}'`);
    const link = new URL(execFileSync("bash", ["-c", script], { encoding: "utf8" }).trim());
    const status = await new OverrideVerifier({ secret: SECRET }).read({ url: link.href, headers: new Headers(), secure: true }, Date.now());
    expect(status).toMatchObject({ state: "valid", forced: { "button-color": "green" } });
  });
});
