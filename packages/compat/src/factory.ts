/**
 * The shape of every compat segmenter factory: a plain segmenter factory whose options schema
 * keeps its input type (so `testSegmenter` and config authors get typed options).
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { SegmenterFactory } from "@strata/segmenters";

/** A compat segmenter factory with typed options. */
export type CompatSegmenterFactory<Options> = SegmenterFactory<Options> & { readonly options: StandardSchemaV1<Options> };
