import { strataProject } from "../../vitest.shared.ts";

// Type tests (test/**/*.test-d.ts) run with every `vitest run`, checked by tsc with this package's tsconfig.
export default strataProject(import.meta.dirname, {
  typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
});
