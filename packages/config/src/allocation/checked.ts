/**
 * The control plane's guard rails: it starts from a valid config and never hands back an
 * invalid one.
 * @module
 */
import type { SegmenterFactory } from "@strata/segmenters";
import { ConfigError } from "../config-error.ts";
import type { StrataConfig } from "../types.ts";
import { validate } from "../validate.ts";
import { AllocationError } from "./change.ts";

/** Options shared by `allocate`, `resize` and `release`. */
export interface ControlOptions {
  /** Third-party segmenters the config uses (as for `validate`). */
  readonly segmenters?: readonly SegmenterFactory<any>[];
}

/** The validated config, or a ConfigError listing why it is invalid. */
export function validInput(config: StrataConfig, options: ControlOptions): StrataConfig {
  const result = validate(config, options);
  if (!result.ok) throw new ConfigError(result.errors);
  return result.config!;
}

/** The validated new config, or a ConfigError listing what the change would break. */
export function validOutput(config: StrataConfig, options: ControlOptions): StrataConfig {
  const result = validate(config, options);
  if (!result.ok) throw new ConfigError(result.errors);
  return result.config!;
}

/** Checks a traffic percent: a number above 0 and at most 100. */
export function checkTraffic(traffic: unknown): number {
  if (typeof traffic !== "number" || !Number.isFinite(traffic) || traffic <= 0 || traffic > 100) {
    throw new AllocationError("invalid-request", `traffic must be a percent above 0 and at most 100 (got ${String(traffic)})`);
  }
  return traffic;
}
