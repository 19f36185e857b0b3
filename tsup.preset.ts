/** The shared tsup preset: every package builds ESM + .d.ts from its entries with this. */
import { defineConfig, type Options } from "tsup";

/** Build options for a Strata package; pass the entry points and any overrides. */
export function strataPackage(entry: Options["entry"] = ["src/index.ts"], overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ["esm"],
    target: "es2022",
    platform: "neutral",
    dts: true,
    sourcemap: true,
    clean: true,
    treeshake: true,
    splitting: false,
    ...overrides,
  });
}
