/**
 * `defineSegmenter`: declares a segmenter factory and infers its options type from the schema.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { Segmenter, SegmenterContext, SegmenterFactory } from "./contract.ts";

/** A factory declared with `defineSegmenter`: its options are the schema's output, and the schema keeps its input type. */
export interface DefinedSegmenter<Schema extends StandardSchemaV1> extends SegmenterFactory<StandardSchemaV1.InferOutput<Schema>> {
  /** The options schema as given, so tools can read its input type. */
  readonly options: Schema;
}

/** What `defineSegmenter` takes: the factory with `create`'s options typed from `options`. */
export interface SegmenterDefinition<Schema extends StandardSchemaV1> {
  /** The name used in the config's `"segmenter": { "type": ... }`, such as "by-country". */
  readonly type: string;
  /** A Standard Schema for the options (zod, valibot, arktype or hand-written). */
  readonly options: Schema;
  /** Verifies the validated options and returns the segmenter. */
  create(options: StandardSchemaV1.InferOutput<Schema>, ctx: SegmenterContext): Segmenter;
}

const TYPE_NAME = /^[a-z0-9][a-z0-9._/:-]*$/i;

/** Declares a segmenter factory: checks its shape and infers `create`'s options from the schema. */
export function defineSegmenter<Schema extends StandardSchemaV1>(definition: SegmenterDefinition<Schema>): DefinedSegmenter<Schema> {
  const { type, options, create } = definition ?? {};
  if (typeof type !== "string" || !TYPE_NAME.test(type)) {
    throw new TypeError(`defineSegmenter: type must be a name such as "by-country" (letters, digits, ".", "_", "/", ":", "-"; got ${JSON.stringify(type)})`);
  }
  const standard = (options as Partial<StandardSchemaV1> | undefined)?.["~standard"];
  if (standard?.version !== 1 || typeof standard.validate !== "function") {
    throw new TypeError(`defineSegmenter("${type}"): options must be a Standard Schema v1 (a zod, valibot or arktype schema, or an object with "~standard")`);
  }
  if (typeof create !== "function") {
    throw new TypeError(`defineSegmenter("${type}"): create must be a function (options, ctx) => segmenter`);
  }
  return definition;
}
