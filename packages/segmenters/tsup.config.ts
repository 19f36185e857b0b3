import { strataPackage } from "../../tsup.preset.ts";

// The testing entry imports the main entry by name (one copy of each class) and vitest, which the user's project provides.
export default strataPackage(["src/index.ts", "src/testing/index.ts"], { external: ["@strata/segmenters", "vitest"] });
