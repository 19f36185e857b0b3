/**
 * The shape of every compat segmenter factory: a plain segmenter factory whose options schema
 * keeps its input type (so `testSegmenter` and config authors get typed options), and the
 * settings every compat options schema is built with.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { CheckedOptionsSchemaSettings, SegmenterFactory } from "@strata/segmenters";

/** A compat segmenter factory with typed options. */
export type CompatSegmenterFactory<Options> = SegmenterFactory<Options> & { readonly options: StandardSchemaV1<Options> };

/** How every compat segmenter builds its options schema: vendor "strata-compat", short arrays shown as JSON in messages. */
export const COMPAT_SCHEMA_SETTINGS: CheckedOptionsSchemaSettings = { vendor: "strata-compat", listShortArrays: true };
