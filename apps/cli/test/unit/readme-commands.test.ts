import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI_ROOT, REPO_ROOT } from "../support/cli.ts";

const READMES = [join(CLI_ROOT, "README.md"), join(REPO_ROOT, "README.md")];

/** The `packageManager` of the repository's package.json, e.g. `pnpm@10.34.8`. */
const PACKAGE_MANAGER = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { packageManager: string }).packageManager;

describe("the commands the READMEs give", () => {
  it("run the CLI through pnpm with -s, so pnpm's script banner stays off stdout (pipes such as | jq work)", () => {
    for (const readme of READMES) {
      const text = readFileSync(readme, "utf8");
      expect(text, readme).toContain("pnpm -s strata ");
      expect(text.match(/pnpm (?:run )?strata\b.*/g) ?? [], readme).toEqual([]);
    }
  });

  it("build the CLI with a command that works without a global pnpm: the pinned pnpm through npx", () => {
    expect(PACKAGE_MANAGER).toMatch(/^pnpm@\d+\.\d+\.\d+$/);
    const text = readFileSync(join(CLI_ROOT, "README.md"), "utf8");
    expect(text).toContain(`npx -y ${PACKAGE_MANAGER} exec turbo run build --filter=@strata/cli...`);
    expect(text).not.toMatch(/npx turbo\b/);
  });
});
