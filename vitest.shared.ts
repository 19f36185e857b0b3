/** The shared vitest project settings: sibling packages resolve to their TypeScript source. */
import { basename } from "node:path";
import { defineProject, type UserWorkspaceConfig } from "vitest/config";

const conditions = ["@strata/source", "module", "node", "import", "default"];
const nodeConditions = ["@strata/source", "node"];

/** A vitest project for the package in `dir`, named after its folder. */
export function strataProject(dir: string, test: UserWorkspaceConfig["test"] = {}) {
  return defineProject({
    resolve: { conditions },
    // Vitest hands the SSR conditions to Node as --conditions: "import" or "module" there would make
    // require() load ESM builds of CommonJS dependencies (Express 5's router then breaks), so only ours.
    ssr: { resolve: { conditions: nodeConditions, externalConditions: nodeConditions } },
    // Generous timeouts: share tests run 100,000 decisions on a noisy 2-core machine.
    test: { name: basename(dir), root: dir, include: ["test/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000, ...test },
  });
}
