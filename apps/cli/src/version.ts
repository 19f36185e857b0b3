/**
 * The CLI's version, read from its package.json at build time.
 * @module
 */
import packageJson from "../package.json" with { type: "json" };

/** The version of the `@strata/cli` package, e.g. `0.1.0`. */
export const VERSION: string = packageJson.version;
