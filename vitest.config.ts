import { defineConfig } from "vitest/config";

// One vitest run over every workspace package: each folder with a vitest.config.ts is a project.
export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.ts", "apps/*/vitest.config.ts", "bench/vitest.config.ts"],
  },
});
