/**
 * An engine, and validation, over a config with the compat segmenters registered under their
 * `compat:<platform>` type names.
 */
import { validate, type StrataConfig } from "@strata/config";
import { createEngine, type Engine } from "@strata/engine";
import { compatSegmenters } from "../../src/index.ts";

/** `validate` with the compat segmenters registered. */
export function validateImported(config: StrataConfig) {
  return validate(config, { segmenters: compatSegmenters });
}

/** An engine over the config with the compat segmenters registered. */
export function engineFor(config: StrataConfig): Engine {
  return createEngine(config, { segmenters: compatSegmenters });
}
