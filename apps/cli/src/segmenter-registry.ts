/**
 * The segmenters the CLI knows besides the built-ins: the compat segmenters of @strata/compat,
 * so configs written by `strata import` validate, lint, assign and simulate.
 * @module
 */
import { compatSegmenters } from "@strata/compat";
import type { SegmenterFactory } from "@strata/segmenters";

/** Third-party segmenters registered with every validation and engine the CLI builds. */
export const EXTRA_SEGMENTERS: readonly SegmenterFactory[] = compatSegmenters;
