import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const packageDir = join(import.meta.dirname, "..");
const builtFiles = ["dist/index.js", "dist/index.cjs", "dist/index.d.ts", "dist/index.d.cts", "../http/dist/index.js", "../engine/dist/index.js"];
const missing = builtFiles.filter((file) => !existsSync(join(packageDir, file)));
// CI builds before testing (.ci/run), so there a missing build is a failure, not a skip.
const inCI = process.env.CI === "true";

/** Runs a smoke script with plain Node (no source condition: the built files, as users get them). */
function runSmoke(script: string): Promise<{ format: string; entry: string; cookie: string | null; color: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(packageDir, "test/support", script)], { cwd: packageDir, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${script} failed: ${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout.trim().split("\n").at(-1) as string));
    });
  });
}

describe("the built package, as users get it", () => {
  it.runIf(inCI)("is built in CI", () => {
    expect(missing, "run `pnpm build` first").toEqual([]);
  });

  describe.skipIf(missing.length > 0)("entry points", () => {
    it.each([
      ["CommonJS (require)", "dist-smoke.cjs", "cjs", /dist\/index\.cjs$/],
      ["ES module (import)", "dist-smoke.mjs", "esm", /dist\/index\.js$/],
    ])("%s serves a request through Express", async (_name, script, format, entry) => {
      const seen = await runSmoke(script);
      expect(seen.format).toBe(format);
      expect(seen.entry).toMatch(entry);
      expect(seen.cookie).toMatch(/^strata_id=[0-9a-f]{32}; Max-Age=31536000; Path=\/; HttpOnly; SameSite=Lax$/);
      expect(["blue", "green"]).toContain(seen.color);
    });
  });
});
