/** The shared vitest project settings: sibling packages resolve to their TypeScript source. */
import { basename } from "node:path";
import { defineProject, type UserWorkspaceConfig } from "vitest/config";

const conditions = ["@strata/source", "module", "node", "import", "default"];

/** A vitest project for the package in `dir`, named after its folder. */
export function strataProject(dir: string, test: UserWorkspaceConfig["test"] = {}) {
  return defineProject({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: conditions } },
    // Generous timeouts: share tests run 100,000 decisions on a noisy 2-core machine.
    test: { name: basename(dir), root: dir, include: ["test/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000, ...test },
  });
}
